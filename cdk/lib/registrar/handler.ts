/**
 * The registration function behind `Custom::StepstoneStateMachine` (see registration.ts): registers
 * a definition version in the engine's table through the DynamoDB store, then answers CloudFormation.
 * Environment: `STEPSTONE_TABLE` and `STEPSTONE_QUEUE_URL` (see src/aws/config.ts).
 */
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { awsRuntimeFromEnv } from '../../../src/aws/config.js';
import { registerStateMachine } from '../../../src/runtime/lifecycle.js';
import { handleRegistration, sendResponse } from './registration.js';

/** The Lambda handler. */
export const handler = async (event: CloudFormationCustomResourceEvent, context: Context): Promise<void> => {
  // The runtime is built inside the request, so that a configuration error is answered as FAILED.
  const response = await handleRegistration(
    event,
    (machine) => registerStateMachine(awsRuntimeFromEnv(), machine),
    context.logStreamName,
  );
  console.log(JSON.stringify({ request: event.RequestType, status: response.Status, reason: response.Reason }));
  await sendResponse(event.ResponseURL, response);
};
