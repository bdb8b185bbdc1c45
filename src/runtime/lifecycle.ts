/**
 * The execution lifecycle, as Step Functions' API offers it: start (idempotent by name), describe,
 * history, list, stop, task-token callbacks and redrive. Each call is a few store operations and at
 * most a message or two; the step loop does the rest.
 */
import { createHash, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { InvalidDefinitionError, parseDefinition } from '../asl/validate/index.js';
import { textExceedsPayloadLimit } from '../engine/payload-limit.js';
import { compileProgram } from '../engine/program.js';
import { batchItemCount } from '../engine/states/item-batcher.js';
import { startFrame } from '../engine/step.js';
import type { ExecutionInfo, HistoryEvent } from '../engine/types.js';
import { abortedHistory, childHistoryNumbered } from './child-executions.js';
import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  ExecutionNotRedrivable,
  InvalidArn,
  InvalidDefinition,
  InvalidExecutionInput,
  InvalidOutput,
  InvalidToken,
  ResourceNotFound,
  StateMachineTypeNotSupported,
  TaskDoesNotExist,
  TaskTimedOut,
  ValidationException,
} from './errors.js';
import { childrenStoppedAt } from './map-run-history.js';
import { checkName } from './names.js';
import { numberOfToken, numberToken } from './paging.js';
import {
  type ExecutionRecord,
  type ExecutionStatus,
  type FrameRecord,
  type OutgoingMessage,
  type Page,
  pagedHistoryOf,
  type TaskTokenRecord,
} from './ports.js';
import {
  type ExecutionQuotas,
  effectiveQuotas,
  executionTimeoutSeconds,
  historyLimitFailure,
  historyLimitOf,
} from './quotas.js';
import { retentionProblem } from './retention.js';
import { INLINE_START, type Runtime } from './runtime.js';
import { resolveStartTarget } from './state-machines.js';

/** A state machine as the lifecycle knows it: its ARN and its definition (JSON text or object). */
export interface StateMachineRef {
  readonly stateMachineArn: string;
  readonly definition: string | object;
  /** @default 'STANDARD' */
  readonly type?: 'STANDARD' | 'EXPRESS';
  /** The execution role reported in `$$.Execution.RoleArn`. */
  readonly roleArn?: string | undefined;
  /**
   * AWS's execution quotas lifted for this state machine (over the engine's `RuntimeOptions.quotas`).
   * @default every quota holds
   */
  readonly quotas?: ExecutionQuotas | undefined;
  /**
   * Seconds its executions are kept once ended, from 3,600 (1 hour) to 315,360,000 (3,650 days)
   * (Step Functions keeps a closed execution 90 days); out of bounds: `ValidationException`.
   * @default the engine's `RuntimeOptions.retentionSeconds`
   */
  readonly retentionSeconds?: number | undefined;
  /** The version the execution runs, when it was started on a version or an alias. */
  readonly stateMachineVersionArn?: string | undefined;
  /** The alias the execution was started on. */
  readonly stateMachineAliasArn?: string | undefined;
  /** The deployment that registers it (see `StateMachineRecord.deployment`). */
  readonly deployment?: string | undefined;
}

/** Parameters of {@link startExecution}. */
export interface StartExecutionInput {
  /** A name unique among the state machine's executions (1–80 characters). @default a UUID */
  readonly name?: string | undefined;
  /** The execution input as JSON text. @default '{}' */
  readonly input?: string | undefined;
  /**
   * Called with the execution's ARN once it is known and before the execution exists (so before any
   * of its steps runs): the local endpoint records the mock test case the execution runs.
   */
  readonly beforeStart?: ((executionArn: string) => Promise<void>) | undefined;
  /**
   * Most milliseconds the caller can wait for a first step the start runs itself (see
   * `RuntimeOptions.startStepMilliseconds`): past it the start message is sent and the call returns.
   * @default no limit
   */
  readonly stepWaitMilliseconds?: number | undefined;
}

