/**
 * State machines, their versions and their aliases, as Step Functions' control plane manages them:
 * create (idempotent for an identical request), update, describe, list and delete; publish immutable
 * versions; route aliases to one or two versions by weight. Definitions are validated with the
 * precise diagnostics of `stepstone validate` and stored by content hash, so an execution keeps the
 * version it started with whatever happens to its state machine.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-state-machine-version.html
 */
import { randomUUID } from 'node:crypto';
import { InvalidDefinitionError, parseDefinition } from '../asl/validate/index.js';
import { compileProgram } from '../engine/program.js';
import {
  ConflictException,
  InvalidArn,
  InvalidDefinition,
  InvalidName,
  MissingRequiredParameter,
  ResourceNotFound,
  StateMachineAlreadyExists,
  StateMachineDoesNotExist,
  ValidationException,
} from './errors.js';
import { definitionHash, type StateMachineRef } from './lifecycle.js';
import { type Account, checkName, isValidAliasName, stateMachineTarget, statesArn } from './names.js';
import type { Page, StateMachineRecord } from './ports.js';
import type {
  PageQuery,
  Registry,
  RoutingConfigurationEntry,
  StateMachineAliasRecord,
  StateMachineVersionRecord,
  Tags,
} from './registry.js';
import type { Runtime } from './runtime.js';

/** The registry of a runtime; a runtime built without one cannot serve the control plane. */
export function registryOf(runtime: Runtime): Registry {
  const registry = runtime.deps.registry;
  if (registry === undefined)
    throw new Error('this runtime was built without a registry (RuntimeDependencies.registry)');
  return registry;
}

/** Parameters of {@link createStateMachine}. */
export interface CreateStateMachineInput {
  readonly name: string;
  /** The definition as JSON text. */
  readonly definition: string;
  readonly roleArn?: string | undefined;
  /** @default 'STANDARD' */
  readonly type?: 'STANDARD' | 'EXPRESS' | undefined;
  readonly loggingConfiguration?: unknown;
  readonly tracingConfiguration?: unknown;
  /** Publishes version 1 as well. */
  readonly publish?: boolean | undefined;
  readonly versionDescription?: string | undefined;
  readonly tags?: Tags | undefined;
}

/** What {@link createStateMachine} returns. */
export interface CreatedStateMachine {
  readonly stateMachineArn: string;
  readonly creationDate: string;
  readonly stateMachineVersionArn?: string | undefined;
}

/**
 * `CreateStateMachine`. Idempotent: the same name with the same definition, role, type and
 * configuration returns the existing state machine; anything else under a taken name fails with
 * `StateMachineAlreadyExists`.
 */
export async function createStateMachine(
  runtime: Runtime,
  account: Account,
  input: CreateStateMachineInput,
): Promise<CreatedStateMachine> {
  checkName(input.name, 'state machine');
  checkVersionDescription(input.publish, input.versionDescription);
  const stateMachineArn = statesArn(account, 'stateMachine', input.name);
  const hash = await storeDefinition(runtime, input.definition);
  const type = input.type ?? 'STANDARD';
  const { store } = runtime.deps;
  const existing = await store.getStateMachine(stateMachineArn);
  if (existing !== undefined) {
    const same =
      existing.definitionHash === hash &&
      existing.type === type &&
      (existing.roleArn ?? '') === (input.roleArn ?? '') &&
      sameJson(existing.loggingConfiguration, input.loggingConfiguration) &&
      sameJson(existing.tracingConfiguration, input.tracingConfiguration);
    if (!same) throw new StateMachineAlreadyExists(stateMachineArn);
    return { stateMachineArn, creationDate: existing.creationDate ?? existing.updatedAt };
  }
  const now = new Date(runtime.deps.clock.now()).toISOString();
  await store.putStateMachine(
    withoutUndefined({
      stateMachineArn,
      name: input.name,
      definitionHash: hash,
      type,
      roleArn: input.roleArn,
      updatedAt: now,
      creationDate: now,
      revisionId: randomUUID(),
      loggingConfiguration: input.loggingConfiguration,
      tracingConfiguration: input.tracingConfiguration,
    }),
  );
  if (input.tags !== undefined && Object.keys(input.tags).length > 0) {
    await registryOf(runtime).tagResource(stateMachineArn, input.tags);
  }
  const version =
    input.publish === true
      ? await publishStateMachineVersion(runtime, stateMachineArn, { description: input.versionDescription })
      : undefined;
  return { stateMachineArn, creationDate: now, stateMachineVersionArn: version?.stateMachineVersionArn };
}

