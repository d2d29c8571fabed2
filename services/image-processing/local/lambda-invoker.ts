// How a local Task state reaches its function: Lambda's Invoke API, against serverless-offline's
// Lambda endpoint, with failures turned into errors named as Step Functions names them on AWS.
import { InvokeCommand, type InvokeCommandOutput, LambdaClient, LambdaServiceException } from '@aws-sdk/client-lambda';
import type { Invoke } from './state-machine.ts';

interface FunctionErrorPayload {
  errorType?: unknown;
  errorMessage?: unknown;
  trace?: unknown;
}

/** The error name a function error carries, as the state machine's Retry/Catch `ErrorEquals` sees it. */
function errorName(functionError: string, payload: FunctionErrorPayload): string {
  const type = typeof payload.errorType === 'string' ? payload.errorType : functionError;
  // serverless-offline answers every thrown error with `errorType: "Error"` (dherault/serverless-offline#1631)
  // and the worker thread has already lost `name` by then; the stack's first line still has it.
  if (type === 'Error' && Array.isArray(payload.trace) && typeof payload.trace[0] === 'string') {
    const named = /^([A-Za-z_$][\w$.]*)(?::|$)/.exec(payload.trace[0])?.[1];
    if (named) return named;
  }
  return type;
}

function parsePayload(bytes: Uint8Array | undefined): unknown {
  const text = bytes ? new TextDecoder().decode(bytes) : '';
  return text === '' ? null : JSON.parse(text);
}

/**
 * Invokes functions by name through the Lambda API at `endpoint` (serverless-offline matches names,
 * not ARNs). One attempt each: retrying is the definition's `Retry`, as on AWS.
 */
export function lambdaInvoker(options: { endpoint: string; region?: string }): Invoke {
  const client = new LambdaClient({
    endpoint: options.endpoint,
    region: options.region ?? 'eu-west-1',
    // serverless-offline checks no signature, but the SDK will not send unsigned.
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  return async (functionName, payload) => {
    let answer: InvokeCommandOutput;
    try {
      answer = await client.send(
        new InvokeCommand({ FunctionName: functionName, Payload: new TextEncoder().encode(JSON.stringify(payload)) }),
      );
    } catch (cause) {
      // Step Functions' own names for a Lambda API failure: Lambda.ServiceException, Lambda.SdkClientException…
      const name = cause instanceof LambdaServiceException ? cause.name : 'SdkClientException';
      const error = new Error(cause instanceof Error ? cause.message : String(cause), { cause });
      error.name = `Lambda.${name}`;
      throw error;
    }
    const result = parsePayload(answer.Payload);
    if (answer.FunctionError) {
      const details: FunctionErrorPayload = typeof result === 'object' && result !== null ? result : {};
      const error = new Error(typeof details.errorMessage === 'string' ? details.errorMessage : JSON.stringify(result));
      error.name = errorName(answer.FunctionError, details);
      throw error;
    }
    return result;
  };
}
