'use strict';
/**
 * Makes the shared REST API's stage an explicit AWS::ApiGateway::Stage in content's template,
 * carrying seed 003's per-stage settings: throttling, execution logging level, X-Ray tracing
 * and access logs with the same retention as the functions' logs.
 *
 * The framework itself applies stage settings through SDK calls after deploy (its
 * "updateStage" hack), which leaves them out of the template: nothing to review, diff or
 * test before a deploy, and nothing for the other services to rely on. Here the Deployment
 * no longer creates the stage implicitly; the Stage resource does, with every setting in it.
 */
const LOGICAL_ID = 'ApiGatewayStage';

const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  path: '$context.path',
  status: '$context.status',
  responseLength: '$context.responseLength',
  integrationLatency: '$context.integration.latency',
  xrayTraceId: '$context.xrayTraceId',
});

class ApiStagePlugin {
  constructor(serverless) {
    this.serverless = serverless;
    serverless.configSchemaHandler?.defineCustomProperties({
      type: 'object',
      properties: {
        apiStage: {
          type: 'object',
          properties: {
            throttlingRateLimit: { type: 'number', minimum: 1 },
            throttlingBurstLimit: { type: 'integer', minimum: 1 },
            loggingLevel: { enum: ['OFF', 'ERROR', 'INFO'] },
            dataTraceEnabled: { type: 'boolean' },
            tracingEnabled: { type: 'boolean' },
          },
          required: ['throttlingRateLimit', 'throttlingBurstLimit', 'loggingLevel'],
          additionalProperties: false,
        },
      },
    });
    this.hooks = {
      'after:package:compileEvents': () => this.addStage(),
      'after:aws:package:finalize:mergeCustomProviderResources': () => this.deployAfterEveryMethod(),
    };
  }

  /**
   * A deployment snapshots the methods that exist when it is created, and the framework makes it
   * wait only for the methods it compiled from `functions`. Methods written under `resources`
   * (the web proxy, the /v1 catch-all) must be waited for too, or a first deploy can snapshot
   * the API without them. `DependsOn` takes plain names only (no `Fn::If`), and cannot name a
   * resource its condition leaves out, so a conditional method is referenced instead from the
   * deployment's metadata behind the same condition: a `Ref` there orders creation just as well.
   */
  deployAfterEveryMethod() {
    const resources = this.serverless.service.provider.compiledCloudFormationTemplate.Resources;
    const deployment = Object.values(resources).find((r) => r.Type === 'AWS::ApiGateway::Deployment');
    if (!deployment) return;
    const dependsOn = new Set([deployment.DependsOn ?? []].flat());
    const conditional = [];
    for (const [id, resource] of Object.entries(resources)) {
      if (resource.Type !== 'AWS::ApiGateway::Method') continue;
      if (resource.Condition) {
        conditional.push({ 'Fn::If': [resource.Condition, { Ref: id }, { Ref: 'AWS::NoValue' }] });
      } else {
        dependsOn.add(id);
      }
    }
    if (conditional.length > 0) deployment.Metadata = { ...deployment.Metadata, ConditionalMethods: conditional };
    deployment.DependsOn = [...dependsOn];
  }

  addStage() {
    const service = this.serverless.service;
    const settings = service.custom?.apiStage;
    if (!settings) throw new this.serverless.classes.Error('custom.apiStage is required by api-stage.cjs');
    const provider = this.serverless.getProvider('aws');
    const stage = provider.getStage();
    const resources = service.provider.compiledCloudFormationTemplate.Resources;

    const deployments = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::ApiGateway::Deployment');
    if (deployments.length !== 1) {
      throw new this.serverless.classes.Error(`expected one API Gateway deployment, found ${deployments.length}`);
    }
    const [deploymentId, deployment] = deployments[0];
    delete deployment.Properties.StageName;

    resources.ApiGatewayAccessLogGroup = {
      Type: 'AWS::Logs::LogGroup',
      Properties: {
        LogGroupName: `/aws/api-gateway/${service.service}-${stage}`,
        RetentionInDays: service.provider.logRetentionInDays,
      },
    };

    // Execution and access logging need an account-level role that lets API Gateway write logs.
    resources.ApiGatewayCloudWatchRole = {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs'],
      },
    };
    resources.ApiGatewayAccount = {
      Type: 'AWS::ApiGateway::Account',
      Properties: { CloudWatchRoleArn: { 'Fn::GetAtt': ['ApiGatewayCloudWatchRole', 'Arn'] } },
    };

    resources[LOGICAL_ID] = {
      Type: 'AWS::ApiGateway::Stage',
      DependsOn: ['ApiGatewayAccount'],
      Properties: {
        RestApiId: { Ref: 'ApiGatewayRestApi' },
        DeploymentId: { Ref: deploymentId },
        StageName: stage,
        TracingEnabled: settings.tracingEnabled ?? true,
        AccessLogSetting: {
          DestinationArn: { 'Fn::GetAtt': ['ApiGatewayAccessLogGroup', 'Arn'] },
          Format: ACCESS_LOG_FORMAT,
        },
        MethodSettings: [
          {
            HttpMethod: '*',
            ResourcePath: '/*',
            ThrottlingRateLimit: settings.throttlingRateLimit,
            ThrottlingBurstLimit: settings.throttlingBurstLimit,
            LoggingLevel: settings.loggingLevel,
            DataTraceEnabled: settings.dataTraceEnabled ?? false,
            MetricsEnabled: true,
          },
        ],
        Tags: [{ Key: 'service', Value: service.service }],
      },
    };

    const outputs = service.provider.compiledCloudFormationTemplate.Outputs ?? {};
    if (outputs.ServiceEndpoint) outputs.ServiceEndpoint.DependsOn = [LOGICAL_ID];
  }
}

module.exports = ApiStagePlugin;