/** Parameters of {@link updateStateMachine}. */
export interface UpdateStateMachineInput {
  readonly definition?: string | undefined;
  readonly roleArn?: string | undefined;
  readonly loggingConfiguration?: unknown;
  readonly tracingConfiguration?: unknown;
  readonly publish?: boolean | undefined;
  readonly versionDescription?: string | undefined;
}

/**
 * `UpdateStateMachine`: new executions run the new definition; running ones keep theirs. At least
 * one of definition, role, logging or tracing configuration must be given.
 */
export async function updateStateMachine(
  runtime: Runtime,
  stateMachineArn: string,
  input: UpdateStateMachineInput,
): Promise<{ updateDate: string; revisionId: string; stateMachineVersionArn?: string | undefined }> {
  const target = stateMachineTarget(stateMachineArn);
  if (target.kind !== 'stateMachine') {
    throw new ValidationException(`Update the state machine itself, not its ${target.kind}: '${stateMachineArn}'`);
  }
  if (
    input.definition === undefined &&
    input.roleArn === undefined &&
    input.loggingConfiguration === undefined &&
    input.tracingConfiguration === undefined
  ) {
    throw new MissingRequiredParameter(
      'Either the definition, the roleArn, the loggingConfiguration or the tracingConfiguration must be specified',
    );
  }
  checkVersionDescription(input.publish, input.versionDescription);
  const record = await existingStateMachine(runtime, stateMachineArn);
  const hash =
    input.definition === undefined ? record.definitionHash : await storeDefinition(runtime, input.definition);
  const updateDate = new Date(runtime.deps.clock.now()).toISOString();
  const revisionId = randomUUID();
  await runtime.deps.store.putStateMachine(
    withoutUndefined({
      ...record,
      definitionHash: hash,
      roleArn: input.roleArn ?? record.roleArn,
      loggingConfiguration: input.loggingConfiguration ?? record.loggingConfiguration,
      tracingConfiguration: input.tracingConfiguration ?? record.tracingConfiguration,
      creationDate: record.creationDate ?? record.updatedAt,
      updatedAt: updateDate,
      revisionId,
    }),
  );
  const version =
    input.publish === true
      ? await publishStateMachineVersion(runtime, stateMachineArn, { description: input.versionDescription })
      : undefined;
  return { updateDate, revisionId, stateMachineVersionArn: version?.stateMachineVersionArn };
}

/** `DeleteStateMachine`: the state machine, its versions, aliases and tags go; running executions go on. */
export async function deleteStateMachine(runtime: Runtime, stateMachineArn: string): Promise<void> {
  const target = stateMachineTarget(stateMachineArn);
  if (target.kind !== 'stateMachine') {
    throw new ValidationException(
      `'${stateMachineArn}' is a ${target.kind} ARN: delete it with DeleteStateMachine${target.kind === 'version' ? 'Version' : 'Alias'}`,
    );
  }
  const registry = registryOf(runtime);
  await registry.deleteStateMachine(stateMachineArn);
  const tags = await registry.listTags(stateMachineArn);
  await registry.untagResource(stateMachineArn, Object.keys(tags));
}

/** What `DescribeStateMachine` reports (dates ISO-8601). */
export interface StateMachineDescription {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: 'ACTIVE';
  readonly definition: string;
  readonly roleArn: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly creationDate: string;
  readonly loggingConfiguration: unknown;
  readonly tracingConfiguration: unknown;
  readonly revisionId?: string | undefined;
  readonly description?: string | undefined;
}

