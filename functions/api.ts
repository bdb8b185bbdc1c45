/**
 * The API: a Lambda function behind a function URL (IAM auth) or an API Gateway HTTP API. Step
 * Functions' actions and shapes: `POST /StartExecution`, `/DescribeExecution`, … (see src/api/).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { type HttpRequest, handleHttp } from '../src/api/http.js';
import { awsRuntimeFromEnv } from '../src/aws/config.js';

const logger = new Logger({ serviceName: 'stepstone-api' });
const runtime = awsRuntimeFromEnv();

/** The Lambda handler. */
export const handler = async (event: HttpRequest, context: Context) => {
  logger.addContext(context);
  try {
    return await handleHttp(runtime, event);
  } catch (error) {
    logger.error('request failed', error as Error);
    return {
      statusCode: 500,
      headers: { 'content-type': 'application/x-amz-json-1.0' },
      body: JSON.stringify({ __type: 'InternalServerError', message: 'The request could not be processed' }),
    };
  }
};
