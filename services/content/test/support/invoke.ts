import { apiGatewayEvent, lambdaContext } from '@copper/http/testing';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export interface Call {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send `body` (bytes) base64-encoded, as API Gateway does for binary media types. */
  isBase64Encoded?: boolean;
}

/** Invokes a handler with the event API Gateway would send for `METHOD /v1/route/{param}`. */
export async function invoke(handler: Handler, route: string, call: Call = {}) {
  const [method = 'GET', resource = '/'] = route.split(' ');
  const path = Object.entries(call.params ?? {}).reduce((p, [k, v]) => p.replace(`{${k}}`, v), resource);
  const body =
    call.body === undefined
      ? null
      : Buffer.isBuffer(call.body)
        ? call.body.toString('base64')
        : typeof call.body === 'string'
          ? call.body
          : JSON.stringify(call.body);
  const event = apiGatewayEvent({
    httpMethod: method,
    resource,
    path,
    pathParameters: call.params ?? null,
    queryStringParameters: call.query ?? null,
    headers: { ...(body !== null ? { 'content-type': 'application/json' } : {}), ...call.headers },
    body,
    isBase64Encoded: call.isBase64Encoded ?? Buffer.isBuffer(call.body),
  });
  const response = await handler(event, lambdaContext());
  const text = response.body ?? '';
  return {
    status: response.statusCode,
    headers: Object.fromEntries(Object.entries(response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)])),
    // biome-ignore lint/suspicious/noExplicitAny: response bodies are JSON; each test asserts their shape.
    body: (text ? JSON.parse(text) : null) as any,
  };
}