/** `ValidationException` for a `retentionSeconds` out of bounds (see `retention.ts`). */
function checkRetention(machine: StateMachineRef): void {
  const problem = machine.retentionSeconds === undefined ? undefined : retentionProblem(machine.retentionSeconds);
  if (problem !== undefined) throw new ValidationException(problem);
}

/**
 * Registers a state machine: validates and stores its definition version, and points the state
 * machine at it. Executions already running keep the version they started with.
 */
export async function registerStateMachine(
  runtime: Runtime,
  machine: StateMachineRef,
): Promise<{ stateMachineArn: string; definitionHash: string }> {
  const text = typeof machine.definition === 'string' ? machine.definition : JSON.stringify(machine.definition);
  let program: ReturnType<typeof compileProgram>;
  try {
    program = compileProgram(parseDefinition(text));
  } catch (error) {
    if (error instanceof InvalidDefinitionError) throw new InvalidDefinition(error.message);
    throw error;
  }
  const arnParts = /^arn:[^:]+:states:[^:]*:[^:]*:stateMachine:([A-Za-z0-9_-]{1,80})$/.exec(machine.stateMachineArn);
  if (arnParts === null) throw new InvalidArn(machine.stateMachineArn);
  checkRetention(machine);
  const hash = definitionHash(text);
  runtime.rememberProgram(hash, program);
  await runtime.deps.store.putDefinition(hash, text);
  await runtime.deps.store.putStateMachine({
    stateMachineArn: machine.stateMachineArn,
    name: arnParts[1]!,
    definitionHash: hash,
    type: machine.type ?? 'STANDARD',
    roleArn: machine.roleArn,
    quotas: machine.quotas,
    ...(machine.retentionSeconds === undefined ? {} : { retentionSeconds: machine.retentionSeconds }),
    ...(machine.deployment === undefined ? {} : { deployment: machine.deployment }),
    updatedAt: new Date(runtime.deps.clock.now()).toISOString(),
  });
  return { stateMachineArn: machine.stateMachineArn, definitionHash: hash };
}

/**
 * Starts an execution of a registered state machine, of one of its versions, or of one of its
 * aliases (`StateMachineDoesNotExist` when there is no such thing).
 */
export async function startRegisteredExecution(
  runtime: Runtime,
  stateMachineArn: string,
  params: StartExecutionInput = {},
): Promise<StartExecutionOutput> {
  return startExecution(runtime, await resolveStartTarget(runtime, stateMachineArn, runtime.deps.random), params);
}

/** What `startExecution` returns. */
export interface StartExecutionOutput {
  readonly executionArn: string;
  readonly startDate: string;
}

const hashes = new Map<string, string>();

/** The content hash that names a definition version (remembered for the definitions started lately). */
export function definitionHash(definition: string): string {
  let hash = hashes.get(definition);
  if (hash === undefined) {
    hash = createHash('sha256').update(definition).digest('hex').slice(0, 32);
    if (hashes.size >= 64) hashes.clear();
    hashes.set(definition, hash);
  }
  return hash;
}

/**
 * Starts an execution. Idempotent by name: the same name and input return the existing execution;
 * a different input fails with `ExecutionAlreadyExists`.
 */
