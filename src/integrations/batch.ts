/**
 * AWS Batch's optimised integration `batch:submitJob` (request-response and `.waitForTaskToken`; the
 * `.sync` job is a `SyncJob`). The request is the API's (`JobName`, `JobDefinition`, `JobQueue`, …);
 * the result is its response (`JobArn`, `JobId`, `JobName`) with `SdkHttpMetadata` and
 * `SdkResponseMetadata`. Errors are `Batch.<Exception>` (`Batch.ClientException`), the cause in the
 * AWS SDK for Java 1.x form (`… (Service: AWSBatch; Status Code: 400; Error Code: ClientException; …)`).
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-batch.html
 */
import { BatchClient, SubmitJobCommand } from '@aws-sdk/client-batch';
import type { ServiceIntegration } from './integration.js';
import { callOptimised } from './optimised.js';
import { arnOf, statementFor } from './permissions.js';

/** `arn:aws:states:::batch:submitJob[.waitForTaskToken]`. */
export const batchSubmitJob: ServiceIntegration = {
  name: 'batch:submitJob',
  patterns: ['RESPONSE', 'WAIT_FOR_TASK_TOKEN'],
  fields: [
    'ArrayProperties',
    'ContainerOverrides',
    'DependsOn',
    'EcsPropertiesOverride',
    'EksPropertiesOverride',
    'JobDefinition',
    'JobName',
    'JobQueue',
    'NodeOverrides',
    'Parameters',
    'PropagateTags',
    'RetryStrategy',
    'SchedulingPriorityOverride',
    'ShareIdentifier',
    'Tags',
    'Timeout',
  ],
  iamActions: ['batch:SubmitJob'],
  // The job definition (by name, name:revision or ARN; any revision of a name) and the job queue.
  permissions: (parameters, scope) => [
    statementFor(['batch:SubmitJob'], parameters, 'JobDefinition', (name) =>
      arnOf(scope, 'batch', `job-definition/${name.includes(':') ? name : `${name}:*`}`),
    ),
    statementFor(['batch:SubmitJob'], parameters, 'JobQueue', (name) => arnOf(scope, 'batch', `job-queue/${name}`)),
  ],
  call: (request) =>
    callOptimised(request, {
      client: BatchClient,
      command: SubmitJobCommand,
      names: { prefix: 'Batch', title: 'AWSBatch', serviceException: 'AWSBatchException' },
      httpMetadata: true,
    }),
};
