import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpCors from '@middy/http-cors';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { problemJson } from './problem.ts';
import { requestId } from './request-id.ts';

export { createLogger, type LogLevel } from './logger.ts';
export { PROBLEM_CONTENT_TYPE, problemResponse, toProblem } from './problem.ts';

export interface HttpStackOptions {
  logger: Logger;
  /** Browser origins allowed by CORS for this stage. */
  corsOrigins: string[];
}

export type JsonResult = { statusCode: number; body: unknown; headers?: Record<string, string> };
export type HttpHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<JsonResult>;

/**
 * The one middleware stack every API route runs through: logger with the request id,
 * normalised headers, CORS for the stage's origins, problem+json for errors, JSON out.
 * The handler passed in only maps a parsed request to a domain call and its result.
 */
export function httpRoute(options: HttpStackOptions, handler: HttpHandler) {
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(injectLambdaContext(options.logger, { resetKeys: true }))
    .use(requestId(options.logger))
    .use(httpHeaderNormalizer())
    .use(httpCors({ origins: options.corsOrigins, exposeHeaders: 'x-request-id,etag' }))
    .use(problemJson(options.logger))
    .handler(async (event, context) => {
      const result = await handler(event, context);
      return {
        statusCode: result.statusCode,
        headers: { 'content-type': 'application/json', ...result.headers },
        body: JSON.stringify(result.body),
      };
    });
}
