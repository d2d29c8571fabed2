import type { Logger } from '@aws-lambda-powertools/logger';
import type middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

/**
 * API Gateway's request id is the one in its access logs and in the client's
 * `x-request-id` header, so every log line carries it too.
 */
export function requestId(logger: Logger): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const idOf = (request: middy.Request<APIGatewayProxyEvent, APIGatewayProxyResult>) =>
    request.event?.requestContext?.requestId ?? request.context.awsRequestId;
  const addHeader = async (request: middy.Request<APIGatewayProxyEvent, APIGatewayProxyResult>) => {
    if (!request.response) return;
    request.response.headers = { ...request.response.headers, 'x-request-id': idOf(request) };
  };
  return {
    before: async (request) => {
      logger.appendKeys({ request_id: idOf(request) });
    },
    after: addHeader,
    onError: addHeader,
  };
}