/** `DescribeStateMachine` of a state machine or of one of its versions. */
export async function describeStateMachine(runtime: Runtime, arn: string): Promise<StateMachineDescription> {
  const target = stateMachineTarget(arn);
  if (target.kind === 'alias') throw new InvalidArn(arn);
  if (target.kind === 'version') {
    const version = await registryOf(runtime).getVersion(arn);
    if (version === undefined) throw new StateMachineDoesNotExist(arn);
    const machine = await runtime.deps.store.getStateMachine(target.stateMachineArn);
    return {
      ...(await describeRecord(runtime, {
        ...(machine ?? {}),
        stateMachineArn: arn,
        name: target.name,
        definitionHash: version.definitionHash,
        type: version.type,
        roleArn: version.roleArn,
        creationDate: version.creationDate,
        updatedAt: version.creationDate,
        revisionId: version.revisionId,
      })),
      ...(version.description === undefined ? {} : { description: version.description }),
    };
  }
  return describeRecord(runtime, await existingStateMachine(runtime, arn));
}

/** A state machine record with its definition text and the defaults AWS reports. */
export async function describeRecord(runtime: Runtime, record: StateMachineRecord): Promise<StateMachineDescription> {
  const definition = (await runtime.deps.store.getDefinition(record.definitionHash)) ?? '';
  const account = /^arn:([^:]+):states:[^:]*:([^:]*):/.exec(record.stateMachineArn);
  return withoutUndefined({
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: 'ACTIVE' as const,
    definition,
    roleArn: record.roleArn ?? `arn:${account?.[1] ?? 'aws'}:iam::${account?.[2] ?? ''}:role/StepstoneExecutionRole`,
    type: record.type,
    creationDate: record.creationDate ?? record.updatedAt,
    loggingConfiguration: record.loggingConfiguration ?? { level: 'OFF', includeExecutionData: false },
    tracingConfiguration: record.tracingConfiguration ?? { enabled: false },
    revisionId: record.revisionId,
  });
}

/** `ListStateMachines`. */
export async function listStateMachines(runtime: Runtime, query: PageQuery): Promise<Page<StateMachineRecord>> {
  return registryOf(runtime).listStateMachines(query);
}

/**
 * `PublishStateMachineVersion`: an immutable version of the current definition and role. Publishing
 * a revision that is already the latest version returns that version; a `revisionId` that is not
 * the current one fails with `ConflictException`.
 */
export async function publishStateMachineVersion(
  runtime: Runtime,
  stateMachineArn: string,
  params: { revisionId?: string | undefined; description?: string | undefined } = {},
): Promise<{ stateMachineVersionArn: string; creationDate: string }> {
  const target = stateMachineTarget(stateMachineArn);
  if (target.kind !== 'stateMachine') throw new ValidationException(`Publish a state machine, not a ${target.kind}`);
  const record = await existingStateMachine(runtime, stateMachineArn);
  const revisionId = record.revisionId ?? record.definitionHash;
  if (params.revisionId !== undefined && params.revisionId !== revisionId) {
    throw new ConflictException(
      `The revisionId '${params.revisionId}' is not the state machine's current revision '${revisionId}'`,
    );
  }
  const registry = registryOf(runtime);
  const latest = (await registry.listVersions(stateMachineArn, { limit: 1 })).items[0];
  if (latest !== undefined && latest.revisionId === revisionId) {
    return { stateMachineVersionArn: latest.stateMachineVersionArn, creationDate: latest.creationDate };
  }
  const version = await registry.nextVersionNumber(stateMachineArn);
  const creationDate = new Date(runtime.deps.clock.now()).toISOString();
  const stateMachineVersionArn = `${stateMachineArn}:${version}`;
  await registry.putVersion(
    withoutUndefined({
      stateMachineVersionArn,
      stateMachineArn,
      version,
      definitionHash: record.definitionHash,
      type: record.type,
      roleArn: record.roleArn,
      description: params.description,
      revisionId,
      creationDate,
    }),
  );
  return { stateMachineVersionArn, creationDate };
}

