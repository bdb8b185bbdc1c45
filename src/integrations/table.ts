/**
 * The table of integrations Stepstone runs, by `<service>:<action>` as the resource ARN writes it:
 * each with the patterns it supports, the fields its parameters may hold and the IAM actions it needs
 * (so that grants can be derived from a definition), and the table of `.sync` jobs. `aws-sdk:*` is
 * not listed: any service and action of the SDK goes to the generic caller (aws-sdk.ts).
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html
 */
import { apigatewayInvoke } from './apigateway.js';
import {
  athenaGetQueryExecution,
  athenaGetQueryResults,
  athenaStartQueryExecution,
  athenaStopQueryExecution,
} from './athena.js';
import { batchSubmitJob } from './batch.js';
import { bedrockInvokeModel } from './bedrock.js';
import { dynamodbDeleteItem, dynamodbGetItem, dynamodbPutItem, dynamodbUpdateItem } from './dynamodb.js';
import { ecsRunTask } from './ecs.js';
import { eventsPutEvents } from './events.js';
import { glueStartJobRun } from './glue.js';
import { httpInvoke } from './http.js';
import type { ServiceIntegration, SyncJob } from './integration.js';
import { athenaQueryJob, batchSubmitJobJob, ecsTaskJob, glueJobRunJob } from './jobs.js';
import { snsPublish } from './sns.js';
import { sqsSendMessage } from './sqs.js';
import { statesStartExecution, statesStartExecutionJob } from './states.js';

/** Optimised integrations, by `<service>:<action>`. */
export const OPTIMISED_INTEGRATIONS: ReadonlyMap<string, ServiceIntegration> = new Map(
  [
    dynamodbGetItem,
    dynamodbPutItem,
    dynamodbUpdateItem,
    dynamodbDeleteItem,
    snsPublish,
    sqsSendMessage,
    eventsPutEvents,
    athenaStartQueryExecution,
    athenaGetQueryExecution,
    athenaGetQueryResults,
    athenaStopQueryExecution,
    batchSubmitJob,
    ecsRunTask,
    glueStartJobRun,
    bedrockInvokeModel,
    apigatewayInvoke,
    httpInvoke,
    statesStartExecution,
  ].map((integration) => [integration.name, integration]),
);

/**
 * `.sync` jobs, by `<service>:<action>` of their start call (`states:startExecution`): the start,
 * describe and cancel calls, the terminal statuses and the output (see {@link SyncJob}).
 */
export const SYNC_JOBS: ReadonlyMap<string, SyncJob> = new Map(
  [statesStartExecutionJob as SyncJob, athenaQueryJob, batchSubmitJobJob, ecsTaskJob, glueJobRunJob].map((job) => [
    job.name,
    job as SyncJob,
  ]),
);

/** Lambda's integrations, which the Lambda invoker runs (lambda.ts). */
export const LAMBDA_INTEGRATIONS = {
  /** A function ARN as `Resource`. */
  function: { patterns: ['RESPONSE'], iamActions: ['lambda:InvokeFunction'] },
  /** `arn:aws:states:::lambda:invoke`. */
  invoke: { patterns: ['RESPONSE', 'WAIT_FOR_TASK_TOKEN'], iamActions: ['lambda:InvokeFunction'] },
} as const;

/** The patterns `aws-sdk:*` supports. */
export const AWS_SDK_PATTERNS = ['RESPONSE', 'WAIT_FOR_TASK_TOKEN'] as const;
