/**
 * What a Task's `Resource` calls: Lambda, Step Functions' optimised integrations (DynamoDB, SNS, SQS,
 * EventBridge, Athena, Batch, ECS, Glue, Bedrock, API Gateway, the HTTP Task), any AWS SDK action through `aws-sdk:*`, and the S3 calls a Distributed Map makes; all
 * behind the runtime's `TaskInvoker` port ({@link IntegrationInvoker}). See docs/integrations.md.
 */
export { awsSdkIamAction, callAwsSdk, type SdkCommandLookup, sdkCommandOf } from './aws-sdk.js';
export {
  AwsClients,
  type AwsClientsOptions,
  MissingClientPackageError,
  NoEndpointError,
  type SdkClient,
  type SdkClientClass,
} from './clients.js';
export { type ConnectionCredentials, connectionCredentials } from './connection.js';
export { definitionPermissions, type TaskPermissions, taskStatements } from './definition-permissions.js';
export { sdkErrorPrefix, unsupported } from './errors.js';
export type {
  IntegrationPattern,
  IntegrationRequest,
  JobCall,
  JobFailure,
  ServiceIntegration,
  SyncJob,
  SyncVariant,
} from './integration.js';
export { IntegrationInvoker, type IntegrationInvokerOptions } from './invoker.js';
export { LambdaInvoker, type LambdaInvokerOptions } from './lambda.js';
export type { ArnScope, PermissionStatement, TaskParameters } from './permissions.js';
export {
  UNSUPPORTED_RESOURCE,
  unsupportedResourceDetail,
  unsupportedResources,
  validateWorkflowDefinition,
} from './resource-rule.js';
export { getObjectText, listObjectsV2, type ObjectLocation, putObjectText } from './s3.js';
export { type ResourceRunner, type ResourceSupport, resourceSupport } from './support.js';
export { AWS_SDK_PATTERNS, LAMBDA_INTEGRATIONS, OPTIMISED_INTEGRATIONS, SYNC_JOBS } from './table.js';
