/**
 * The IAM permissions a Task needs, declared by each integration next to the request it renders (as
 * aws-cdk-lib's `aws-stepfunctions-tasks` does), so that a deployment grants exactly what its
 * definitions call: the exact actions (`dynamodb:PutItem`, never `dynamodb:*`) on the resources the
 * definition's parameters name literally. A resource the definition computes at run time
 * (`"TableName.$": "$.table"`) cannot be known from it: the statement then lists the fields it needs,
 * and the deployer names the resources (the CDK `Workflow`'s `taskResources`).
 *
 * This module holds the vocabulary and the helpers integrations use; `definitionPermissions`
 * (definition-permissions.ts) collects the statements of a whole definition.
 */

/** Where a deployment's resources live; values may be CDK tokens (`${Token[AWS.Partition]}`). */
export interface ArnScope {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/** One IAM statement a Task needs. */
export interface PermissionStatement {
  /** Exact IAM actions, `<service>:<Action>`; never a wildcard. */
  readonly actions: readonly string[];
  /** The ARNs the definition names (possibly patterns such as `…:secret:name-??????`). */
  readonly resources: readonly string[];
  /**
   * What the definition leaves to run time that these actions also need resources for, as the fields
   * that hold it (`TableName`, `Entries[].EventBusName`, `the task definition's roles`); empty when
   * the definition names every resource.
   */
  readonly unresolved: readonly string[];
}

/** The `Parameters` (JSONPath) or `Arguments` (JSONata) of a Task as the definition writes them. */
export type TaskParameters = Readonly<Record<string, unknown>>;

/**
 * Parameters the definition computes whole: a Task without `Parameters` (its input is the request), or
 * `Arguments` that are one JSONata expression. Every field of it is computed at run time.
 */
export const COMPUTED_PARAMETERS: TaskParameters = Object.freeze({});

/** What a parameter field holds in the definition. */
export type FieldValue =
  | { readonly kind: 'literal'; readonly value: unknown }
  | { readonly kind: 'dynamic' }
  | { readonly kind: 'absent' };

/** True for a JSONata expression `{% … %}`. */
function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.trimStart().startsWith('{%');
}

/**
 * The value of field `name` of `parameters`: literal, computed at run time (`name.$`, a JSONata
 * expression, or parameters that are themselves one expression), or absent.
 */
export function fieldOf(parameters: TaskParameters | undefined, name: string): FieldValue {
  if (parameters === COMPUTED_PARAMETERS) return { kind: 'dynamic' };
  if (parameters === undefined) return { kind: 'absent' };
  if (Object.hasOwn(parameters, `${name}.$`)) return { kind: 'dynamic' };
  if (!Object.hasOwn(parameters, name)) return { kind: 'absent' };
  const value = parameters[name];
  return isExpression(value) ? { kind: 'dynamic' } : { kind: 'literal', value };
}

/** A literal string field's value; `undefined` when it is absent, computed, or not a string. */
export function literalString(parameters: TaskParameters | undefined, name: string): string | undefined {
  const field = fieldOf(parameters, name);
  return field.kind === 'literal' && typeof field.value === 'string' ? field.value : undefined;
}

/** A field as an object of parameters (a nested template), or undefined. */
export function nestedParameters(parameters: TaskParameters | undefined, name: string): TaskParameters | undefined {
  const field = fieldOf(parameters, name);
  return field.kind === 'literal' && isObject(field.value) ? field.value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>`; `region`/`account` may be emptied (S3). */
export function arnOf(
  scope: ArnScope,
  service: string,
  resource: string,
  options: { readonly region?: string; readonly account?: string } = {},
): string {
  return `arn:${scope.partition}:${service}:${options.region ?? scope.region}:${options.account ?? scope.account}:${resource}`;
}

/**
 * The statement for `actions` on the resource a field names: `toArn` of its literal value (an ARN
 * given as the value is kept as it is), or, when the definition computes it, unresolved under the
 * field's name. An absent field yields `absent` (a resource of the integration's default).
 */
export function statementFor(
  actions: readonly string[],
  parameters: TaskParameters | undefined,
  field: string,
  toArn: (value: string) => string | undefined,
  absent?: string,
): PermissionStatement {
  const found = fieldOf(parameters, field);
  if (found.kind === 'absent') {
    return absent === undefined
      ? { actions, resources: [], unresolved: [field] }
      : { actions, resources: [absent], unresolved: [] };
  }
  if (found.kind === 'literal' && typeof found.value === 'string') {
    const arn = found.value.startsWith('arn:') ? found.value : toArn(found.value);
    if (arn !== undefined) return { actions, resources: [arn], unresolved: [] };
  }
  return { actions, resources: [], unresolved: [field] };
}

/** The ARN of an SQS queue from its URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`). */
export function queueArnOfUrl(scope: ArnScope, url: string): string | undefined {
  const match = /^https?:\/\/([^/]+)\/(\d{12})\/([^/?#]+)\/?$/.exec(url);
  if (match === null) return undefined;
  const region =
    /(?:^|\.)sqs\.([a-z0-9-]+)\.amazonaws\.com/.exec(match[1]!)?.[1] ?? /^([a-z0-9-]+)\.queue\./.exec(match[1]!)?.[1];
  return arnOf(scope, 'sqs', match[3]!, { region: region ?? scope.region, account: match[2]! });
}

/**
 * The ARNs an `s3://bucket/key` URI names for object reads or writes: the object itself, or every
 * object under a prefix ending in `/`.
 */
export function s3ObjectArnOfUri(scope: ArnScope, uri: string): string | undefined {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (match === null) return undefined;
  const key = match[2] ?? '';
  return `arn:${scope.partition}:s3:::${match[1]}/${key === '' || key.endsWith('/') ? `${key}*` : key}`;
}

/** Merges statements with the same actions (their resources and unresolved fields together). */
export function mergeStatements(statements: readonly PermissionStatement[]): PermissionStatement[] {
  const byActions = new Map<string, { actions: readonly string[]; resources: Set<string>; unresolved: Set<string> }>();
  for (const statement of statements) {
    const key = [...statement.actions].sort().join(',');
    const merged = byActions.get(key) ?? { actions: statement.actions, resources: new Set(), unresolved: new Set() };
    byActions.set(key, merged);
    for (const arn of statement.resources) merged.resources.add(arn);
    for (const field of statement.unresolved) merged.unresolved.add(field);
  }
  return [...byActions.values()].map(({ actions, resources, unresolved }) => ({
    actions,
    resources: [...resources],
    unresolved: [...unresolved],
  }));
}
