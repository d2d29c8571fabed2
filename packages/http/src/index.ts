import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpCors from '@middy/http-cors';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { problemJson } from './problem.ts';
import { requestId } from './request-id.ts';

export { createLogger, type LogLevel } from './logger.ts';
export { PROBLEM_CONTENT_TYPE, problemResponse, toProblem } from './problem.ts';

export interface HttpStackOptions {
  logger: Logger;
  /** Browser origins allowed by CORS for this stage. */
  corsOrigins: string[];
  /**
   * Send HSTS. True wherever the API is served over https (every deployed stage, `dev` included);
   * false under serverless-offline, where `pnpm dev` serves plain http on localhost and a browser
   * would otherwise pin localhost to https for a year.
   */
  strictTransportSecurity: boolean;
}

/**
 * Middy's defaults (helmet's), narrowed for a JSON API that no page ever frames or renders:
 * the CSP allows nothing and reports nowhere, and the Permissions-Policy, which only documents
 * use, is left out rather than sent as a kilobyte on every answer.
 */
function securityHeaders(strictTransportSecurity: boolean) {
  return httpSecurityHeaders({
    contentSecurityPolicy: { 'default-src': "'none'", 'report-to': '' },
    frameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    permissionsPolicy: false,
    // A year, this host and its subdomains; not preloaded, which would bind the whole domain.
    strictTransportSecurity: strictTransportSecurity
      ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: true, preload: false }
      : false,
  });
}

export type JsonResult = { statusCode: number; body: unknown; headers?: Record<string, string> };
export type HttpHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<JsonResult>;

/**
 * The one middleware stack every API route runs through: logger with the request id,
 * normalised headers, security headers, CORS for the stage's origins, problem+json for errors, JSON out.
 * The handler passed in only maps a parsed request to a domain call and its result.
 */
export function httpRoute(options: HttpStackOptions, handler: HttpHandler) {
  // onError hooks run in reverse order of `use`: the security headers and CORS dress the problem
  // that problemJson has just made.
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(injectLambdaContext(options.logger, { resetKeys: true }))
    .use(requestId(options.logger))
    .use(httpHeaderNormalizer())
    .use(securityHeaders(options.strictTransportSecurity))
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
