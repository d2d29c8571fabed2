import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { DETAIL_TYPES, SOURCES } from '../../packages/events/src/index.ts';

// Packages every stage the way CI and a deploy do (`pnpm package --stage X`, no AWS account)
// and reads the CloudFormation that would be deployed.
const root = resolve(import.meta.dirname, '../..');
const STAGES = ['dev', 'staging', 'prod'] as const;
const SERVICES = ['content', 'search', 'image-processing'] as const;
type Stage = (typeof STAGES)[number];
type Service = (typeof SERVICES)[number];

interface Resource {
  Type: string;
  // biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON is untyped; the assertions are the checks.
  Properties: Record<string, any>;
  DependsOn?: string[];
  Condition?: string;
  Metadata?: Record<string, unknown>;
}
interface Template {
  Conditions?: Record<string, unknown>;
  Resources: Record<string, Resource>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: string } }>;
}

const templates = new Map<string, Template>();
const template = (stage: Stage, service: Service): Template => {
  const found = templates.get(`${stage}/${service}`);
  if (!found) throw new Error(`no template for ${stage}/${service}`);
  return found;
};
const ofType = (t: Template, type: string) => Object.entries(t.Resources).filter(([, r]) => r.Type === type);

beforeAll(async () => {
  for (const stage of STAGES) {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/package.ts', '--stage', stage], {
      cwd: root,
      stdio: 'pipe',
    });
    for (const service of SERVICES) {
      const file = resolve(root, 'dist', stage, service, 'cloudformation-template-update-stack.json');
      templates.set(`${stage}/${service}`, JSON.parse(await readFile(file, 'utf8')) as Template);
    }
  }
});

describe('one REST API per stage', () => {
  it.each(STAGES)('%s: only content creates a RestApi, and exports its ids', (stage) => {
    expect(ofType(template(stage, 'content'), 'AWS::ApiGateway::RestApi')).toHaveLength(1);
    expect(ofType(template(stage, 'search'), 'AWS::ApiGateway::RestApi')).toHaveLength(0);
    expect(ofType(template(stage, 'image-processing'), 'AWS::ApiGateway::RestApi')).toHaveLength(0);
    const exports = Object.values(template(stage, 'content').Outputs ?? {}).map((o) => o.Export?.Name);
    expect(exports).toEqual(
      expect.arrayContaining([
        `copper-${stage}-RestApiId`,
        `copper-${stage}-RestApiRootResourceId`,
        `copper-${stage}-RestApiV1ResourceId`,
      ]),
    );
  });

  it.each(STAGES)('%s: search and image-processing attach to the imported API under /v1', (stage) => {
    for (const service of ['search', 'image-processing'] as const) {
      const t = template(stage, service);
      const methods = ofType(t, 'AWS::ApiGateway::Method');
      expect(methods.length).toBeGreaterThan(0);
      for (const [, method] of methods) {
        expect(method.Properties.RestApiId).toEqual({ 'Fn::ImportValue': `copper-${stage}-RestApiId` });
      }
      const topLevel = ofType(t, 'AWS::ApiGateway::Resource').filter(([, r]) => !('Ref' in r.Properties.ParentId));
      expect(topLevel.map(([, r]) => r.Properties.ParentId)).toEqual(
        topLevel.map(() => ({ 'Fn::ImportValue': `copper-${stage}-RestApiV1ResourceId` })),
      );
    }
  });

  it.each(STAGES)('%s: every content route lives under /v1; beside it only the web proxy', (stage) => {
    const t = template(stage, 'content');
    const children = ofType(t, 'AWS::ApiGateway::Resource').filter(([, r]) =>
      JSON.stringify(r.Properties.ParentId).includes('RootResourceId'),
    );
    expect(children.filter(([, r]) => !r.Condition).map(([, r]) => r.Properties.PathPart)).toEqual(['v1']);
    expect(children.filter(([, r]) => r.Condition).map(([id]) => id)).toEqual(['WebProxyResource']);
  });

  it('answers unknown routes with a 404 problem+json gateway response', () => {
    const responses = ofType(template('prod', 'content'), 'AWS::ApiGateway::GatewayResponse').map(([, r]) => r);
    const unknown = responses.find((r) => r.Properties.ResponseType === 'MISSING_AUTHENTICATION_TOKEN');
    expect(unknown?.Properties.StatusCode).toBe('404');
    expect(unknown?.Properties.ResponseParameters['gatewayresponse.header.Content-Type']).toBe(
      "'application/problem+json'",
    );
  });

  it.each(STAGES)('%s: every answer API Gateway makes itself carries the security headers', (stage) => {
    const responses = ofType(template(stage, 'content'), 'AWS::ApiGateway::GatewayResponse').map(([, r]) => r);
    expect(responses.map((r) => r.Properties.ResponseType).sort()).toEqual([
      'ACCESS_DENIED',
      'DEFAULT_4XX',
      'DEFAULT_5XX',
      'MISSING_AUTHENTICATION_TOKEN',
      'UNAUTHORIZED',
    ]);
    for (const response of responses) {
      expect(response.Properties.ResponseParameters, response.Properties.ResponseType).toMatchObject({
        'gatewayresponse.header.Content-Type': "'application/problem+json'",
        'gatewayresponse.header.X-Content-Type-Options': "'nosniff'",
        'gatewayresponse.header.Referrer-Policy': "'no-referrer'",
        'gatewayresponse.header.X-Frame-Options': "'DENY'",
        'gatewayresponse.header.Strict-Transport-Security': expect.stringMatching(
          /^'max-age=\d{8,}; includeSubDomains'$/,
        ),
      });
    }
  });

  it('challenges a refused token with RFC 6750 WWW-Authenticate: Bearer', () => {
    const responses = ofType(template('prod', 'content'), 'AWS::ApiGateway::GatewayResponse').map(([, r]) => r);
    const challenge = (type: string) =>
      responses.find((r) => r.Properties.ResponseType === type)?.Properties.ResponseParameters[
        'gatewayresponse.header.WWW-Authenticate'
      ];
    expect(challenge('UNAUTHORIZED')).toBe(`'Bearer realm="copper-print-gallery"'`);
    expect(challenge('ACCESS_DENIED')).toBe(`'Bearer realm="copper-print-gallery", error="insufficient_scope"'`);
  });
});

