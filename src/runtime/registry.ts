/**
 * The registry port: the control plane's records beside the runtime's {@link Store} — the list of
 * state machines, their published versions and aliases, activities and the tasks waiting for their
 * workers, and tags. The runtime itself needs none of it to run an execution (the store's
 * `getStateMachine` names the definition a state machine starts); the API needs it to answer
 * `ListStateMachines`, `PublishStateMachineVersion`, `CreateActivity`, `TagResource`, …
 *
 * An adapter keeps the registry beside its store (the same table, file or memory), because a state
 * machine the store registers is one the registry lists. One contract suite
 * (test/contract/registry-contract.ts) runs against every adapter.
 */
import type { Page, StateMachineRecord } from './ports.js';

/** A published, immutable version of a state machine. */
export interface StateMachineVersionRecord {
  /** `<stateMachineArn>:<version>`. */
  readonly stateMachineVersionArn: string;
  readonly stateMachineArn: string;
  /** 1, 2, …: never reused, even after a version is deleted. */
  readonly version: number;
  readonly definitionHash: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly roleArn?: string | undefined;
  readonly description?: string | undefined;
  /** The state machine's revision the version was published from. */
  readonly revisionId: string;
  /** ISO-8601. */
  readonly creationDate: string;
}

/** One route of an alias: a version and the percentage of executions it takes. */
export interface RoutingConfigurationEntry {
  readonly stateMachineVersionArn: string;
  /** 0–100; an alias's weights add up to 100. */
  readonly weight: number;
}

/** An alias: a name that routes executions to one or two versions. */
export interface StateMachineAliasRecord {
  /** `<stateMachineArn>:<name>`. */
  readonly stateMachineAliasArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly description?: string | undefined;
  readonly routingConfiguration: readonly RoutingConfigurationEntry[];
  /** ISO-8601. */
  readonly creationDate: string;
  /** ISO-8601. */
  readonly updateDate: string;
}

/** An activity: a task list that workers poll with `GetActivityTask`. */
export interface ActivityRecord {
  readonly activityArn: string;
  readonly name: string;
  /** ISO-8601. */
  readonly creationDate: string;
}

/** A Task state's call of an activity, waiting for a worker to take it. */
export interface ActivityTaskRecord {
  readonly activityArn: string;
  /** The task token the worker answers with `SendTaskSuccess`/`Failure`/`Heartbeat`. */
  readonly token: string;
  /** The task's input, as JSON text. */
  readonly input: string;
  readonly executionArn: string;
  readonly frameId: string;
  /** Epoch ms; workers take tasks oldest first. */
  readonly scheduledAt: number;
  /** The state's `TimeoutSeconds`, counted from `scheduledAt`. */
  readonly timeoutSeconds?: number | undefined;
  /** The state's `HeartbeatSeconds`, counted from when a worker takes the task. */
  readonly heartbeatSeconds?: number | undefined;
}

/** Tags of a resource, by key. */
export type Tags = Readonly<Record<string, string>>;

/** Paging of a listing. */
export interface PageQuery {
  /** @default 100 */
  readonly limit?: number | undefined;
  readonly nextToken?: string | undefined;
}

/** The control plane's records. */
export interface Registry {
  /** Every state machine the store registered, ordered by ARN. */
  listStateMachines(query: PageQuery): Promise<Page<StateMachineRecord>>;
  /** Removes a state machine with its versions and aliases (executions and definitions stay). */
  deleteStateMachine(stateMachineArn: string): Promise<void>;

  /** The next version number of a state machine (1 first), never handed out twice. */
  nextVersionNumber(stateMachineArn: string): Promise<number>;
  putVersion(record: StateMachineVersionRecord): Promise<void>;
  getVersion(stateMachineVersionArn: string): Promise<StateMachineVersionRecord | undefined>;
  /** A state machine's versions, newest first. */
  listVersions(stateMachineArn: string, query: PageQuery): Promise<Page<StateMachineVersionRecord>>;
  deleteVersion(stateMachineVersionArn: string): Promise<void>;

  /** Creates or replaces an alias. */
  putAlias(record: StateMachineAliasRecord): Promise<void>;
  getAlias(stateMachineAliasArn: string): Promise<StateMachineAliasRecord | undefined>;
  /** A state machine's aliases, ordered by name. */
  listAliases(stateMachineArn: string, query: PageQuery): Promise<Page<StateMachineAliasRecord>>;
  deleteAlias(stateMachineAliasArn: string): Promise<void>;

  /** Creates an activity unless one of that ARN exists: then returns the existing one. */
  createActivity(record: ActivityRecord): Promise<ActivityRecord>;
  getActivity(activityArn: string): Promise<ActivityRecord | undefined>;
  /** Activities, ordered by ARN. */
  listActivities(query: PageQuery): Promise<Page<ActivityRecord>>;
  deleteActivity(activityArn: string): Promise<void>;

  /** Adds a task to its activity's list (idempotent by token). */
  scheduleActivityTask(task: ActivityTaskRecord): Promise<void>;
  /** Up to `limit` tasks of an activity no worker took yet, oldest first. */
  pendingActivityTasks(activityArn: string, limit: number): Promise<ActivityTaskRecord[]>;
  /** Takes a task for a worker: true for exactly one caller, false when it was taken (or is unknown). */
  claimActivityTask(token: string): Promise<boolean>;

  /** Adds or overwrites tags. */
  tagResource(resourceArn: string, tags: Tags): Promise<void>;
  /** Removes tags by key (absent keys are ignored). */
  untagResource(resourceArn: string, keys: readonly string[]): Promise<void>;
  /** A resource's tags (empty when it has none). */
  listTags(resourceArn: string): Promise<Tags>;
}