export async function startExecution(
  runtime: Runtime,
  machine: StateMachineRef,
  params: StartExecutionInput = {},
): Promise<StartExecutionOutput> {
  const { store, clock } = runtime.deps;
  const name = params.name ?? randomUUID();
  checkName(name, 'execution');
  const inputText = params.input ?? '{}';
  let input: unknown;
  try {
    input = JSON.parse(inputText);
  } catch (error) {
    throw new InvalidExecutionInput(`Invalid State Machine Execution Input: '${(error as Error).message}'`);
  }
  if (textExceedsPayloadLimit(inputText, runtime.maxPayloadBytes)) {
    throw new InvalidExecutionInput('Invalid State Machine Execution Input: the input exceeds the 262144-byte limit');
  }
  const definitionText =
    typeof machine.definition === 'string' ? machine.definition : JSON.stringify(machine.definition);
  const hash = definitionHash(definitionText);
  let program = runtime.cachedProgram(hash);
  if (program === undefined) {
    try {
      program = compileProgram(parseDefinition(definitionText));
    } catch (error) {
      if (error instanceof InvalidDefinitionError) throw new InvalidDefinition(error.message);
      throw error;
    }
    runtime.rememberProgram(hash, program);
    // A version this process has not seen may not be stored yet.
    await store.putDefinition(hash, definitionText);
  }

  const arnParts = /^arn:([^:]+):states:([^:]*):([^:]*):stateMachine:(.+)$/.exec(machine.stateMachineArn);
  if (arnParts === null) throw new InvalidArn(machine.stateMachineArn);
  checkRetention(machine);
  const [, partition, region, accountId, stateMachineName] = arnParts as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  const type = machine.type ?? 'STANDARD';
  const executionArn =
    type === 'EXPRESS'
      ? `arn:${partition}:states:${region}:${accountId}:express:${stateMachineName}:${name}:${randomUUID()}`
      : `arn:${partition}:states:${region}:${accountId}:execution:${stateMachineName}:${name}`;
  await params.beforeStart?.(executionArn);
  const startDate = new Date(clock.now()).toISOString();
  const info: ExecutionInfo = {
    executionArn,
    name,
    stateMachineArn: machine.stateMachineArn,
    stateMachineName,
    roleArn: machine.roleArn ?? `arn:${partition}:iam::${accountId}:role/StepstoneExecutionRole`,
    startTime: startDate,
    input,
    redriveCount: 0,
    type,
    region,
    accountId,
    ...(machine.stateMachineVersionArn === undefined ? {} : { stateMachineVersionArn: machine.stateMachineVersionArn }),
    ...(machine.stateMachineAliasArn === undefined ? {} : { stateMachineAliasArn: machine.stateMachineAliasArn }),
  };
  const { frame, events } = startFrame(program, info, inputText);
  const quotas = effectiveQuotas(runtime.quotas, machine.quotas);
  const maxHistoryEvents = historyLimitOf(type, quotas);
  const record: ExecutionRecord = {
    info,
    definitionHash: hash,
    status: 'RUNNING',
    ...(maxHistoryEvents === undefined ? {} : { maxHistoryEvents }),
    // A history without the limit may grow past what one read of it should cost: it is read in pages.
    ...(maxHistoryEvents === undefined && type === 'STANDARD' ? { pagedHistory: true } : {}),
    ...(machine.retentionSeconds === undefined ? {} : { retentionSeconds: machine.retentionSeconds }),
  };
  const outbox = [{ body: { kind: 'run' as const, executionArn, frameId: 'root', version: 0 }, delaySeconds: 0 }];
  const root: FrameRecord = {
    executionArn,
    frameId: 'root',
    version: 0,
    frame,
    events,
    outbox,
    causedBy: 'start',
    expiresAt: runtime.recordExpiryOf(record),
    ...pagedHistoryOf(record),
  };
  const created = await store.createExecution(record, root);
  if (!created.created) {
    const existing = created.existing;
    if (JSON.stringify(existing.info.input) !== JSON.stringify(input) || existing.definitionHash !== hash) {
      throw new ExecutionAlreadyExists(executionArn);
    }
    // A retried start: make sure the first step happened, or its outbox went out, through the start
    // message (a duplicate is stale).
    if (existing.status === 'RUNNING') {
      const newest = await store.loadFrame(executionArn, 'root');
      if (newest?.version === 0 || (newest?.version === 1 && newest.causedBy === INLINE_START)) {
        await runtime.send(outbox);
      }
    }
    return { executionArn, startDate: existing.info.startTime };
  }
  runtime.deps.onEvents?.(executionArn, events);
  // The first step runs here when the engine allows it; else, or when it fails, the start message
  // runs it or finishes what it committed.
  const inline = await runtime.startInline(record, root, params.stepWaitMilliseconds).catch(() => undefined);
  const messages: OutgoingMessage[] = inline === undefined ? [...outbox] : [];
  const timeoutSeconds = executionTimeoutSeconds(type, program.timeoutSeconds, quotas);
  // An execution that ended in its first step needs no timeout.
  if (timeoutSeconds !== undefined && inline !== 'finished') {
    const dueAt = clock.now() + timeoutSeconds * 1000;
    messages.push({
      body: { kind: 'executionTimeout', executionArn, dueAt },
      delaySeconds: Math.min(runtime.deps.queue.maxDelaySeconds, timeoutSeconds),
    });
  }
  await runtime.send(messages);
  return { executionArn, startDate };
}