/** `ListStateMachineVersions`: newest first. */
export async function listStateMachineVersions(
  runtime: Runtime,
  stateMachineArn: string,
  query: PageQuery,
): Promise<Page<StateMachineVersionRecord>> {
  const target = stateMachineTarget(stateMachineArn);
  if (target.kind !== 'stateMachine')
    throw new ValidationException(`List the versions of a state machine, not of a ${target.kind}`);
  await existingStateMachine(runtime, stateMachineArn);
  return registryOf(runtime).listVersions(stateMachineArn, query);
}

/** `DeleteStateMachineVersion`: refused with `ConflictException` while an alias routes to it. */
export async function deleteStateMachineVersion(runtime: Runtime, stateMachineVersionArn: string): Promise<void> {
  const target = stateMachineTarget(stateMachineVersionArn);
  if (target.kind !== 'version') throw new ValidationException(`'${stateMachineVersionArn}' is not a version ARN`);
  const registry = registryOf(runtime);
  const aliases = await allPages((nextToken) => registry.listAliases(target.stateMachineArn, { nextToken }));
  const routing = aliases.find((a) =>
    a.routingConfiguration.some((r) => r.stateMachineVersionArn === stateMachineVersionArn),
  );
  if (routing !== undefined) {
    throw new ConflictException(
      `Version '${stateMachineVersionArn}' is referenced by alias '${routing.stateMachineAliasArn}': update or delete the alias first`,
    );
  }
  await registry.deleteVersion(stateMachineVersionArn);
}

/** Parameters of {@link createStateMachineAlias}. */
export interface CreateAliasInput {
  readonly name: string;
  readonly description?: string | undefined;
  readonly routingConfiguration: readonly RoutingConfigurationEntry[];
}

/**
 * `CreateStateMachineAlias`: idempotent for an identical alias, `ConflictException` for another
 * under the same name.
 */
export async function createStateMachineAlias(
  runtime: Runtime,
  input: CreateAliasInput,
): Promise<{ stateMachineAliasArn: string; creationDate: string }> {
  if (!isValidAliasName(input.name)) {
    throw new InvalidName(
      `Invalid Name: '${input.name}' (an alias name has 1–80 letters, digits, '-', '_' and '.', and is not only digits)`,
    );
  }
  const stateMachineArn = await checkRouting(runtime, input.routingConfiguration);
  const stateMachineAliasArn = `${stateMachineArn}:${input.name}`;
  const registry = registryOf(runtime);
  const existing = await registry.getAlias(stateMachineAliasArn);
  if (existing !== undefined) {
    if (
      existing.description === input.description &&
      sameRouting(existing.routingConfiguration, input.routingConfiguration)
    ) {
      return { stateMachineAliasArn, creationDate: existing.creationDate };
    }
    throw new ConflictException(`Alias '${stateMachineAliasArn}' exists with another configuration`);
  }
  const creationDate = new Date(runtime.deps.clock.now()).toISOString();
  await registry.putAlias(
    withoutUndefined({
      stateMachineAliasArn,
      stateMachineArn,
      name: input.name,
      description: input.description,
      routingConfiguration: input.routingConfiguration,
      creationDate,
      updateDate: creationDate,
    }),
  );
  return { stateMachineAliasArn, creationDate };
}

/** `UpdateStateMachineAlias`. */
export async function updateStateMachineAlias(
  runtime: Runtime,
  stateMachineAliasArn: string,
  input: { description?: string | undefined; routingConfiguration?: readonly RoutingConfigurationEntry[] | undefined },
): Promise<{ updateDate: string }> {
  if (input.description === undefined && input.routingConfiguration === undefined) {
    throw new MissingRequiredParameter('Either the description or the routingConfiguration must be specified');
  }
  const alias = await existingAlias(runtime, stateMachineAliasArn);
  if (input.routingConfiguration !== undefined) {
    const owner = await checkRouting(runtime, input.routingConfiguration);
    if (owner !== alias.stateMachineArn) {
      throw new ValidationException(
        `An alias routes only to versions of its own state machine '${alias.stateMachineArn}'`,
      );
    }
  }
  const updateDate = new Date(runtime.deps.clock.now()).toISOString();
  await registryOf(runtime).putAlias(
    withoutUndefined({
      ...alias,
      description: input.description ?? alias.description,
      routingConfiguration: input.routingConfiguration ?? alias.routingConfiguration,
      updateDate,
    }),
  );
  return { updateDate };
}

