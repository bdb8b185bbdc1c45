/**
 * The IAM permissions a whole definition needs for its service integrations: each Task state's
 * statements, as its integration declares them (permissions.ts), and each distributed Map's, for its
 * `ItemReader` and `ResultWriter` (item-reader.ts, result-writer.ts), at any depth (Parallel
 * branches, Map item processors). What the deployment grants the worker is exactly this (the CDK
 * `Workflow`).
 *
 * Lambda resources are not listed: a function's ARN is often a deployment value (`${Name}`), and the
 * CDK `Workflow` grants `lambda:InvokeFunction` on the functions it binds. Resources Stepstone cannot
 * run (validation's `UNSUPPORTED_RESOURCE`) need nothing.
 */
import { isJsonObject, walkDefinition } from '../asl/validate/tree.js';
import { classifyResource } from '../engine/states/task.js';
import { awsSdkPermissions } from './aws-sdk-permissions.js';
import type { ServiceIntegration, SyncJob } from './integration.js';
import { itemReaderPermissions } from './item-reader.js';
import {
  type ArnScope,
  arnOf,
  COMPUTED_PARAMETERS,
  mergeStatements,
  type PermissionStatement,
  type TaskParameters,
} from './permissions.js';
import { resultWriterPermissions } from './result-writer.js';
import { resourceSupport } from './support.js';
import { OPTIMISED_INTEGRATIONS } from './table.js';

/** The permissions of one Task state, or of a distributed Map's reader and writer. */
export interface TaskPermissions {
  /** The state's name. */
  readonly state: string;
  /** Its `Resource` (a Map's: its reader's, else its writer's). */
  readonly resource: string;
  /** What it needs; a statement with `unresolved` fields needs resources the deployer names. */
  readonly statements: readonly PermissionStatement[];
}

/** An integration's statements, or its actions on resources left to the deployer. */
function integrationStatements(
  integration: ServiceIntegration,
  parameters: TaskParameters,
  scope: ArnScope,
): readonly PermissionStatement[] {
  return (
    integration.permissions?.(parameters, scope) ?? [
      { actions: integration.iamActions, resources: [], unresolved: [`the resources ${integration.name} calls`] },
    ]
  );
}

/**
 * What a `.sync` job needs beyond its start call: the job's own statements, or by default the actions
 * of its `iamActions` the start call lacks — EventBridge's on the managed rules Step Functions creates
 * (`StepFunctions…Rule`), the others (describe, stop) on the start call's resources.
 */
function syncStatements(
  job: SyncJob,
  start: readonly PermissionStatement[],
  parameters: TaskParameters,
  scope: ArnScope,
): readonly PermissionStatement[] {
  if (job.permissions !== undefined) return job.permissions(parameters, scope);
  const started = new Set(start.flatMap((s) => s.actions));
  const extra = job.iamActions.filter((action) => !started.has(action));
  const rules = extra.filter((action) => action.startsWith('events:'));
  const others = extra.filter((action) => !action.startsWith('events:'));
  const statements: PermissionStatement[] = [];
  if (rules.length > 0) {
    statements.push({ actions: rules, resources: [arnOf(scope, 'events', 'rule/StepFunctions*')], unresolved: [] });
  }
  if (others.length > 0) {
    const resources = [...new Set(start.flatMap((s) => s.resources))];
    const unresolved = [...new Set(start.flatMap((s) => s.unresolved))];
    statements.push({
      actions: others,
      resources,
      unresolved: resources.length === 0 && unresolved.length === 0 ? [`the resources ${job.name} runs`] : unresolved,
    });
  }
  return statements;
}

/** The statements of one Task resource with its parameters as written. */
export function taskStatements(
  resource: string,
  parameters: TaskParameters,
  deployment: ArnScope,
): readonly PermissionStatement[] {
  const kind = classifyResource(resource);
  const support = resourceSupport({ resource, integration: kind.integration, pattern: kind.pattern });
  if (!support.supported) return [];
  const scope = kind.region === undefined ? deployment : { ...deployment, region: kind.region };
  const { runner } = support;
  switch (runner.kind) {
    case 'lambda':
    case 'activity':
      return [];
    case 'aws-sdk':
      return awsSdkPermissions(runner.service, runner.action, parameters, scope);
    case 'optimised':
      return integrationStatements(runner.integration, parameters, scope);
    case 'sync': {
      const { job } = runner;
      const startIntegration = OPTIMISED_INTEGRATIONS.get(job.name);
      if (startIntegration === undefined) {
        return (
          job.permissions?.(parameters, scope) ?? [
            { actions: job.iamActions, resources: [], unresolved: [`the resources ${job.name} runs`] },
          ]
        );
      }
      const start = integrationStatements(startIntegration, parameters, scope);
      return mergeStatements([...start, ...syncStatements(job, start, parameters, scope)]);
    }
    default:
      return runner satisfies never;
  }
}

/**
 * The statements of a Map state's `ItemReader` and `ResultWriter` that call S3, with the resource
 * that names the first (none: an empty list).
 */
function mapStatements(
  state: Record<string, unknown>,
  scope: ArnScope,
): { resource: string; statements: PermissionStatement[] } {
  const reader = isJsonObject(state.ItemReader) ? state.ItemReader : undefined;
  const writer = isJsonObject(state.ResultWriter) ? state.ResultWriter : undefined;
  const statements: PermissionStatement[] = [];
  let resource = '';
  if (reader !== undefined && typeof reader.Resource === 'string') {
    const config = isJsonObject(reader.ReaderConfig) ? reader.ReaderConfig : {};
    statements.push(...itemReaderPermissions(reader.Resource, parametersOf(reader), config.InputType, scope));
    resource = reader.Resource;
  }
  if (writer !== undefined && typeof writer.Resource === 'string') {
    statements.push(...resultWriterPermissions(parametersOf(writer), scope));
    resource ||= writer.Resource;
  }
  return { resource, statements: mergeStatements(statements) };
}

/** The parameters of a Task state as written: computed whole when it has none or one expression. */
function parametersOf(state: Record<string, unknown>): TaskParameters {
  const written = state.Parameters ?? state.Arguments;
  return isJsonObject(written) ? written : COMPUTED_PARAMETERS;
}

/**
 * The permissions every Task state and distributed Map of `definition` needs (see the module
 * comment), in document order; states that need none are left out.
 *
 * @example
 * definitionPermissions(definition, { partition: 'aws', region: 'us-east-1', account: '123456789012' });
 * // [{ state: 'Save', resource: 'arn:aws:states:::dynamodb:putItem',
 * //    statements: [{ actions: ['dynamodb:PutItem'], resources: ['arn:aws:dynamodb:us-east-1:123456789012:table/orders'], unresolved: [] }] }]
 */
export function definitionPermissions(definition: unknown, scope: ArnScope): TaskPermissions[] {
  if (!isJsonObject(definition)) return [];
  return walkDefinition(definition).states.flatMap((state) => {
    if (state.type === 'Map') {
      const map = mapStatements(state.value, scope);
      return map.statements.length === 0 ? [] : [{ state: state.name, ...map }];
    }
    const resource = state.value.Resource;
    if (state.type !== 'Task' || typeof resource !== 'string') return [];
    const statements = taskStatements(resource, parametersOf(state.value), scope);
    return statements.length === 0 ? [] : [{ state: state.name, resource, statements }];
  });
}