/** `DescribeExecution`. */
export interface ExecutionDescription {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly startDate: string;
  readonly stopDate?: string | undefined;
  readonly input: string;
  readonly output?: string | undefined;
  readonly error?: string | undefined;
  readonly cause?: string | undefined;
  readonly redriveCount: number;
  readonly stateMachineVersionArn?: string | undefined;
  readonly stateMachineAliasArn?: string | undefined;
  /** For a distributed Map's child execution: the map run that started it. */
  readonly mapRunArn?: string | undefined;
}

/** Describes an execution, or fails with `ExecutionDoesNotExist`. */
export async function describeExecution(runtime: Runtime, executionArn: string): Promise<ExecutionDescription> {
  const record = await existingExecution(runtime, executionArn);
  return describe(await asItStands(runtime, record));
}

/**
 * A child execution of a distributed Map as it stands: a STANDARD one still RUNNING when its map run
 * stopped it (its parent execution stopped — aborted, failed, timed out — or failures beyond the
 * tolerance ended the run) is ABORTED at that time. (Its record is not rewritten: a stop costs no
 * write per child.) An EXPRESS one runs on to its end, as on AWS.
 */
async function asItStands(runtime: Runtime, record: ExecutionRecord): Promise<ExecutionRecord> {
  if (record.parent === undefined || record.mapRunArn === undefined || !abortable(record)) return record;
  const { store } = runtime.deps;
  // Two items (the parent's record and the run's), and the parent's history only where they cannot
  // tell (see `runOfRecord`).
  const [parent, run] = await Promise.all([
    store.getExecution(record.parent.executionArn),
    store.getMapRun(record.mapRunArn),
  ]);
  if (parent === undefined) return record;
  return stoppedWith(record, await childrenStoppedAt(store, record.mapRunArn, run, parent));
}

/** Whether a record is of a child execution its map run's end would abort: STANDARD and RUNNING. */
function abortable(record: ExecutionRecord): boolean {
  return record.status === 'RUNNING' && record.info.type !== 'EXPRESS';
}

/**
 * A map run's child execution once its run stopped its children at `stopDate` (undefined: it did
 * not): ABORTED then when it was still RUNNING (and STANDARD), else as recorded.
 */
function stoppedWith(record: ExecutionRecord, stopDate: string | undefined): ExecutionRecord {
  if (!abortable(record) || stopDate === undefined) return record;
  return { ...record, status: 'ABORTED', stopDate };
}

/**
 * The record of an execution: `InvalidArn` for what is not a Step Functions ARN with a resource,
 * `ExecutionDoesNotExist` for an unknown one. (AWS also answers `InvalidArn` for an ARN of another
 * resource type, e.g. a state machine's; test/unit/runtime/start-describe.test.ts expects
 * `ExecutionDoesNotExist` there, so that case is left as it was.)
 */
export async function existingExecution(runtime: Runtime, executionArn: string): Promise<ExecutionRecord> {
  if (!/^arn:[^:]+:states:[^:]*:[^:]*:[A-Za-z]+:[^:]+:.+$/.test(executionArn)) {
    throw new InvalidArn(executionArn);
  }
  const record = await runtime.deps.store.getExecution(executionArn);
  if (record === undefined) throw new ExecutionDoesNotExist(executionArn);
  return record;
}

