/**
 * AWS Glue's optimised integration `glue:startJobRun` (request-response; the `.sync` job is a row
 * `SyncJob`). The request is the API's (`JobName`, `Arguments`, `WorkerType`, …); the result is its
 * response (`JobRunId`) with the request's `JobName` added, as Step Functions adds it, and
 * `SdkHttpMetadata` and `SdkResponseMetadata`. Errors are `Glue.<Exception>`
 * (`Glue.EntityNotFoundException`), `Glue.AWSGlueException` for an unmodelled code.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-glue.html
 */
import { GlueClient, StartJobRunCommand } from '@aws-sdk/client-glue';
import type { ServiceIntegration } from './integration.js';
import { callOptimised } from './optimised.js';
import { arnOf, statementFor } from './permissions.js';

/** `arn:aws:states:::glue:startJobRun`. */
export const glueStartJobRun: ServiceIntegration = {
  name: 'glue:startJobRun',
  patterns: ['RESPONSE'],
  fields: [
    'AllocatedCapacity',
    'Arguments',
    'ExecutionClass',
    'JobName',
    'JobRunId',
    'JobRunQueuingEnabled',
    'MaxCapacity',
    'NotificationProperty',
    'NumberOfWorkers',
    'SecurityConfiguration',
    'Timeout',
    'WorkerType',
  ],
  iamActions: ['glue:StartJobRun'],
  // The job, by name.
  permissions: (parameters, scope) => [
    statementFor(['glue:StartJobRun'], parameters, 'JobName', (name) => arnOf(scope, 'glue', `job/${name}`)),
  ],
  call: (request) =>
    callOptimised(request, {
      client: GlueClient,
      command: StartJobRunCommand,
      names: { prefix: 'Glue', title: 'AWSGlue', serviceException: 'AWSGlueException' },
      httpMetadata: true,
      shape: (output, parameters) => ({ JobName: parameters.JobName, ...output }),
    }),
};
