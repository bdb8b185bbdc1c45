/**
 * The API: a Lambda function behind a function URL (IAM auth). It speaks Step Functions' own
 * protocol (AWS JSON 1.0, see src/api/http.ts), so the AWS SDKs and the AWS CLI call it as they call
 * Step Functions — `stepstone/client` builds such a client, signing as the function URL requires.
 * New state machines and activities get ARNs in the function's own region and account. The
 * workflows its stack deploys (`STEPSTONE_WORKFLOWS`) are registered before the first request after
 * a deployment is answered (src/aws/deployed-workflows.ts).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { ApiContext } from '../src/api/context.js';
import { failure, type HttpRequest, handleHttp } from '../src/api/http.js';
import { API_START_STEP_MILLISECONDS, awsRuntimeFromEnv } from '../src/aws/config.js';
import { accountOfFunction, deployedWorkflowsRegistrar } from '../src/aws/deployed-workflows.js';

const logger = new Logger({ serviceName: 'stepstone-api' });
// StartExecution runs a new execution's first step here when it can: no start message then.
const runtime = awsRuntimeFromEnv({ startStepMilliseconds: API_START_STEP_MILLISECONDS });
const registerDeployed = deployedWorkflowsRegistrar(runtime);
let api: ApiContext | undefined;

/** The account and region the function runs in, from its own ARN. */
function apiContext(context: Context): ApiContext {
  if (api === undefined) {
    // A function URL request may run for at most the function's timeout: keep long polls well inside it.
    const seconds = Math.max(1, Math.floor(context.getRemainingTimeInMillis() / 1000) - 5);
    api = {
      runtime,
      account: accountOfFunction(context.invokedFunctionArn),
      activityPollSeconds: Math.min(20, seconds),
      syncExecutionSeconds: Math.min(300, seconds),
      // A function URL's response holds at most 6 MB (6,291,456 bytes): keep well within it.
      maxResponseBytes: 6_000_000,
      startStepWaitMilliseconds: seconds * 1000,
    };
  }
  return api;
}

/** The Lambda handler. */
export const handler = async (event: HttpRequest, context: Context) => {
  logger.addContext(context);
  try {
    const answering = apiContext(context);
    await registerDeployed?.(answering.account);
    return await handleHttp(answering, event);
  } catch (error) {
    logger.error('request failed', error as Error);
    return failure(500, 'InternalServerError', 'The request could not be processed');
  }
};