function describe(record: ExecutionRecord): ExecutionDescription {
  const d: ExecutionDescription = {
    executionArn: record.info.executionArn,
    stateMachineArn: record.info.stateMachineArn,
    name: record.info.name,
    status: record.status,
    startDate: record.info.startTime,
    stopDate: record.stopDate,
    input: JSON.stringify(record.info.input),
    output: record.status === 'SUCCEEDED' ? JSON.stringify(record.output ?? null) : undefined,
    error: record.error,
    cause: record.cause,
    redriveCount: record.info.redriveCount,
    stateMachineVersionArn: record.info.stateMachineVersionArn,
    stateMachineAliasArn: record.info.stateMachineAliasArn,
    mapRunArn: record.mapRunArn,
  };
  return Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined)) as unknown as ExecutionDescription;
}

/** Parameters of {@link getExecutionHistory}. */
export interface HistoryQuery {
  readonly reverseOrder?: boolean;
  /** @default 100 (at most 1000) */
  readonly maxResults?: number;
  readonly nextToken?: string | undefined;
  /**
   * With `sizeOf`: a page also ends before the event that would take the sum of its events' sizes
   * over `maxBytes` (a page holds at least one event).
   */
  readonly maxBytes?: number | undefined;
  readonly sizeOf?: ((event: HistoryEvent) => number) | undefined;
}

/** `GetExecutionHistory`: events in either order, a page at a time. */
export async function getExecutionHistory(
  runtime: Runtime,
  executionArn: string,
  query: HistoryQuery = {},
): Promise<{ events: HistoryEvent[]; nextToken?: string }> {
  const record = await existingExecution(runtime, executionArn);
  const { store } = runtime.deps;
  const parent = record.parent;
  // An EXPRESS child of a map run keeps no history (on AWS, it goes to CloudWatch Logs).
  if (parent !== undefined && record.info.type === 'EXPRESS') {
    throw new StateMachineTypeNotSupported('This operation is not supported by EXPRESS state machines');
  }
  const size = Math.max(1, Math.min(1000, query.maxResults ?? 100));
  if (parent === undefined && record.pagedHistory === true) {
    // Read by event id: the next token names the id the next page starts from.
    const page = await store.readHistoryPage(executionArn, {
      from: query.nextToken === undefined ? undefined : numberOfToken('id', query.nextToken),
      reverse: query.reverseOrder === true,
      limit: size,
    });
    const count = withinBytes(page.events, page.events.length, query);
    const next = count < page.events.length ? page.events[count]?.id : page.next;
    const events = page.events.slice(0, count);
    return next === undefined ? { events } : { events, nextToken: numberToken('id', next) };
  }
  let all =
    parent === undefined
      ? await store.readHistory(executionArn)
      : childHistoryNumbered(await store.readChildHistory(parent.executionArn, parent.frameId));
  // A child its map run stopped ends with `ExecutionAborted` then, derived here as its status is.
  const standing = await asItStands(runtime, record);
  if (standing !== record && standing.stopDate !== undefined) all = abortedHistory(all, standing.stopDate);
  const ordered = query.reverseOrder === true ? [...all].reverse() : all;
  const start = query.nextToken === undefined ? 0 : Number(Buffer.from(query.nextToken, 'base64url').toString());
  const rest = ordered.slice(start, start + Math.max(0, Math.min(size, ordered.length - start)));
  const count = withinBytes(rest, rest.length, query);
  const events = rest.slice(0, count);
  const next = start + count < ordered.length ? Buffer.from(String(start + count)).toString('base64url') : undefined;
  return next === undefined ? { events } : { events, nextToken: next };
}

/** How many of the first `count` events fit in `query.maxBytes` (at least one). */
function withinBytes(events: readonly HistoryEvent[], count: number, query: HistoryQuery): number {
  if (query.maxBytes === undefined || query.sizeOf === undefined) return count;
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    bytes += query.sizeOf(events[i] as HistoryEvent);
    if (bytes > query.maxBytes && i > 0) return i;
  }
  return count;
}