/** `DescribeStateMachineAlias`; `ResourceNotFound` for an unknown alias. */
export async function describeStateMachineAlias(runtime: Runtime, arn: string): Promise<StateMachineAliasRecord> {
  return existingAlias(runtime, arn);
}

/** `DeleteStateMachineAlias` (an unknown alias is no error). */
export async function deleteStateMachineAlias(runtime: Runtime, arn: string): Promise<void> {
  const target = stateMachineTarget(arn);
  if (target.kind !== 'alias') throw new ValidationException(`'${arn}' is not an alias ARN`);
  await registryOf(runtime).deleteAlias(arn);
}

/** `ListStateMachineAliases`. */
export async function listStateMachineAliases(
  runtime: Runtime,
  stateMachineArn: string,
  query: PageQuery,
): Promise<Page<StateMachineAliasRecord>> {
  const target = stateMachineTarget(stateMachineArn);
  if (target.kind !== 'stateMachine')
    throw new ValidationException(`List the aliases of a state machine, not of a ${target.kind}`);
  await existingStateMachine(runtime, stateMachineArn);
  return registryOf(runtime).listAliases(stateMachineArn, query);
}

/**
 * What an execution started on `arn` runs: the state machine's current definition, a version's, or
 * the version an alias routes this execution to (picked by weight with `random`).
 */
export async function resolveStartTarget(
  runtime: Runtime,
  arn: string,
  random: () => number = Math.random,
): Promise<StateMachineRef & { readonly definitionHash: string }> {
  const target = stateMachineTarget(arn);
  if (target.kind === 'stateMachine') {
    const record = await existingStateMachine(runtime, arn);
    return fromHash(runtime, record.stateMachineArn, record.definitionHash, record.type, record.roleArn, record);
  }
  const registry = registryOf(runtime);
  let versionArn = arn;
  let aliasArn: string | undefined;
  if (target.kind === 'alias') {
    const alias = await registry.getAlias(arn);
    if (alias === undefined) throw new StateMachineDoesNotExist(arn);
    versionArn = pickRoute(alias.routingConfiguration, random);
    aliasArn = arn;
  }
  const version = await registry.getVersion(versionArn);
  if (version === undefined) throw new StateMachineDoesNotExist(versionArn);
  // The quotas a deployment lifted and the retention belong to the state machine, whichever version runs.
  const machine = await runtime.deps.store.getStateMachine(target.stateMachineArn);
  return {
    ...(await fromHash(
      runtime,
      target.stateMachineArn,
      version.definitionHash,
      version.type,
      version.roleArn,
      machine,
    )),
    stateMachineVersionArn: versionArn,
    ...(aliasArn === undefined ? {} : { stateMachineAliasArn: aliasArn }),
  };
}

async function fromHash(
  runtime: Runtime,
  stateMachineArn: string,
  hash: string,
  type: 'STANDARD' | 'EXPRESS',
  roleArn: string | undefined,
  machine: Pick<StateMachineRecord, 'quotas' | 'retentionSeconds'> | undefined,
): Promise<StateMachineRef & { readonly definitionHash: string }> {
  const definition = await runtime.deps.store.getDefinition(hash);
  if (definition === undefined) throw new StateMachineDoesNotExist(stateMachineArn);
  const { quotas, retentionSeconds } = machine ?? {};
  return withoutUndefined({
    stateMachineArn,
    definition,
    type,
    roleArn,
    quotas,
    retentionSeconds,
    definitionHash: hash,
  });
}

