/**
 * The IAM statements of an `aws-sdk:<service>:<action>` Task: its action (`awsSdkIamAction`) on the
 * resources that the parameters name in the fields each service identifies its resources by
 * (`Bucket`/`Key`, `TableName`, `QueueUrl`, `TopicArn`, `SecretId`, `StateMachineArn`, …). Any other
 * service's resources are left to the deployer (`unresolved`).
 */
import { awsSdkIamAction } from './aws-sdk.js';
import {
  type ArnScope,
  arnOf,
  fieldOf,
  literalString,
  type PermissionStatement,
  queueArnOfUrl,
  statementFor,
  type TaskParameters,
} from './permissions.js';

/** How a service's calls name their resource: the field, and its value as an ARN. */
interface ResourceField {
  readonly field: string;
  readonly arn: (value: string, scope: ArnScope) => string | undefined;
}

/** The resource fields of the services whose calls Step Functions workflows make most. */
const RESOURCE_FIELDS: Readonly<Record<string, readonly ResourceField[]>> = {
  dynamodb: [{ field: 'TableName', arn: (name, scope) => arnOf(scope, 'dynamodb', `table/${name}`) }],
  sqs: [{ field: 'QueueUrl', arn: (url, scope) => queueArnOfUrl(scope, url) }],
  sns: [
    { field: 'TopicArn', arn: () => undefined },
    { field: 'TargetArn', arn: () => undefined },
  ],
  secretsmanager: [
    // A secret's ARN ends in six random characters after its name.
    { field: 'SecretId', arn: (name, scope) => arnOf(scope, 'secretsmanager', `secret:${name}-??????`) },
  ],
  sfn: [
    { field: 'StateMachineArn', arn: () => undefined },
    { field: 'ExecutionArn', arn: () => undefined },
  ],
  lambda: [{ field: 'FunctionName', arn: (name, scope) => arnOf(scope, 'lambda', `function:${name}`) }],
  eventbridge: [{ field: 'EventBusName', arn: (name, scope) => arnOf(scope, 'events', `event-bus/${name}`) }],
  ssm: [
    {
      field: 'Name',
      arn: (name, scope) => arnOf(scope, 'ssm', `parameter${name.startsWith('/') ? '' : '/'}${name}`),
    },
  ],
  kms: [{ field: 'KeyId', arn: (id, scope) => arnOf(scope, 'kms', id.startsWith('alias/') ? id : `key/${id}`) }],
};

/** S3: the bucket, or with a `Key` the object (every object when the key is computed at run time). */
function s3Statement(action: string, parameters: TaskParameters | undefined, scope: ArnScope): PermissionStatement {
  const bucket = literalString(parameters, 'Bucket');
  if (bucket === undefined) return { actions: [action], resources: [], unresolved: ['Bucket'] };
  const key = fieldOf(parameters, 'Key');
  const base = `arn:${scope.partition}:s3:::${bucket}`;
  if (key.kind === 'absent') return { actions: [action], resources: [base], unresolved: [] };
  const object = key.kind === 'literal' && typeof key.value === 'string' ? key.value : '*';
  return { actions: [action], resources: [`${base}/${object}`], unresolved: [] };
}

/** The statements of `aws-sdk:<service>:<action>` (see the module comment). */
export function awsSdkPermissions(
  service: string,
  action: string,
  parameters: TaskParameters | undefined,
  scope: ArnScope,
): PermissionStatement[] {
  const iamAction = awsSdkIamAction(service, action);
  if (service === 's3') return [s3Statement(iamAction, parameters, scope)];
  const fields = RESOURCE_FIELDS[service] ?? [];
  const named = fields.find(({ field }) => fieldOf(parameters, field).kind !== 'absent');
  if (named === undefined) {
    return [{ actions: [iamAction], resources: [], unresolved: [`the resources ${service}:${action} names`] }];
  }
  return [statementFor([iamAction], parameters, named.field, (value) => named.arn(value, scope))];
}