describe('functions', () => {
  it.each(STAGES)('%s: every function runs nodejs24.x on arm64 with X-Ray tracing', (stage) => {
    for (const service of SERVICES) {
      const functions = ofType(template(stage, service), 'AWS::Lambda::Function');
      expect(functions.length).toBeGreaterThan(0);
      for (const [, fn] of functions) {
        expect(fn.Properties.Runtime).toBe('nodejs24.x');
        expect(fn.Properties.Architectures).toEqual(['arm64']);
        expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
        expect(fn.Properties.Environment.Variables.STAGE).toBe(stage);
      }
    }
  });

  it.each(STAGES)('%s: no secret is in a template; the database URL is read from SSM', (stage) => {
    for (const service of SERVICES) {
      const text = JSON.stringify(template(stage, service));
      expect(text).not.toMatch(/postgres(ql)?:\/\//);
      expect(text).not.toContain('"DATABASE_URL"');
    }
    const [, health] = ofType(template(stage, 'content'), 'AWS::Lambda::Function')[0] ?? [];
    expect(health?.Properties.Environment.Variables.DATABASE_URL_PARAMETER).toBe(`/copper/${stage}/database-url`);
  });

  it('packages sharp for linux-arm64, not for the machine that packaged it', async () => {
    const zip = await JSZip.loadAsync(await readFile(resolve(root, 'dist/dev/image-processing/health.zip')));
    const natives = Object.keys(zip.files).filter((name) => name.endsWith('.node'));
    expect(natives.some((name) => name.includes('@img/sharp-linux-arm64/'))).toBe(true);
    expect(natives.filter((name) => !name.includes('linux-arm64'))).toEqual([]);
  });
});

describe('per-stage settings (seed 003)', () => {
  const expected = {
    dev: { rate: 50, burst: 100, retention: 7, logLevel: 'INFO', apiLogging: 'INFO' },
    staging: { rate: 250, burst: 500, retention: 7, logLevel: 'INFO', apiLogging: 'INFO' },
    prod: { rate: 1000, burst: 2000, retention: 30, logLevel: 'ERROR', apiLogging: 'ERROR' },
  } as const;

  it.each(STAGES)('%s: the shared stage is throttled, logged and traced as seed 003 says', (stage) => {
    const stages = ofType(template(stage, 'content'), 'AWS::ApiGateway::Stage');
    expect(stages).toHaveLength(1);
    const [, apiStage] = stages[0] ?? [];
    expect(apiStage?.Properties.StageName).toBe(stage);
    expect(apiStage?.Properties.TracingEnabled).toBe(true);
    expect(apiStage?.Properties.MethodSettings).toEqual([
      expect.objectContaining({
        HttpMethod: '*',
        ResourcePath: '/*',
        ThrottlingRateLimit: expected[stage].rate,
        ThrottlingBurstLimit: expected[stage].burst,
        LoggingLevel: expected[stage].apiLogging,
      }),
    ]);
    // The deployment no longer creates the stage implicitly; the Stage resource above does.
    for (const [, deployment] of ofType(template(stage, 'content'), 'AWS::ApiGateway::Deployment')) {
      expect(deployment.Properties.StageName).toBeUndefined();
    }
  });

  it.each(STAGES)('%s: every log group keeps logs as long as the stage says', (stage) => {
    for (const service of SERVICES) {
      const groups = ofType(template(stage, service), 'AWS::Logs::LogGroup');
      expect(groups.length).toBeGreaterThan(0);
      for (const [, group] of groups) expect(group.Properties.RetentionInDays).toBe(expected[stage].retention);
      for (const [, fn] of ofType(template(stage, service), 'AWS::Lambda::Function')) {
        expect(fn.Properties.Environment.Variables.LOG_LEVEL).toBe(expected[stage].logLevel);
      }
    }
  });

  it('allows only the stage origins through CORS', () => {
    const origins = (stage: Stage) =>
      ofType(template(stage, 'content'), 'AWS::Lambda::Function')[0]?.[1].Properties.Environment.Variables
        .CORS_ORIGINS as string;
    expect(origins('dev')).toContain('http://localhost:3000');
    expect(origins('prod')).not.toContain('localhost');
    expect(origins('staging')).not.toContain('localhost');
  });
});

describe('the catalogue in the cloud', () => {
  it('keeps the originals bucket private and encrypted', () => {
    const [, bucket] =
      ofType(template('prod', 'content'), 'AWS::S3::Bucket').find(([id]) => id === 'OriginalsBucket') ?? [];
    expect(bucket?.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(
      bucket?.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault,
    ).toEqual({
      SSEAlgorithm: 'AES256',
    });
  });

  it('lets the functions write scans to the originals bucket only, and nothing else in S3', () => {
    const [, role] =
      ofType(template('prod', 'content'), 'AWS::IAM::Role').find(([id]) => id === 'IamRoleLambdaExecution') ?? [];
    const statements = role?.Properties.Policies[0].PolicyDocument.Statement as {
      Action: string | string[];
      Resource: unknown;
    }[];
    const s3 = statements.filter((statement) => [statement.Action].flat().some((action) => action.startsWith('s3:')));
    expect(s3).toEqual([
      {
        Effect: 'Allow',
        Action: ['s3:PutObject'],
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['OriginalsBucket', 'Arn'] }, '/originals/*']] },
      },
    ]);
  });

  it('puts the artist authorizer on every studio route, the inbox and uploads, and on no public route', () => {
    const methods = ofType(template('prod', 'content'), 'AWS::ApiGateway::Method')
      .map(([id, method]) => ({
        id,
        method: method.Properties.HttpMethod as string,
        auth: method.Properties.AuthorizationType,
      }))
      .filter((m) => m.method !== 'OPTIONS');
    const guarded = methods.filter((m) => m.auth === 'CUSTOM').map((m) => m.id);
    const open = methods.filter((m) => m.auth === 'NONE').map((m) => m.id);
    expect(guarded.filter((id) => !id.includes('Studio'))).toEqual(
      expect.arrayContaining(['ApiGatewayMethodV1InquiriesGet', 'ApiGatewayMethodV1UploadsPost']),
    );
    expect(methods.filter((m) => m.id.includes('Studio')).every((m) => m.auth === 'CUSTOM')).toBe(true);
    expect(guarded).toContain('ApiGatewayMethodV1StudioSitePut');
    expect(open.sort()).toEqual(
      [
        'ApiGatewayMethodV1ArtworksGet',
        'ApiGatewayMethodV1ArtworksSlugVarGet',
        'ApiGatewayMethodV1ArtworksSlugVarRelatedGet',
        'ApiGatewayMethodV1CollectionsGet',
        'ApiGatewayMethodV1CollectionsSlugVarGet',
        'ApiGatewayMethodV1HealthGet',
        'ApiGatewayMethodV1InquiriesPost',
        'ApiGatewayMethodV1OpenapijsonGet',
        'ApiGatewayMethodV1SiteGet',
        // The web app's pages are public, and so is the API's 404 for an unknown /v1 path.
        'WebRootMethod',
        'WebProxyMethod',
        'ApiV1CatchAllMethod',
      ].sort(),
    );
  });
});

