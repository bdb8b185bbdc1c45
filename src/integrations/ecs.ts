/**
 * Amazon ECS's optimised integration `ecs:runTask` (request-response and `.waitForTaskToken`; the
 * `.sync` job is a `SyncJob`). The request is the API's (`Cluster`, `TaskDefinition`, `LaunchType`,
 * `NetworkConfiguration`, `Overrides`, …); the result is its response (`Tasks`, `Failures`) with
 * `SdkHttpMetadata` and `SdkResponseMetadata`, as recorded on AWS. Errors are `ECS.<Exception>`
 * (`ECS.ClusterNotFoundException`, `ECS.InvalidParameterException`), `ECS.AmazonECSException` for an
 * unmodelled code.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-ecs.html
 */
import { ECSClient, RunTaskCommand } from '@aws-sdk/client-ecs';
import type { ServiceIntegration } from './integration.js';
import { callOptimised } from './optimised.js';
import { arnOf, literalString, nestedParameters, type PermissionStatement, statementFor } from './permissions.js';

/** `arn:aws:states:::ecs:runTask[.waitForTaskToken]`. */
export const ecsRunTask: ServiceIntegration = {
  name: 'ecs:runTask',
  patterns: ['RESPONSE', 'WAIT_FOR_TASK_TOKEN'],
  fields: [
    'CapacityProviderStrategy',
    'Cluster',
    'EnableECSManagedTags',
    'EnableExecuteCommand',
    'Group',
    'LaunchType',
    'NetworkConfiguration',
    'Overrides',
    'PlacementConstraints',
    'PlacementStrategy',
    'PlatformVersion',
    'PropagateTags',
    'ReferenceId',
    'StartedBy',
    'Tags',
    'TaskDefinition',
    'VolumeConfigurations',
  ],
  iamActions: ['ecs:RunTask', 'iam:PassRole'],
  // The task definition (a family: any revision), and passing the roles the task runs with: those an
  // override names, else the task definition's own, which the definition does not show.
  permissions: (parameters, scope) => {
    const overrides = nestedParameters(parameters, 'Overrides');
    const roles = ['TaskRoleArn', 'ExecutionRoleArn'].map((field) => literalString(overrides, field));
    const named = roles.filter((role): role is string => role !== undefined);
    const passRole: PermissionStatement = {
      actions: ['iam:PassRole'],
      resources: named,
      unresolved: named.length === roles.length ? [] : ["the task definition's task and execution roles"],
    };
    return [
      statementFor(['ecs:RunTask'], parameters, 'TaskDefinition', (family) =>
        arnOf(scope, 'ecs', `task-definition/${family.includes(':') ? family : `${family}:*`}`),
      ),
      passRole,
    ];
  },
  call: (request) =>
    callOptimised(request, {
      client: ECSClient,
      command: RunTaskCommand,
      names: { prefix: 'ECS', title: 'AmazonECS', serviceException: 'AmazonECSException' },
      httpMetadata: true,
    }),
};