/** `ListExecutions`. */
export async function listExecutions(
  runtime: Runtime,
  query: { stateMachineArn: string; statusFilter?: ExecutionStatus; maxResults?: number; nextToken?: string },
): Promise<Page<ExecutionDescription>> {
  const page = await runtime.deps.store.listExecutions({
    stateMachineArn: query.stateMachineArn,
    status: query.statusFilter,
    limit: query.maxResults,
    nextToken: query.nextToken,
  });
  return { items: page.items.map(describe), nextToken: page.nextToken };
}

/**
 * `ListExecutions` by `mapRunArn`: the child executions a map run started, newest first.
 * `ResourceNotFound` for an unknown map run. While the run's execution runs, its children are as
 * recorded; once the run stopped them (its execution stopped, or its failures ended it), those still
 * RUNNING are ABORTED (see {@link asItStands}), so a `statusFilter` of RUNNING finds none and one of
 * ABORTED finds them — unless the run's children are EXPRESS, which run on to their end.
 */
export async function listMapRunExecutions(
  runtime: Runtime,
  query: { mapRunArn: string; statusFilter?: ExecutionStatus; maxResults?: number; nextToken?: string },
): Promise<Page<ExecutionDescription & { readonly itemCount: number }>> {
  const { store } = runtime.deps;
  const run = await store.getMapRun(query.mapRunArn);
  if (run === undefined) throw new ResourceNotFound(query.mapRunArn);
  const parent = await store.getExecution(run.executionArn);
  const stopDate = parent === undefined ? undefined : await childrenStoppedAt(store, query.mapRunArn, run, parent);
  // Its EXPRESS children run on to their end: none is ABORTED.
  const stopped = stopDate !== undefined && run.express !== true;
  const wanted = query.statusFilter;
  if (stopped && wanted === 'RUNNING') return { items: [] };
  const page = await store.listExecutions({
    stateMachineArn: query.mapRunArn,
    status: stopped && wanted === 'ABORTED' ? 'RUNNING' : wanted,
    limit: query.maxResults,
    nextToken: query.nextToken,
  });
  const items = page.items.map((record) => stoppedWith(record, stopDate));
  // A child has one item, unless the run batched them: then its input is its batch, `{ Items: [ … ] }`.
  const batched = run.batched === true || run.itemsPerChild !== undefined;
  const itemCount = (record: ExecutionRecord): number => (batched ? batchItemCount(record.info.input) : 1);
  return {
    items: items.map((record) => ({ ...describe(record), itemCount: itemCount(record) })),
    nextToken: page.nextToken,
  };
}

/** `StopExecution`: the execution ends ABORTED with the given error and cause. */
export async function stopExecution(
  runtime: Runtime,
  executionArn: string,
  params: { error?: string; cause?: string } = {},
): Promise<{ stopDate: string }> {
  const { store, clock } = runtime.deps;
  const record = await store.getExecution(executionArn);
  if (record === undefined) throw new ExecutionDoesNotExist(executionArn);
  if (record.parent !== undefined) {
    throw new ValidationException(
      `${executionArn} is a child execution of a map run: it stops with its parent execution`,
    );
  }
  const stopDate = new Date(clock.now()).toISOString();
  if (record.status !== 'RUNNING') return { stopDate: record.stopDate ?? stopDate };
  const aborted = await runtime.appendRootEvent(record, `stop:${executionArn}`, (id, previous) => ({
    id,
    previousEventId: previous,
    timestamp: stopDate,
    type: 'ExecutionAborted',
    executionAbortedEventDetails: Object.fromEntries(
      Object.entries({ error: params.error, cause: params.cause }).filter(([, v]) => v !== undefined),
    ),
  }));
  if (aborted === undefined) {
    // It ended on its own meanwhile: the commit that ended it ends its record too, not as ABORTED.
    return { stopDate: (await store.getExecution(executionArn))?.stopDate ?? stopDate };
  }
  // An earlier call's event, when that call appended it and went no further: its time stands.
  await runtime.keepRecordsEnded(record);
  await store.updateExecution(executionArn, ['RUNNING'], {
    status: 'ABORTED',
    error: params.error,
    cause: params.cause,
    stopDate: aborted.timestamp,
    expiresAt: runtime.expiryOf(record),
  });
  return { stopDate: aborted.timestamp };
}