/** The version an execution goes to: the first route takes `weight`% of executions. */
function pickRoute(routes: readonly RoutingConfigurationEntry[], random: () => number): string {
  const draw = random() * 100;
  let sum = 0;
  for (const route of routes) {
    sum += route.weight;
    if (draw < sum) return route.stateMachineVersionArn;
  }
  return routes[routes.length - 1]!.stateMachineVersionArn;
}

/** Checks a routing configuration and returns the state machine its versions belong to. */
async function checkRouting(runtime: Runtime, routes: readonly RoutingConfigurationEntry[]): Promise<string> {
  if (routes.length < 1 || routes.length > 2) {
    throw new ValidationException('routingConfiguration takes one or two versions');
  }
  const total = routes.reduce((sum, r) => sum + r.weight, 0);
  if (routes.some((r) => !Number.isInteger(r.weight) || r.weight < 0 || r.weight > 100) || total !== 100) {
    throw new ValidationException(
      'The weights of routingConfiguration are whole numbers from 0 to 100 that add up to 100',
    );
  }
  if (routes.length === 2 && routes[0]!.stateMachineVersionArn === routes[1]!.stateMachineVersionArn) {
    throw new ValidationException('routingConfiguration names the same version twice');
  }
  const owners = new Set<string>();
  for (const route of routes) {
    const target = stateMachineTarget(route.stateMachineVersionArn);
    if (target.kind !== 'version') {
      throw new ValidationException(
        `routingConfiguration takes version ARNs: '${route.stateMachineVersionArn}' is not one`,
      );
    }
    if ((await registryOf(runtime).getVersion(route.stateMachineVersionArn)) === undefined) {
      throw new ResourceNotFound(route.stateMachineVersionArn);
    }
    owners.add(target.stateMachineArn);
  }
  if (owners.size !== 1) throw new ValidationException('The versions of an alias belong to one state machine');
  return [...owners][0]!;
}

function sameRouting(a: readonly RoutingConfigurationEntry[], b: readonly RoutingConfigurationEntry[]): boolean {
  return (
    a.length === b.length &&
    a.every((r, i) => r.stateMachineVersionArn === b[i]?.stateMachineVersionArn && r.weight === b[i]?.weight)
  );
}

async function existingStateMachine(runtime: Runtime, stateMachineArn: string): Promise<StateMachineRecord> {
  const record = await runtime.deps.store.getStateMachine(stateMachineArn);
  if (record === undefined) throw new StateMachineDoesNotExist(stateMachineArn);
  return record;
}

async function existingAlias(runtime: Runtime, arn: string): Promise<StateMachineAliasRecord> {
  const target = stateMachineTarget(arn);
  if (target.kind !== 'alias') throw new InvalidArn(arn);
  const alias = await registryOf(runtime).getAlias(arn);
  if (alias === undefined) throw new ResourceNotFound(arn);
  return alias;
}

/** Validates a definition (`InvalidDefinition` with every diagnostic) and stores it; returns its hash. */
async function storeDefinition(runtime: Runtime, definition: string): Promise<string> {
  const hash = definitionHash(definition);
  if (runtime.cachedProgram(hash) === undefined) {
    try {
      runtime.rememberProgram(hash, compileProgram(parseDefinition(definition)));
    } catch (error) {
      if (error instanceof InvalidDefinitionError) throw new InvalidDefinition(error.message);
      throw error;
    }
  }
  await runtime.deps.store.putDefinition(hash, definition);
  return hash;
}

function checkVersionDescription(publish: boolean | undefined, description: string | undefined): void {
  if (description !== undefined && publish !== true) {
    throw new ValidationException('A versionDescription can only be given together with publish=true');
  }
}

/** Every item of a paged listing. */
export async function allPages<T>(list: (nextToken: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | undefined;
  do {
    const page = await list(nextToken);
    items.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return items;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** A copy without the keys whose value is undefined (what a store gives back has none). */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
