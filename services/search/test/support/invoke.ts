import { apiGatewayEvent, lambdaContext } from '@copper/http/testing';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/**
 * Invokes a handler with the event API Gateway would send for `GET /v1/route?query`. A repeated
 * parameter is given as an array: API Gateway keeps its last value in queryStringParameters and
 * every value in multiValueQueryStringParameters.
 */
export async function invoke(handler: Handler, route: string, query: Record<string, string | string[]> = {}) {
  const [method = 'GET', resource = '/'] = route.split(' ');
  const entries = Object.entries(query).map(([key, value]) => [key, Array.isArray(value) ? value : [value]] as const);
  const event = apiGatewayEvent({
    httpMethod: method,
    resource,
    path: resource,
    queryStringParameters: entries.length ? Object.fromEntries(entries.map(([k, v]) => [k, v.at(-1) ?? ''])) : null,
    multiValueQueryStringParameters: entries.length ? Object.fromEntries(entries) : null,
    headers: { origin: 'http://localhost:5173' },
  });
  const response = await handler(event, lambdaContext());
  return {
    status: response.statusCode,
    headers: Object.fromEntries(Object.entries(response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)])),
    // biome-ignore lint/suspicious/noExplicitAny: response bodies are JSON; each test asserts their shape.
    body: JSON.parse(response.body ?? 'null') as any,
  };
}
