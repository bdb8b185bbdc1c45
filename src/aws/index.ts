/**
 * The AWS adapters: the runtime's ports on DynamoDB ({@link DynamoStore}), SQS ({@link SqsQueue}) and S3 ({@link S3PayloadStore}),
 * the environment-driven {@link awsRuntimeFromEnv} (whose tasks run through
 * `src/integrations/`), and the helpers that create the table and queues for tests and tooling.
 */
export { decodeJson, encodeJson, itemSize, MAX_ITEM_BYTES } from './codec.js';
export { type AwsRuntimeOptions, awsRuntimeFromEnv, awsSettingsFromEnv, systemClock } from './config.js';
export {
  DEPLOYED_WORKFLOWS_ENV,
  type DeployedWorkflows,
  deployedWorkflowsFromEnv,
  deployedWorkflowsRegistrar,
  registerDeployedWorkflows,
  type WorkflowDocument,
} from './deployed-workflows.js';
export { DynamoRegistry, type DynamoRegistryOptions } from './dynamo-registry.js';
export { type CapacityUsage, DynamoStore, type DynamoStoreOptions } from './dynamo-store.js';
export { createDynamoTable, EXECUTIONS_INDEX, TTL_ATTRIBUTE } from './dynamo-table.js';
export {
  ConfigurationError,
  FrameVersionSkippedError,
  InvalidKeyPartError,
  ItemTooLargeError,
  QueueSendError,
} from './errors.js';
export { S3PayloadStore, type S3PayloadStoreOptions } from './s3-payloads.js';
export { SQS_MAX_DELAY_SECONDS, SqsQueue, type SqsQueueOptions } from './sqs-queue.js';
export { type CreatedQueues, type CreateQueuesOptions, createQueues } from './sqs-setup.js';
