/**
 * The key layout of the single DynamoDB table (see docs/architecture.md, "DynamoDB table design").
 * Every item of an execution shares the partition `EXEC#<arn>`, so that one query reads a frame's
 * log, a join's results or the whole history; `#` separates key parts and never occurs in frame or
 * join ids (they use `/` and `.`).
 */
import { InvalidKeyPartError } from './errors.js';

/** A table key. */
export interface TableKey {
  readonly pk: string;
  readonly sk: string;
}

/** Digits of a zero-padded version or index, so that sort keys order numerically. */
const PAD = 10;

function pad(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 10 ** PAD) throw new RangeError(`key number ${n} is out of range`);
  return String(n).padStart(PAD, '0');
}

function part(kind: string, value: string): string {
  if (value.includes('#')) throw new InvalidKeyPartError(kind, value);
  return value;
}

/** Partition of everything an execution owns. */
export function executionPk(executionArn: string): string {
  return `EXEC#${executionArn}`;
}

/** Keys of each kind of item. */
export const keys = {
  definition: (hash: string): TableKey => ({ pk: `DEF#${hash}`, sk: 'DEF' }),
  stateMachine: (stateMachineArn: string): TableKey => ({ pk: `SM#${stateMachineArn}`, sk: 'SM' }),
  execution: (executionArn: string): TableKey => ({ pk: executionPk(executionArn), sk: 'EXEC' }),
  counter: (executionArn: string): TableKey => ({ pk: executionPk(executionArn), sk: 'COUNTER' }),
  frame: (executionArn: string, frameId: string, version: number): TableKey => ({
    pk: executionPk(executionArn),
    sk: `${framePrefix(frameId)}${pad(version)}`,
  }),
  joinCounts: (executionArn: string, joinId: string): TableKey => ({
    pk: executionPk(executionArn),
    sk: `JOIN#${part('join id', joinId)}`,
  }),
  joinResult: (executionArn: string, joinId: string, index: number): TableKey => ({
    pk: executionPk(executionArn),
    sk: `${joinResultPrefix(joinId)}${pad(index)}`,
  }),
  itemPage: (executionArn: string, joinId: string, first: number): TableKey => ({
    pk: executionPk(executionArn),
    sk: `${itemPagePrefix(joinId)}${pad(first)}`,
  }),
  /** A pointer to a run of a frame record's events that is not its last (the record holds the last's keys). */
  historyRun: (executionArn: string, frameId: string, version: number, first: number): TableKey => ({
    pk: executionPk(executionArn),
    sk: `${HISTORY_RUN_PREFIX}${part('frame id', frameId)}#${pad(version)}#${pad(first)}`,
  }),
  token: (token: string): TableKey => ({ pk: `TOKEN#${token}`, sk: 'TOKEN' }),
  mapRun: (mapRunArn: string): TableKey => ({ pk: `MAPRUN#${mapRunArn}`, sk: 'MAPRUN' }),
  /**
   * A map run's marker in its execution's partition, so that the run's record gets the execution's TTL
   * and `ListMapRuns` finds the execution's runs in order: `MAPRUN#<mapRunOrder>`, the run's
   * `redriveCount`, start and ARN (a record without `redriveCount`, its ARN alone).
   */
  mapRunMarker: (executionArn: string, order: string): TableKey => ({
    pk: executionPk(executionArn),
    sk: `${MAP_RUN_MARKER_PREFIX}${order}`,
  }),
};

/** Sort key prefix of the map run markers of an execution (the run's `mapRunOrder` follows). */
export const MAP_RUN_MARKER_PREFIX = 'MAPRUN#';

/**
 * The map run ARN a marker's sort key names: after `MAPRUN#<redriveCount>#<start>#`, or right after
 * `MAPRUN#` (a marker written before they were ordered, or of a record without `redriveCount`).
 */
export function mapRunOfMarker(sk: string): string {
  const rest = sk.slice(MAP_RUN_MARKER_PREFIX.length);
  if (rest.startsWith('arn:')) return rest;
  return rest.slice(rest.indexOf('#', rest.indexOf('#') + 1) + 1);
}

/** Sort key prefix of one frame's records. */
export function framePrefix(frameId: string): string {
  return `FRAME#${part('frame id', frameId)}#`;
}

/** Sort key prefix of every frame record of an execution. */
export const ALL_FRAMES_PREFIX = 'FRAME#';

/** Sort key prefix of a join's child results. */
export function joinResultPrefix(joinId: string): string {
  return `JOIN#${part('join id', joinId)}#`;
}

/** Sort key prefix of a join's item pages (by the index of each page's first child). */
export function itemPagePrefix(joinId: string): string {
  return `PAGE#${part('join id', joinId)}#`;
}