/** Task tokens as the engine hands them out (a UUID); anything else is no token at all. */
const TASK_TOKEN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The record of a task token: `InvalidToken` ("Invalid token", as Step Functions words it) for text
 * that is not a task token, `TaskDoesNotExist` for a token no task was given.
 */
async function taskTokenRecord(runtime: Runtime, token: string): Promise<TaskTokenRecord> {
  if (!TASK_TOKEN.test(token)) throw new InvalidToken('Invalid token');
  const record = await runtime.deps.store.getTaskToken(token);
  if (record === undefined) throw new TaskDoesNotExist(token);
  return record;
}

/** Delivers a callback outcome to the task waiting for `token`. */
async function callback(
  runtime: Runtime,
  token: string,
  outcome: { ok: true; output: unknown } | { ok: false; error?: string | undefined; cause?: string | undefined },
): Promise<void> {
  const { store } = runtime.deps;
  const record = await taskTokenRecord(runtime, token);
  const frame = await store.loadFrame(record.executionArn, record.frameId);
  const stage = frame?.frame.stage;
  const execution = await store.getExecution(record.executionArn);
  const waiting = stage?.name === 'task' && stage.taskToken === token && execution?.status === 'RUNNING';
  if (frame !== undefined && frame.version > record.version && record.version >= 0 && !waiting) {
    throw new TaskTimedOut(token);
  }
  if (record.outcome !== undefined) {
    // The same request again, after an attempt that recorded the outcome and died before sending it:
    // send it now. Another outcome for a token that has one is too late.
    if (!sameOutcome(record.outcome, outcome)) throw new TaskTimedOut(token);
  } else if (!(await store.resolveTaskToken(token, outcome))) {
    throw new TaskTimedOut(token);
  }
  if (waiting && frame !== undefined) {
    await runtime.send([
      {
        body: {
          kind: 'callback',
          executionArn: record.executionArn,
          frameId: record.frameId,
          version: frame.version,
          token,
        },
        delaySeconds: 0,
      },
    ]);
  }
}

/** Whether two callback outcomes say the same (whatever order a store gives their keys back in). */
function sameOutcome(a: NonNullable<TaskTokenRecord['outcome']>, b: NonNullable<TaskTokenRecord['outcome']>): boolean {
  if (a.ok && b.ok) return isDeepStrictEqual(a.output, b.output);
  return !a.ok && !b.ok && (a.error ?? '') === (b.error ?? '') && (a.cause ?? '') === (b.cause ?? '');
}

/** `SendTaskSuccess`: `output` is JSON text. */
export async function sendTaskSuccess(runtime: Runtime, token: string, output: string): Promise<void> {
  // The token is checked before the output, as Step Functions checks them.
  if (!TASK_TOKEN.test(token)) throw new InvalidToken('Invalid token');
  let value: unknown;
  try {
    value = JSON.parse(output);
  } catch (error) {
    throw new InvalidOutput(`Invalid Output: '${(error as Error).message}'`);
  }
  await callback(runtime, token, { ok: true, output: value });
}

/** `SendTaskFailure`. */
export async function sendTaskFailure(
  runtime: Runtime,
  token: string,
  params: { error?: string; cause?: string } = {},
): Promise<void> {
  await callback(runtime, token, { ok: false, error: params.error, cause: params.cause });
}

/** `SendTaskHeartbeat`. */
export async function sendTaskHeartbeat(runtime: Runtime, token: string): Promise<void> {
  const { store, clock } = runtime.deps;
  const record = await taskTokenRecord(runtime, token);
  if (record.outcome !== undefined) throw new TaskTimedOut(token);
  await store.touchTaskToken(token, clock.now());
}