describe('the event bus', () => {
  const exportsOf = (stage: Stage) =>
    new Map(
      Object.values(template(stage, 'content').Outputs ?? {}).flatMap((output) =>
        output.Export ? [[output.Export.Name, output.Value] as const] : [],
      ),
    );

  it.each(STAGES)('%s: content owns the one bus and exports it with the originals bucket', (stage) => {
    expect(ofType(template(stage, 'content'), 'AWS::Events::EventBus')).toEqual([
      ['EventBus', expect.objectContaining({ Properties: { Name: `copper-${stage}` } })],
    ]);
    for (const service of ['search', 'image-processing'] as const) {
      expect(ofType(template(stage, service), 'AWS::Events::EventBus')).toEqual([]);
    }
    const exported = exportsOf(stage);
    expect(exported.get(`copper-${stage}-EventBusName`)).toEqual({ 'Fn::GetAtt': ['EventBus', 'Name'] });
    expect(exported.get(`copper-${stage}-EventBusArn`)).toEqual({ 'Fn::GetAtt': ['EventBus', 'Arn'] });
    expect(exported.get(`copper-${stage}-OriginalsBucketName`)).toEqual({ Ref: 'OriginalsBucket' });
    expect(exported.get(`copper-${stage}-OriginalsBucketArn`)).toEqual({ 'Fn::GetAtt': ['OriginalsBucket', 'Arn'] });
  });

  it.each(STAGES)('%s: every value search and image-processing import is one content exports', (stage) => {
    const exported = exportsOf(stage);
    for (const service of ['search', 'image-processing'] as const) {
      const imports = [...JSON.stringify(template(stage, service)).matchAll(/"Fn::ImportValue":"([^"]+)"/g)].map(
        (match) => match[1],
      );
      expect(imports.filter((name) => !exported.has(name ?? ''))).toEqual([]);
    }
  });

  it.each(STAGES)('%s: MediaPublished reaches content’s mediaEvents, and what fails is queued', (stage) => {
    const t = template(stage, 'content');
    const rules = ofType(t, 'AWS::Events::Rule');
    expect(rules).toHaveLength(1);
    const [, rule] = rules[0] ?? [];
    const queue = { 'Fn::GetAtt': ['MediaEventsDeadLetterQueue', 'Arn'] };
    expect(rule?.Properties).toMatchObject({
      Name: `copper-${stage}-content-media-published`,
      EventBusName: { 'Fn::GetAtt': ['EventBus', 'Name'] },
      EventPattern: { source: [SOURCES.imaging], 'detail-type': [DETAIL_TYPES.mediaPublished] },
      State: 'ENABLED',
      Targets: [
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': ['MediaEventsLambdaFunction', 'Arn'] },
          DeadLetterConfig: { Arn: queue },
        }),
      ],
    });
    // EventBridge invokes asynchronously: the handler's own failures go to the queue through Lambda.
    const [, invokeConfig] = ofType(t, 'AWS::Lambda::EventInvokeConfig')[0] ?? [];
    expect(invokeConfig?.Properties).toMatchObject({
      FunctionName: { Ref: 'MediaEventsLambdaFunction' },
      DestinationConfig: { OnFailure: { Destination: queue } },
      MaximumRetryAttempts: 2,
    });
    const [, policy] = ofType(t, 'AWS::SQS::QueuePolicy')[0] ?? [];
    const [statement] = policy?.Properties.PolicyDocument.Statement ?? [];
    expect(statement).toMatchObject({ Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage' });
    expect(statement.Condition.ArnEquals['aws:SourceArn']['Fn::Sub']).toMatch(
      new RegExp(`:rule/copper-${stage}/copper-${stage}-content-media-published$`),
    );
  });

  it.each(STAGES)('%s: content’s studio announces ArtworkChanged on its own bus, and may put on no other', (stage) => {
    const t = template(stage, 'content');
    const [, role] = ofType(t, 'AWS::IAM::Role').find(([id]) => id === 'IamRoleLambdaExecution') ?? [];
    const statements = role?.Properties.Policies[0].PolicyDocument.Statement as { Action: string | string[] }[];
    expect(statements.filter((s) => [s.Action].flat().includes('events:PutEvents'))).toEqual([
      expect.objectContaining({ Resource: { 'Fn::GetAtt': ['EventBus', 'Arn'] } }),
    ]);
    expect(t.Resources.StudioLambdaFunction?.Properties.Environment.Variables.EVENT_BUS_NAME).toEqual({
      'Fn::GetAtt': ['EventBus', 'Name'],
    });
  });

  it.each(STAGES)(
    '%s: ArtworkChanged and MediaPublished reach search’s catalogueEvents, and what fails is queued',
    (stage) => {
      const t = template(stage, 'search');
      const queue = { 'Fn::GetAtt': ['CatalogueEventsDeadLetterQueue', 'Arn'] };
      const rules = ofType(t, 'AWS::Events::Rule').map(([, rule]) => rule.Properties);
      const expected = [
        [`copper-${stage}-search-artwork-changed`, SOURCES.content, DETAIL_TYPES.artworkChanged],
        [`copper-${stage}-search-media-published`, SOURCES.imaging, DETAIL_TYPES.mediaPublished],
      ] as const;
      expect(rules).toHaveLength(expected.length);
      for (const [name, source, detailType] of expected) {
        expect(rules.find((rule) => rule.Name === name)).toMatchObject({
          EventBusName: { 'Fn::ImportValue': `copper-${stage}-EventBusName` },
          EventPattern: { source: [source], 'detail-type': [detailType] },
          State: 'ENABLED',
          Targets: [
            expect.objectContaining({
              Arn: { 'Fn::GetAtt': ['CatalogueEventsLambdaFunction', 'Arn'] },
              DeadLetterConfig: { Arn: queue },
            }),
          ],
        });
      }
      const [, invokeConfig] = ofType(t, 'AWS::Lambda::EventInvokeConfig')[0] ?? [];
      expect(invokeConfig?.Properties).toMatchObject({
        FunctionName: { Ref: 'CatalogueEventsLambdaFunction' },
        DestinationConfig: { OnFailure: { Destination: queue } },
        MaximumRetryAttempts: 2,
      });
      const [, policy] = ofType(t, 'AWS::SQS::QueuePolicy')[0] ?? [];
      const [statement] = policy?.Properties.PolicyDocument.Statement ?? [];
      expect(statement).toMatchObject({ Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage' });
      const sources = (statement.Condition.ArnEquals['aws:SourceArn'] as { 'Fn::Sub': string }[]).map(
        (arn) => arn['Fn::Sub'],
      );
      expect(sources.map((arn) => arn.replace(/^.*:rule\//, 'rule/')).sort()).toEqual(
        expected.map(([name]) => `rule/copper-${stage}/${name}`).sort(),
      );
    },
  );

  it.each(STAGES)('%s: image-processing may put events on the imported bus, and on nothing else', (stage) => {
    const [, role] =
      ofType(template(stage, 'image-processing'), 'AWS::IAM::Role').find(([id]) => id === 'IamRoleLambdaExecution') ??
      [];
    const statements = role?.Properties.Policies[0].PolicyDocument.Statement as { Action: string | string[] }[];
    expect(statements.filter((s) => [s.Action].flat().includes('events:PutEvents'))).toEqual([
      expect.objectContaining({ Resource: { 'Fn::ImportValue': `copper-${stage}-EventBusArn` } }),
    ]);
  });
});

describe('the image workflow in the cloud', () => {
  const definitionOf = (stage: Stage) => {
    const machine = template(stage, 'image-processing').Resources.ImageJobStateMachine;
    if (!machine) throw new Error(`no ImageJobStateMachine in ${stage}/image-processing`);
    const [body, substitutions] = machine.Properties.DefinitionString['Fn::Sub'] as [string, Record<string, unknown>];
    // Resource ARNs are `${…}` substitutions; as JSON strings they parse as they are.
    return { definition: JSON.parse(body) as { States: Record<string, Record<string, unknown>> }, substitutions };
  };

  it.each(STAGES)('%s: every task has TimeoutSeconds, Retry with backoff and a Catch to RecordFailure', (stage) => {
    const { definition, substitutions } = definitionOf(stage);
    const tasks = Object.entries(definition.States).filter(([, state]) => state.Type === 'Task');
    expect(tasks.map(([name]) => name).sort()).toEqual(
      ['Inspect', 'Placeholder', 'Publish', 'RecordFailure', 'Render', 'Tiles'].sort(),
    );
    for (const [name, state] of tasks) {
      expect(state.TimeoutSeconds, name).toBeGreaterThan(0);
      const retry = state.Retry as { ErrorEquals: string[]; MaxAttempts?: number; BackoffRate?: number }[];
      const transient = retry.find((retrier) => retrier.ErrorEquals.includes('States.ALL'));
      expect(transient?.MaxAttempts, name).toBeGreaterThanOrEqual(3);
      expect(transient?.BackoffRate, name).toBeGreaterThan(1);
      const catcher = (state.Catch as { ErrorEquals: string[]; Next: string }[])[0];
      expect(catcher?.ErrorEquals, name).toEqual(['States.ALL']);
      expect(catcher?.Next, name).toBe(name === 'RecordFailure' ? 'Failed' : 'RecordFailure');
      // Each task is its own Lambda function of this stack.
      const placeholder = /^\$\{(.+)\}$/.exec(state.Resource as string)?.[1] ?? '';
      expect(JSON.stringify(substitutions[placeholder]), name).toMatch(/LambdaFunction/);
    }
    // A refused scan is final: no retry can fix it.
    const inspect = definition.States.Inspect?.Retry as { ErrorEquals: string[]; MaxAttempts?: number }[];
    expect(inspect[0]).toEqual({ ErrorEquals: ['JobRefusedError'], MaxAttempts: 0 });
  });

  it('is a Standard workflow with logs, tracing and alarms on failed and timed-out executions', () => {
    const t = template('prod', 'image-processing');
    const machine = t.Resources.ImageJobStateMachine?.Properties;
    expect(machine?.StateMachineType).toBe('STANDARD');
    expect(machine?.StateMachineName).toBe('copper-image-job-prod');
    expect(machine?.TracingConfiguration).toEqual({ Enabled: true });
    expect(machine?.LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn).toEqual({
      'Fn::GetAtt': ['ImageJobLogGroup', 'Arn'],
    });
    expect(t.Resources.ImageJobLogGroup?.Properties.RetentionInDays).toBe(30);
    const alarms = ofType(t, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);
    expect(alarms.map((alarm) => alarm.MetricName).sort()).toEqual(['ExecutionsFailed', 'ExecutionsTimedOut']);
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: 'ImageJobAlarmTopic' }]);
  });

  it('gives each step the memory and time it needs, under the 3008 MB / 60 s ceiling', () => {
    const functions = Object.fromEntries(
      ofType(template('prod', 'image-processing'), 'AWS::Lambda::Function').map(([id, fn]) => [
        id.replace(/LambdaFunction$/, ''),
        [fn.Properties.MemorySize, fn.Properties.Timeout],
      ]),
    );
    expect(functions).toMatchObject({
      Inspect: [1024, 60],
      Render: [3008, 60],
      Tiles: [2048, 60],
      Placeholder: [1024, 30],
      Publish: [512, 15],
      RecordFailure: [256, 10],
      Jobs: [512, 10],
    });
  });

  it('keeps the media bucket private, readable only by its CloudFront distribution under media/', () => {
    const t = template('prod', 'image-processing');
    expect(t.Resources.MediaBucket?.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const statements = t.Resources.MediaBucketPolicy?.Properties.PolicyDocument.Statement as {
      Effect: string;
      Principal: unknown;
      Action: string;
      Resource: unknown;
    }[];
    const allows = statements.filter((statement) => statement.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]?.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    expect(allows[0]?.Action).toBe('s3:GetObject');
    expect(JSON.stringify(allows[0]?.Resource)).toContain('/media/*');
    const origin = t.Resources.MediaDistribution?.Properties.DistributionConfig.Origins[0];
    expect(origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': ['MediaOriginAccessControl', 'Id'] });
  });

  it('scopes the functions to exactly the workflow, the buckets and the bus', () => {
    const [, role] =
      ofType(template('prod', 'image-processing'), 'AWS::IAM::Role').find(([id]) => id === 'IamRoleLambdaExecution') ??
      [];
    const statements = role?.Properties.Policies[0].PolicyDocument.Statement as {
      Action: string | string[];
      Resource: unknown;
    }[];
    const actions = statements.flatMap((statement) => [statement.Action].flat()).filter((a) => !a.startsWith('logs:'));
    expect(new Set(actions)).toEqual(
      new Set([
        'ssm:GetParameter',
        's3:GetObject',
        's3:ListBucket',
        's3:PutObject',
        'states:StartExecution',
        'events:PutEvents',
        'xray:PutTraceSegments',
        'xray:PutTelemetryRecords',
      ]),
    );
    const s3Writes = statements.filter((statement) => [statement.Action].flat().includes('s3:PutObject'));
    expect(JSON.stringify(s3Writes)).toContain('MediaBucket');
    expect(JSON.stringify(s3Writes)).not.toContain('Originals');
    const start = statements.find((statement) => [statement.Action].flat().includes('states:StartExecution'));
    expect(JSON.stringify(start?.Resource)).toContain('stateMachine:copper-image-job-prod');
  });
});

describe('the web app behind the same API (seed 000)', () => {
  const WEB_ORIGIN = {
    dev: undefined,
    staging: 'https://copper-gallery-staging.herokuapp.com',
    prod: 'https://copper-gallery.herokuapp.com',
  } as const;
  const DOMAIN = { dev: undefined, staging: 'staging.copperprintgallery.com', prod: 'copperprintgallery.com' } as const;

  /** Evaluates the template's conditions, which the stage's params made literal comparisons. */
  const holds = (t: Template, name: string): boolean => {
    const evaluate = (node: unknown): boolean | string => {
      if (typeof node === 'string') return node;
      const [fn, args] = Object.entries(node as Record<string, unknown[]>)[0] ?? [];
      if (fn === 'Fn::Not') return !evaluate(args?.[0]);
      if (fn === 'Fn::Equals') return evaluate(args?.[0]) === evaluate(args?.[1]);
      if (fn === 'Condition') return holds(t, String(args));
      throw new Error(`condition ${name} uses ${fn}, which this test does not evaluate`);
    };
    return evaluate(t.Conditions?.[name]) === true;
  };
  /** A property's value once the template's Fn::Join and Fn::If are evaluated. */
  const resolved = (t: Template, node: unknown): unknown => {
    if (typeof node !== 'object' || node === null) return node;
    const [fn, args = []] = Object.entries(node as Record<string, unknown[]>)[0] ?? [];
    if (fn === 'Fn::Join') return (args[1] as unknown[]).map((part) => resolved(t, part)).join(String(args[0]));
    if (fn === 'Fn::If') return resolved(t, holds(t, String(args[0])) ? args[1] : args[2]);
    return node;
  };
  /** The resources a deploy of this template creates: unconditional ones and those whose condition holds. */
  const deployed = (stage: Stage) => {
    const t = template(stage, 'content');
    return Object.fromEntries(
      Object.entries(t.Resources).filter(([, r]) => r.Condition === undefined || holds(t, r.Condition)),
    );
  };
  const rootId = { 'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'] };
  const SECRET_REFERENCE = /^'\{\{resolve:secretsmanager:copper\/(dev|staging|prod)\/origin-verify:SecretString\}\}'$/;

  it.each(['staging', 'prod'] as const)('%s: ANY / and ANY /{proxy+} go to its Heroku app', (stage) => {
    const resources = deployed(stage);
    const origin = WEB_ORIGIN[stage];
    expect(resources.WebProxyResource?.Properties).toMatchObject({ ParentId: rootId, PathPart: '{proxy+}' });

    const t = template(stage, 'content');
    const root = resources.WebRootMethod?.Properties;
    expect(root).toMatchObject({ ResourceId: rootId, HttpMethod: 'ANY', AuthorizationType: 'NONE' });
    expect(root?.Integration).toMatchObject({ Type: 'HTTP_PROXY', IntegrationHttpMethod: 'ANY' });
    expect(resolved(t, root?.Integration.Uri)).toBe(`${origin}/`);

    const proxy = resources.WebProxyMethod?.Properties;
    expect(proxy).toMatchObject({
      ResourceId: { Ref: 'WebProxyResource' },
      HttpMethod: 'ANY',
      RequestParameters: { 'method.request.path.proxy': true },
    });
    expect(proxy?.Integration).toMatchObject({
      Type: 'HTTP_PROXY',
      IntegrationHttpMethod: 'ANY',
      RequestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
    });
    expect(resolved(t, proxy?.Integration.Uri)).toBe(`${origin}/{proxy}`);
    // Heroku drops a request at 30 s; the proxy gives up first.
    for (const method of [root, proxy]) expect(method?.Integration.TimeoutInMillis).toBeLessThanOrEqual(29_000);
  });

  it.each(['staging', 'prod'] as const)(
    '%s: the proxy sends x-origin-verify from Secrets Manager, never the secret itself',
    (stage) => {
      const resources = deployed(stage);
      for (const id of ['WebRootMethod', 'WebProxyMethod']) {
        const headers = resources[id]?.Properties.Integration.RequestParameters;
        expect(headers['integration.request.header.x-origin-verify']).toMatch(SECRET_REFERENCE);
        expect(headers['integration.request.header.x-origin-verify']).toContain(`copper/${stage}/origin-verify`);
      }
      // Each deploy changes the methods, so that CloudFormation resolves the secret again: a rotated
      // secret reaches the proxy with the next deploy of content.
      const revision = (s: Stage) => deployed(s).WebProxyMethod?.Properties.OperationName;
      expect(resources.WebRootMethod?.Properties.OperationName).toBe(revision(stage));
      expect(revision(stage)).toMatch(/^web-proxy-./);
      expect(revision(stage)).not.toBe(revision(stage === 'prod' ? 'staging' : 'prod'));
      // No header value in any method is a literal other than the mapping syntax's quoted constants.
      const text = JSON.stringify(template(stage, 'content'));
      expect(text.match(/x-origin-verify":"[^"]*"/g)?.every((m) => m.includes('{{resolve:secretsmanager:'))).toBe(true);
    },
  );

  it('dev has no web app of its own: the proxy is left out by its condition', () => {
    const resources = deployed('dev');
    for (const id of ['WebProxyResource', 'WebRootMethod', 'WebProxyMethod']) {
      expect(template('dev', 'content').Resources[id]?.Condition).toBe('HasWebOrigin');
      expect(resources[id]).toBeUndefined();
    }
  });

  it.each(STAGES)('%s: images, fonts and octet streams pass as bytes, JSON stays text', (stage) => {
    const [, api] = ofType(template(stage, 'content'), 'AWS::ApiGateway::RestApi')[0] ?? [];
    const types: string[] = api?.Properties.BinaryMediaTypes ?? [];
    expect(types).toEqual(expect.arrayContaining(['image/*', 'font/*', 'application/octet-stream']));
    // `*/*` (or any JSON type) would hand the Lambda routes base64 bodies.
    expect(types.filter((type) => type === '*/*' || type.endsWith('/*json') || type.includes('json'))).toEqual([]);
  });

  it.each(STAGES)(
    '%s: /v1 keeps its explicit routes; an unknown /v1 path gets the API’s 404, not the web app',
    (stage) => {
      const t = template(stage, 'content');
      const resources = deployed(stage);
      const v1Children = Object.entries(resources).filter(
        ([, r]) =>
          r.Type === 'AWS::ApiGateway::Resource' &&
          JSON.stringify(r.Properties.ParentId) === '{"Ref":"ApiGatewayResourceV1"}',
      );
      expect(v1Children.map(([, r]) => r.Properties.PathPart).sort()).toEqual(
        [
          'artworks',
          'collections',
          'health',
          'inquiries',
          'openapi.json',
          'site',
          'studio',
          'uploads',
          '{proxy+}',
        ].sort(),
      );
      // The same /v1 tree in every stage, with or without the web proxy.
      const tree = (s: Stage) =>
        ofType(template(s, 'content'), 'AWS::ApiGateway::Resource')
          .filter(([id]) => id !== 'WebProxyResource')
          .map(([id, r]) => `${id}:${r.Properties.PathPart}`)
          .sort();
      expect(tree(stage)).toEqual(tree('dev'));
      // Every function route is still a Lambda proxy integration.
      const lambda = ofType(t, 'AWS::ApiGateway::Method').filter(([id]) => id.startsWith('ApiGatewayMethodV1'));
      expect(lambda.length).toBeGreaterThan(20);
      for (const [, method] of lambda) {
        if (method.Properties.HttpMethod !== 'OPTIONS') expect(method.Properties.Integration.Type).toBe('AWS_PROXY');
      }

      const catchAll = resources.ApiV1CatchAllMethod?.Properties;
      expect(resources.ApiV1CatchAllResource?.Properties).toMatchObject({
        ParentId: { Ref: 'ApiGatewayResourceV1' },
        PathPart: '{proxy+}',
      });
      expect(catchAll).toMatchObject({ ResourceId: { Ref: 'ApiV1CatchAllResource' }, HttpMethod: 'ANY' });
      expect(catchAll?.Integration.Type).toBe('MOCK');
      const [answer] = catchAll?.Integration.IntegrationResponses ?? [];
      expect(answer.StatusCode).toBe('404');
      expect(answer.ResponseParameters['method.response.header.Content-Type']).toBe("'application/problem+json'");
      const body = JSON.parse(answer.ResponseTemplates['application/json'].replaceAll('$context.', 'context-'));
      expect(body).toMatchObject({ title: 'Not Found', status: 404 });
    },
  );

  it.each(STAGES)('%s: the deployment waits for every method, the web proxy’s included', (stage) => {
    const t = template(stage, 'content');
    const [, deployment] = ofType(t, 'AWS::ApiGateway::Deployment')[0] ?? [];
    const unconditional = ofType(t, 'AWS::ApiGateway::Method')
      .filter(([, m]) => !m.Condition)
      .map(([id]) => id);
    expect(deployment?.DependsOn).toEqual(expect.arrayContaining(unconditional));
    expect(deployment?.DependsOn).toContain('ApiV1CatchAllMethod');
    expect(JSON.stringify(deployment?.Metadata)).toContain('{"Fn::If":["HasWebOrigin",{"Ref":"WebRootMethod"}');
    expect(JSON.stringify(deployment?.Metadata)).toContain('{"Fn::If":["HasWebOrigin",{"Ref":"WebProxyMethod"}');
  });

  it.each(['staging', 'prod'] as const)('%s: the site is at the root of its own domain', (stage) => {
    const resources = deployed(stage);
    const domain = resources.ApiDomainName?.Properties;
    expect(domain?.DomainName).toBe(DOMAIN[stage]);
    expect(domain?.EndpointConfiguration).toEqual({ Types: ['REGIONAL'] });
    expect(domain?.RegionalCertificateArn).toBe(`{{resolve:ssm:/copper/${stage}/certificate-arn}}`);
    const mapping = resources.ApiBasePathMapping;
    expect(mapping?.Properties).toEqual({
      DomainName: { Ref: 'ApiDomainName' },
      RestApiId: { Ref: 'ApiGatewayRestApi' },
      Stage: stage,
    });
    // No BasePath: the stage answers at the domain's root. The stage must exist before it is mapped.
    expect(mapping?.Properties.BasePath).toBeUndefined();
    expect(mapping?.DependsOn).toEqual(['ApiGatewayStage']);
    expect(template(stage, 'content').Outputs?.WebUrl?.Value).toBe(`https://${DOMAIN[stage]}`);
  });

  it('dev has no domain: at its stage URL the proxy hands the web app its /dev prefix back, for its base path', () => {
    const t = template('dev', 'content');
    expect(deployed('dev').ApiDomainName).toBeUndefined();
    expect(deployed('dev').ApiBasePathMapping).toBeUndefined();
    // Given a web app (`--param webOrigin=…`), these are the URIs it would be called at.
    expect(resolved(t, t.Resources.WebRootMethod?.Properties.Integration.Uri)).toBe('/dev');
    expect(resolved(t, t.Resources.WebProxyMethod?.Properties.Integration.Uri)).toBe('/dev/{proxy}');
  });
});
