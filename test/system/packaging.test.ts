import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';

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
}
interface Template {
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

  it.each(STAGES)('%s: every content route lives under /v1', (stage) => {
    const t = template(stage, 'content');
    const children = ofType(t, 'AWS::ApiGateway::Resource').filter(([, r]) =>
      JSON.stringify(r.Properties.ParentId).includes('RootResourceId'),
    );
    expect(children.map(([, r]) => r.Properties.PathPart)).toEqual(['v1']);
  });

  it('answers unknown routes with a 404 problem+json gateway response', () => {
    const responses = ofType(template('prod', 'content'), 'AWS::ApiGateway::GatewayResponse').map(([, r]) => r);
    const unknown = responses.find((r) => r.Properties.ResponseType === 'MISSING_AUTHENTICATION_TOKEN');
    expect(unknown?.Properties.StatusCode).toBe('404');
    expect(unknown?.Properties.ResponseParameters['gatewayresponse.header.Content-Type']).toBe(
      "'application/problem+json'",
    );
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
      Action: string[];
      Resource: unknown;
    }[];
    const s3 = statements.filter((statement) => statement.Action.some((action) => action.startsWith('s3:')));
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
    expect(open.sort()).toEqual(
      [
        'ApiGatewayMethodV1ArtworksGet',
        'ApiGatewayMethodV1ArtworksSlugVarGet',
        'ApiGatewayMethodV1CollectionsGet',
        'ApiGatewayMethodV1CollectionsSlugVarGet',
        'ApiGatewayMethodV1HealthGet',
        'ApiGatewayMethodV1InquiriesPost',
        'ApiGatewayMethodV1OpenapijsonGet',
      ].sort(),
    );
  });
});