/**
 * `RedriveExecution`: a FAILED, TIMED_OUT or ABORTED execution resumes from the state where it
 * stopped (a Map or Parallel state runs again whole). A map run's child execution is refused
 * (`ExecutionNotRedrivable`): it is redriven with its parent.
 */
export async function redriveExecution(runtime: Runtime, executionArn: string): Promise<{ redriveDate: string }> {
  const { store, clock } = runtime.deps;
  const record = await store.getExecution(executionArn);
  if (record === undefined) throw new ExecutionDoesNotExist(executionArn);
  // AWS redrives a map run's children by redriving their parent ("Redriving Map Runs").
  if (record.parent !== undefined) {
    throw new ExecutionNotRedrivable(
      executionArn,
      'a child execution of a map run, redriven with its parent execution,',
    );
  }
  if (record.status === 'RUNNING' || record.status === 'SUCCEEDED')
    throw new ExecutionNotRedrivable(executionArn, record.status);
  const root = await store.loadFrame(executionArn, 'root');
  if (root === undefined) throw new ExecutionNotRedrivable(executionArn, record.status);
  // AWS: "Execution history event limit exceeded" makes an execution NOT_REDRIVABLE (DescribeExecution's
  // redriveStatusReason). That is an execution whose own history reached the limit: its ExecutionFailed
  // is the limit's event. One whose distributed Map failed with the error and cause of a child that
  // reached the child's limit (a Map without a tolerance fails with its first failed child's) ended
  // with the same error and cause far below the limit, and is redriven: the developer guide's
  // "Redriving Map Runs" (redrive eligibility for child workflows) makes the parent's redrivability
  // the condition, and says that a STANDARD child past the 25,000-event history limit is not redriven
  // but counted as failed towards the run's tolerated failures. Here the redriven Map starts a new
  // run, whose child runs again (docs/distributed-map.md, "Not as on AWS").
  const limit = record.maxHistoryEvents;
  if (limit !== undefined && record.cause === historyLimitFailure(limit).cause && root.frame.lastEventId >= limit) {
    throw new ExecutionNotRedrivable(executionArn, 'FAILED at the history event limit');
  }
  const redriveDate = new Date(clock.now()).toISOString();
  const redriveCount = record.info.redriveCount + 1;
  // Its records were kept for its retention from its end: from now on, as those of a running execution.
  await runtime.keepRecordsRedriven(record);
  const expiresAt = runtime.recordExpiryOf(record);
  const id = await store.reserveEventIds(executionArn, 1, expiresAt);
  const event: HistoryEvent = {
    id,
    previousEventId: root.frame.lastEventId,
    timestamp: redriveDate,
    type: 'ExecutionRedriven',
    executionRedrivenEventDetails: { redriveCount },
  };
  const frame = {
    ...root.frame,
    stage: { name: 'enter' as const },
    outcome: undefined,
    lastEventId: id,
    transitions: root.frame.transitions + 1,
  };
  const committed = await store.commitFrame({
    executionArn,
    frameId: 'root',
    version: root.version + 1,
    frame,
    events: [event],
    outbox: [{ body: { kind: 'run', executionArn, frameId: 'root', version: root.version + 1 }, delaySeconds: 0 }],
    causedBy: `redrive:${redriveCount}`,
    expiresAt,
    ...pagedHistoryOf(record),
  });
  if (!committed.committed) throw new ExecutionNotRedrivable(executionArn, 'being redriven');
  const updated = await store.updateExecution(executionArn, ['FAILED', 'TIMED_OUT', 'ABORTED'], {
    status: 'RUNNING',
    error: undefined,
    cause: undefined,
    stopDate: undefined,
    expiresAt: undefined,
    info: { ...record.info, redriveCount },
  });
  if (!updated) throw new ExecutionNotRedrivable(executionArn, record.status);
  runtime.deps.onEvents?.(executionArn, [event]);
  await runtime.send([
    { body: { kind: 'run', executionArn, frameId: 'root', version: root.version + 1 }, delaySeconds: 0 },
  ]);
  return { redriveDate };
}
