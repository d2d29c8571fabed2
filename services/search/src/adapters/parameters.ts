// Plain (non-secret) settings that another stack publishes in SSM Parameter Store.
import { ConfigError } from '@copper/http/env';

export async function readParameter(name: string): Promise<string> {
  // Loaded only on the cloud path, so local runs and tests never load the SDK.
  const { GetParameterCommand, SSMClient } = await import('@aws-sdk/client-ssm');
  try {
    const out = await new SSMClient({}).send(new GetParameterCommand({ Name: name }));
    if (!out.Parameter?.Value) throw new ConfigError(`SSM parameter ${name} is empty`);
    return out.Parameter.Value;
  } catch (error) {
    if (error instanceof Error && error.name === 'ParameterNotFound') {
      throw new ConfigError(`SSM parameter ${name} does not exist yet: deploy the service that writes it`, {
        cause: error,
      });
    }
    throw error;
  }
}