/** The sort key of a join's child result (`to` beyond the last: the prefix's end). */
export function joinResultKey(joinId: string, index: number): string {
  return `${joinResultPrefix(joinId)}${pad(index)}`;
}

/** The version a frame record's sort key holds. */
export function versionOfFrameKey(sk: string): number {
  return Number(sk.slice(sk.lastIndexOf('#') + 1));
}

/** GSI `gsi1` keys of an execution: by state machine, newest first. */
export function executionGsiKeys(stateMachineArn: string, startTime: string, executionArn: string) {
  return { gsi1pk: `SM#${stateMachineArn}`, gsi1sk: `${startTime}#${executionArn}` };
}

/**
 * GSI `gsi1` keys of a run of consecutive event ids `first`..`last` that one frame record holds, in a
 * paged history's index: by execution, in id order. Runs never overlap (a step's ids are its own).
 */
export function historyRunGsiKeys(executionArn: string, first: number, last: number) {
  return { gsi1pk: historyIndexPk(executionArn), gsi1sk: `${pad(first)}#${pad(last)}` };
}

/** `gsi1pk` of the runs of an execution's paged history. */
export function historyIndexPk(executionArn: string): string {
  return `HIST#${executionArn}`;
}

/** The highest `gsi1sk` of a run starting at or before event `id` (`undefined`: of every run). */
export function historyRunBound(id: number | undefined): string {
  return id === undefined ? '~' : `${pad(id)}#~`;
}

/** The run a `gsi1sk` of {@link historyRunGsiKeys} names. */
export function historyRunOfGsiKey(gsi1sk: string): { first: number; last: number } {
  const [first, last] = gsi1sk.split('#');
  return { first: Number(first), last: Number(last) };
}

/** Sort key prefix of the pointers to a frame record's runs other than its last (see {@link keys}). */
export const HISTORY_RUN_PREFIX = 'RUN#';

/** The sort key of the frame record a run's item names: the record itself, or the one a pointer names. */
export function frameKeyOfRun(sk: string): string {
  if (!sk.startsWith(HISTORY_RUN_PREFIX)) return sk;
  return `${ALL_FRAMES_PREFIX}${sk.slice(HISTORY_RUN_PREFIX.length, sk.lastIndexOf('#'))}`;
}

/** `gsi1pk` values under which the registry lists state machines and activities (by ARN). */
export const LISTINGS = { stateMachines: 'STATE_MACHINES', activities: 'ACTIVITIES' } as const;

/** Digits of an activity task's schedule time (epoch ms) in its sort key. */
const TIME_DIGITS = 15;

/** Keys of the registry's items (see DynamoRegistry). */
export const registryKeys = {
  VERSION_PREFIX: 'VERSION#',
  ALIAS_PREFIX: 'ALIAS#',
  TASK_PREFIX: 'TASK#',
  TAG_PREFIX: 'TAG#',
  stateMachinePk: (stateMachineArn: string): string => `SM#${stateMachineArn}`,
  version: (stateMachineArn: string, version: number): TableKey => ({
    pk: `SM#${stateMachineArn}`,
    sk: `VERSION#${pad(version)}`,
  }),
  versionCounter: (stateMachineArn: string): TableKey => ({ pk: `SM#${stateMachineArn}`, sk: 'VERSIONS' }),
  /** The key of a version ARN (`<stateMachineArn>:<n>`), or undefined when it is not one. */
  versionOfArn: (arn: string): TableKey | undefined => {
    const match = /^(.*:stateMachine:[^:]+):(\d+)$/.exec(arn);
    return match === null ? undefined : registryKeys.version(match[1]!, Number(match[2]));
  },
  alias: (stateMachineArn: string, name: string): TableKey => ({ pk: `SM#${stateMachineArn}`, sk: `ALIAS#${name}` }),
  /** The key of an alias ARN (`<stateMachineArn>:<name>`), or undefined when it is not one. */
  aliasOfArn: (arn: string): TableKey | undefined => {
    const match = /^(.*:stateMachine:[^:]+):([^:]*[^:\d][^:]*)$/.exec(arn);
    return match === null ? undefined : registryKeys.alias(match[1]!, match[2]!);
  },
  activity: (activityArn: string): TableKey => ({ pk: `ACTIVITY#${activityArn}`, sk: 'ACTIVITY' }),
  activityTask: (activityArn: string, scheduledAt: number, token: string): TableKey => ({
    pk: `ACTIVITY#${activityArn}`,
    sk: `TASK#${String(Math.max(0, Math.floor(scheduledAt))).padStart(TIME_DIGITS, '0')}#${token}`,
  }),
  activityTaskPointer: (token: string): TableKey => ({ pk: `ACTIVITYTASK#${token}`, sk: 'TASK' }),
  tag: (resourceArn: string, key: string): TableKey => ({ pk: `TAGS#${resourceArn}`, sk: `TAG#${key}` }),
};
