/**
 * The durable step loop. A message names a frame and the version it expects; the worker loads the
 * frame's newest record and, if the versions match, runs every state it can finish without waiting —
 * invoking tasks inline — then commits once (a conditional put of version + 1 holding the frame, the
 * history events and the outbox) and sends the outbox. A stale or duplicate message costs one read;
 * a redelivery after a crash finds its own commit (by message id) and only re-sends the outbox.
 *
 * @see ../../docs/architecture.md
 */
import { randomUUID } from 'node:crypto';
import { StatesErrors } from '../asl/errors.js';
import { parseDefinition } from '../asl/validate/index.js';
import { keepShape } from '../engine/keep-shapes.js';
import { MAX_PAYLOAD_BYTES } from '../engine/payload-limit.js';
import { compileProgram, type Program } from '../engine/program.js';
import { type ChildrenPlan, childCount, childFrameAt, exceedsTolerance } from '../engine/states/children.js';
import { batchItemCount } from '../engine/states/item-batcher.js';
import { recordsOfChild } from '../engine/states/result-writer.js';
import { classifyResource } from '../engine/states/task.js';
import { stepNow } from '../engine/step.js';
import {
  type ChildResult,
  DONE_STAGE,
  type Effect,
  ENTER_STAGE,
  type ExecutionInfo,
  type Frame,
  type FrameEvent,
  type HistoryEvent,
  type InputPage,
  type MapRunEndEvent,
  type ResultStatus,
  type ResultStream,
  type StepEnv,
  type TaskInvocation,
} from '../engine/types.js';
import { childHistoryOf, recordChildCommit } from './child-executions.js';
import { ProvisionalIds, renumberInPlace } from './event-ids.js';
import { mapRunEndsIn, recordMapRunEnds } from './map-run-history.js';
import { MalformedMessageError, parseStepMessage } from './messages.js';
import {
  type Clock,
  type ExecutionRecord,
  type FrameRecord,
  type OutgoingMessage,
  pagedHistoryOf,
  type Queue,
  type ReceivedMessage,
  type SleepSignal,
  type StepMessage,
  type Store,
  type TaskInvoker,
  type TaskTokenRecord,
} from './ports.js';
import { type ExecutionQuotas, historyLimitFailure } from './quotas.js';
import type { ActivityTaskRecord, Registry } from './registry.js';
import {
  DEFAULT_RETENTION_SECONDS,
  RECORD_HORIZON_SECONDS,
  recordExpiry,
  UNTIMED_WAIT_HORIZON_SECONDS,
  waitsWithoutTimer,
} from './retention.js';

/** What the runtime runs on. */
export interface RuntimeDependencies {
  readonly store: Store;
  readonly queue: Queue;
  readonly invoker: TaskInvoker;
  readonly clock: Clock;
  /** The control plane's records (state machine listings, versions, aliases, activities, tags): the API needs it, the step loop only for activity tasks. */
  readonly registry?: Registry;
  /** Ids and randomness for the interpreter. @default node:crypto and Math.random */
  readonly uuid?: () => string;
  readonly random?: () => number;
  /**
   * Waits out a retry's back-off inside a step (a child running in its parent's step). The embedded
   * engine's driver must know the handler waits on engine time. @default clock.sleep
   */
  readonly pause?: (ms: number) => Promise<void>;
  /** Called with the history events of each commit, after it lands. */
  readonly onEvents?: (executionArn: string, events: readonly HistoryEvent[]) => void;
}

/** Tuning. */
export interface RuntimeOptions {
  /**
   * Most states one step enters before it commits and continues in a new message.
   * @default 250
   */
  readonly maxTransitionsPerStep?: number;
  /**
   * Deliveries after which a message that keeps failing is poison: its execution is failed with a
   * cause saying why, and the queue dead-letters the message.
   * @default 5
   */
  readonly maxReceives?: number;
  /**
   * Seconds a finished execution is kept before its records expire, for state machines that do not
   * choose theirs. @default 7776000 (90 days, as Step Functions)
   */
  readonly retentionSeconds?: number;
  /**
   * AWS's execution quotas this engine lifts (a state machine's own choice wins): by default a
   * STANDARD execution fails at 25,000 history events and an EXPRESS one times out after 5 minutes.
   * @default { historyLimit: true, durationLimit: true }
   */
  readonly quotas?: ExecutionQuotas;
  /**
   * Lifts Step Functions' 256 KiB limit on a state's input and output: payloads of any size flow
   * through states, and no `States.DataLimitExceeded` is raised for size. Only for a store that keeps
   * large values apart (the DynamoDB store with a payload bucket; the embedded and SQLite stores
   * hold any size), so that a commit never exceeds what its item may hold.
   * @default false — AWS's limit and its errors, exactly
   */
  readonly largePayloads?: boolean;
  /**
   * Milliseconds `startExecution` may spend running a new execution's first step itself, as a worker
   * would, rather than sending it a start message: a first step that ends the execution or waits
   * within this time saves the start message's send, receive and delete. New states are entered only
   * within it (a task invoked before it is over runs to its end); past it the step commits and goes on
   * through the queue. The process must be allowed to invoke the tasks (the CDK engine grants its API
   * function what it grants its worker). 0: every first step goes through the queue.
   * @default 0
   */
  readonly startStepMilliseconds?: number;
}

/**
 * `causedBy` of the record an execution's first step commits when `startExecution` ran it (see
 * {@link RuntimeOptions.startStepMilliseconds}). The execution's start message owns that record as
 * a redelivery owns its own: a start message sent after such a step (by a `startExecution` that failed
 * part-way, or by a client's retry of it) re-sends the record's outbox and completes its follow-ups.
 */
export const INLINE_START = 'start:inline';

/** How the handling of one message ended (for logs and tests). */
export type HandleOutcome = 'committed' | 'resent' | 'stale' | 'chained' | 'finished';

/** A frame's newest record, or the record a child starts from. */
interface Current {
  readonly version: number;
  readonly frame: Frame;
  readonly fresh: boolean;
}

/** The step loop and its runtime services. */
export class Runtime {
  private readonly programs = new Map<string, Program>();
  /** Horizon (seconds) of the records of each definition version's executions (see retention.ts). */
  private readonly horizons = new Map<string, number>();
  private readonly maxTransitions: number;
  private readonly maxReceives: number;
  readonly retentionSeconds: number;
  /** The quotas this engine lifts, if any (see {@link RuntimeOptions.quotas}). */
  readonly quotas: ExecutionQuotas | undefined;
  /** The most bytes a state's input or output may hold (see {@link RuntimeOptions.largePayloads}). */
  readonly maxPayloadBytes: number;
  /** See {@link RuntimeOptions.startStepMilliseconds}. */
  readonly startStepMilliseconds: number;

  constructor(
    readonly deps: RuntimeDependencies,
    options: RuntimeOptions = {},
  ) {
    this.maxTransitions = options.maxTransitionsPerStep ?? 250;
    this.maxReceives = options.maxReceives ?? 5;
    this.retentionSeconds = options.retentionSeconds ?? DEFAULT_RETENTION_SECONDS;
    this.quotas = options.quotas;
    this.maxPayloadBytes = options.largePayloads === true ? Number.POSITIVE_INFINITY : MAX_PAYLOAD_BYTES;
    this.startStepMilliseconds = options.startStepMilliseconds ?? 0;
  }

  /** Epoch ms until which an execution that ends now is kept (its retention, else the engine's). */
  expiryOf(execution: ExecutionRecord): number {
    return this.deps.clock.now() + this.retentionOf(execution) * 1000;
  }

  /**
   * Epoch ms until which a record of the execution written now is kept: long enough that an
   * execution ending within a day of its start needs no change of its records' TTL when it ends
   * (`recordExpiry` in retention.ts). A definition version this process has not parsed gets the
   * longest horizon.
   */
  recordExpiryOf(execution: ExecutionRecord): number {
    const horizon = this.horizons.get(execution.definitionHash) ?? UNTIMED_WAIT_HORIZON_SECONDS;
    return recordExpiry(
      this.deps.clock.now(),
      Date.parse(execution.info.startTime),
      this.retentionOf(execution),
      horizon,
    );
  }

  /**
   * While the execution runs: makes sure its records are kept at least its retention past now, so
   * that no record expires while it runs, whatever it waits for next (a timer wakes a waiting frame at
   * least every 15 minutes; a callback without a timer may come a year after the start: see
   * {@link UNTIMED_WAIT_HORIZON_SECONDS}). Costs nothing until the execution is a day old (the
   * horizon its records were written with); past that, a refresh of its records' TTL at ages 1, 2, 4,
   * 8… days.
   */
  async keepRecordsRunning(execution: ExecutionRecord): Promise<void> {
    const now = this.deps.clock.now();
    const retention = this.retentionOf(execution);
    const start = Date.parse(execution.info.startTime);
    const due = (horizon: number) =>
      (execution.recordsKeptUntil ?? recordExpiry(start, start, retention, horizon)) < now + retention * 1000;
    if (!due(RECORD_HORIZON_SECONDS) || !due(await this.horizonOf(execution.definitionHash))) return;
    await this.deps.store.keepRecords(execution.info.executionArn, this.recordExpiryOf(execution));
  }

  /**
   * When the execution ends: its records are kept until its end plus its retention, and no longer
   * than a day (the horizon) beyond. Those of an execution that ran within a day of its start are
   * already: nothing is read or written. A longer one has the TTL of the records outside those
   * bounds set to its end's.
   */
  async keepRecordsEnded(execution: ExecutionRecord): Promise<void> {
    const start = Date.parse(execution.info.startTime);
    const retention = this.retentionOf(execution);
    const horizon = await this.horizonOf(execution.definitionHash);
    // One reading of the clock for both bounds: read twice, a millisecond between them would put the
    // latest record past `until + slack` and rewrite the records of an execution that needs nothing.
    const now = this.deps.clock.now();
    const until = now + retention * 1000;
    const kept = execution.recordsKeptUntil ?? recordExpiry(start, start, retention, horizon);
    // No record written or refreshed until now is kept longer than one written now.
    const latest = recordExpiry(now, start, retention, horizon);
    const slack = RECORD_HORIZON_SECONDS * 1000;
    if (kept >= until && latest <= until + slack) return;
    await this.deps.store.keepRecords(execution.info.executionArn, until, until + slack);
  }

  /** A redrive runs the execution again: its records are kept as a running execution's written now. */
  async keepRecordsRedriven(execution: ExecutionRecord): Promise<void> {
    await this.horizonOf(execution.definitionHash);
    await this.deps.store.keepRecords(execution.info.executionArn, this.recordExpiryOf(execution));
  }

  private retentionOf(execution: ExecutionRecord): number {
    return execution.retentionSeconds ?? this.retentionSeconds;
  }

  /** The horizon of the records of a definition version's executions, its program parsed if need be. */
  private async horizonOf(definitionHash: string): Promise<number> {
    const known = this.horizons.get(definitionHash);
    if (known !== undefined) return known;
    await this.program(definitionHash);
    return this.horizons.get(definitionHash) ?? UNTIMED_WAIT_HORIZON_SECONDS;
  }

  /** The program of a definition version, parsed once per process. */
  async program(definitionHash: string): Promise<Program> {
    const cached = this.programs.get(definitionHash);
    if (cached !== undefined) return cached;
    const text = await this.deps.store.getDefinition(definitionHash);
    if (text === undefined) throw new Error(`definition version ${definitionHash} is not stored`);
    const program = compileProgram(parseDefinition(text));
    this.rememberProgram(definitionHash, program);
    return program;
  }

  /** The program of a definition version if this process has it already. */
  cachedProgram(definitionHash: string): Program | undefined {
    return this.programs.get(definitionHash);
  }

  /** Registers a parsed program under its hash (saves a parse when the caller has one). */
  rememberProgram(definitionHash: string, program: Program): void {
    this.programs.set(definitionHash, program);
    this.horizons.set(
      definitionHash,
      waitsWithoutTimer(program) ? UNTIMED_WAIT_HORIZON_SECONDS : RECORD_HORIZON_SECONDS,
    );
  }

  /**
   * Handles one received message. Resolves when the message may be acknowledged; rejects when it
   * should be redelivered. On the last allowed delivery of a message that keeps failing, fails its
   * execution with a cause that says why, then rejects so that the queue dead-letters it.
   */
  async handle(received: ReceivedMessage): Promise<HandleOutcome> {
    let message: StepMessage;
    try {
      message = parseStepMessage(received.body);
    } catch (error) {
      // A body that never parses still names its execution, often: fail it rather than leave it waiting.
      const named = error instanceof MalformedMessageError ? namedExecution(received.body) : undefined;
      if (named !== undefined && received.receiveCount >= this.maxReceives) {
        await this.failPoisoned(named, received, error);
      }
      throw error;
    }
    try {
      return await this.handleMessage(message, received.messageId);
    } catch (error) {
      if (isPermanent(error)) {
        // It would fail the same way on every delivery: fail the execution now, without retries.
        await this.failPoisoned(message, received, error, 'could not be processed');
        return 'finished';
      }
      if (received.receiveCount >= this.maxReceives) {
        await this.failPoisoned(message, received, error);
      }
      throw error;
    }
  }

  private async handleMessage(message: StepMessage, messageId: string): Promise<HandleOutcome> {
    const { store } = this.deps;
    if (message.kind === 'job') return this.pollJob(message, messageId);
    if (message.kind === 'executionTimeout' || message.kind === 'historyLimit') {
      const execution = await store.getExecution(message.executionArn);
      if (execution === undefined || execution.status !== 'RUNNING') return 'stale';
      await this.keepRecordsRunning(execution);
      if (message.kind === 'historyLimit') {
        return message.frameId === undefined
          ? this.failAtHistoryLimit(execution, message.limit)
          : this.failChildAtHistoryLimit(execution, message.frameId, message.limit, messageId);
      }
      return this.executionTimeout(execution, message, messageId);
    }
    // The frame's newest record alone tells a stale or duplicate message, so that one costs one read.
    const record = await store.loadFrame(message.executionArn, message.frameId);
    const redelivered =
      record?.version === message.version + 1 &&
      (record.causedBy === messageId || (record.causedBy === INLINE_START && isStartMessage(message)));
    if (record === undefined ? message.version !== 0 : record.version !== message.version && !redelivered) {
      return 'stale';
    }
    const execution = await store.getExecution(message.executionArn);
    if (execution === undefined) return 'stale';
    // A distributed Map's EXPRESS child execution runs to its end when its parent stops, as on AWS; a
    // STANDARD one stops with it, as does any other frame.
    const runsOn = record !== undefined && runsToItsEnd(record.frame);
    if (execution.status !== 'RUNNING' && !runsOn) {
      // A redelivery after a crash that the execution's stop overtook still records the ends of the map
      // runs its commit holds: they ended before the stop (else `runOfRecord` reads them ABORTED).
      if (redelivered && record !== undefined) await recordMapRunEnds(store, record);
      return 'stale';
    }
    if (execution.status === 'RUNNING') await this.keepRecordsRunning(execution);
    if (redelivered && record !== undefined) {
      await this.afterCommit(execution, record);
      return 'resent';
    }
    const current: Current | undefined =
      record !== undefined
        ? { version: record.version, frame: record.frame, fresh: false }
        : await this.newChild(execution, message.frameId);
    if (current === undefined) return 'stale';
    // A frame below the execution's own stops once a frame above it has gone on without it, as Step
    // Functions stops the other branches of a Parallel that fails (a branch failed, or the Parallel
    // retries with new ones), the other iterations of a Map that fails, and the STANDARD child
    // executions still running when failures beyond the tolerance end their map run (EXPRESS ones run
    // on to their end). Its next step finds that and commits nothing: no task invoked, no event in the
    // history. One read per level above it, per step; a first step's `newChild` read the level just
    // above already, so a branch of a top-level Parallel pays nothing then.
    if (
      !runsToItsEnd(current.frame) &&
      !(await this.awaitedByParents(
        execution.info.executionArn,
        current.fresh ? parentFrameId(message.frameId) : message.frameId,
      ))
    ) {
      return 'stale';
    }
    const event = await this.eventFor(execution, current, message);
    if (event === 'chained') return 'chained';
    if (event === undefined) return 'stale';
    return this.advance(execution, current, event, messageId);
  }

  /**
   * Runs a new execution's first step in this process (`startExecution`'s), from the root record
   * version 0 that `createExecution` wrote, and commits it as {@link INLINE_START}; its outbox and
   * follow-ups are carried out as a worker's are; an error that would fail every delivery fails the
   * execution, as in a worker. New states are entered for at most
   * {@link RuntimeOptions.startStepMilliseconds}. Resolves with how the step ended, or `undefined`
   * when this engine runs no first step inline or the step took longer than `waitMilliseconds` (it
   * goes on, and the caller sends the start message). When it throws (or the process dies), the start
   * message finishes the work: a worker runs the step if nothing was committed, and otherwise re-sends
   * the committed record's outbox and completes its follow-ups.
   */
  async startInline(
    execution: ExecutionRecord,
    root: FrameRecord,
    waitMilliseconds?: number,
  ): Promise<HandleOutcome | undefined> {
    if (this.startStepMilliseconds <= 0) return undefined;
    const stepping = this.runFirstStep(execution, root);
    if (waitMilliseconds === undefined) return stepping;
    // A task the step invoked may outlast what the caller can wait (the API function's timeout): then
    // the start message goes out, and the step or the message's worker commits first (the other finds
    // the frame moved on, or resumes the step's record as its own).
    const race = new RaceOver();
    const late = this.deps.clock.sleep(waitMilliseconds, race).then(() => undefined);
    stepping.catch(() => undefined);
    try {
      return await Promise.race([stepping, late]);
    } finally {
      race.abort();
    }
  }

  private async runFirstStep(execution: ExecutionRecord, root: FrameRecord): Promise<HandleOutcome> {
    const deadline = this.deps.clock.now() + this.startStepMilliseconds;
    const current: Current = { version: root.version, frame: root.frame, fresh: false };
    try {
      return await this.advance(execution, current, { type: 'continue' }, INLINE_START, [], deadline);
    } catch (error) {
      if (!isPermanent(error)) throw error;
      // It would fail the same way in a worker: fail the execution now, as a worker would.
      const start = { messageId: INLINE_START, receipt: '', body: '', receiveCount: 1 };
      await this.failPoisoned(
        { executionArn: root.executionArn, frameId: root.frameId },
        start,
        error,
        'could not be processed',
      );
      return 'finished';
    }
  }

  /** A child frame that has no record yet: built from its parent's record. */
  private async newChild(execution: ExecutionRecord, frameId: string): Promise<Current | undefined> {
    const cut = frameId.lastIndexOf('.');
    const slash = frameId.lastIndexOf('/');
    if (cut < 0 || slash < 0) return undefined;
    const parentId = frameId.slice(0, slash);
    const index = Number(frameId.slice(cut + 1));
    const parent = await this.deps.store.loadFrame(execution.info.executionArn, parentId);
    const stage = parent?.frame.stage;
    if (parent === undefined || stage?.name !== 'children' || !Number.isInteger(index)) return undefined;
    const program = await this.program(execution.definitionHash);
    const plan = stage.children;
    let input: unknown;
    if (plan.feed !== undefined) {
      // A fed child reads its input from its page, put before the commit that counted the child.
      if (index < 0 || index >= plan.feed.count) return undefined;
      const joinId = joinIdOfFrame(parent.frame);
      const page = await this.deps.store.getItemPage(execution.info.executionArn, joinId, index);
      if (page === undefined) throw new Error(`no item page holds child ${index} of join ${joinId}`);
      input = page.inputs[index - page.first];
    }
    const child = childFrameAt(program, parent.frame, plan, index, undefined, input);
    if (child.id !== frameId) return undefined;
    return { version: 0, frame: child, fresh: true };
  }

  /** What the message means for the frame, or undefined when it no longer applies. */
  private async eventFor(
    execution: ExecutionRecord,
    current: Current,
    message: StepMessage,
  ): Promise<FrameEvent | 'chained' | undefined> {
    const frame = current.frame;
    switch (message.kind) {
      case 'run':
        if (frame.stage.name === 'children' && frame.stage.children.feed?.more === true) {
          // The next page, unless failures already exceed the tolerance: then the run ends here.
          const joinId = joinIdOfFrame(frame);
          const counts = await this.deps.store.joinCounts(execution.info.executionArn, joinId);
          if (!exceedsTolerance(counts.failed, Number.POSITIVE_INFINITY, frame.stage.children.tolerance)) {
            return { type: 'feed' };
          }
          return this.fedJoinEnded(execution, frame, counts);
        }
        // The message of the commit that claimed a task: this delivery runs it.
        if (frame.stage.name === 'task' && frame.stage.claimed === true) return { type: 'claimed' };
        if (frame.stage.name !== 'enter') return undefined;
        return current.fresh ? { type: 'start' } : { type: 'continue' };
      case 'timer':
        if (frame.stage.name !== 'wait' && frame.stage.name !== 'retry') return undefined;
        if (await this.chain(message)) return 'chained';
        return { type: 'timerFired' };
      case 'taskTimeout': {
        if (frame.stage.name !== 'task') return undefined;
        const token =
          frame.stage.taskToken === undefined ? undefined : await this.deps.store.getTaskToken(frame.stage.taskToken);
        // A callback recorded but never announced (its sender died in between) is delivered now.
        if (token?.outcome !== undefined) return callbackEvent(token.outcome);
        if (await this.chain(message)) return 'chained';
        if (message.heartbeat) {
          const task = await this.heartbeatSeconds(execution, frame);
          if (token !== undefined && task !== undefined) {
            const dueAt = token.heartbeatAt + task * 1000;
            if (dueAt > this.deps.clock.now()) {
              await this.send([this.delayed({ ...message, dueAt })]);
              return 'chained';
            }
          }
        }
        return { type: 'taskTimedOut', heartbeat: message.heartbeat };
      }
      case 'callback': {
        if (frame.stage.name !== 'task' || frame.stage.taskToken !== message.token) return undefined;
        const token = await this.deps.store.getTaskToken(message.token);
        return token?.outcome === undefined ? undefined : callbackEvent(token.outcome);
      }
      case 'join': {
        if (frame.stage.name !== 'children') return undefined;
        const feed = frame.stage.children.feed;
        if (feed !== undefined) {
          if (feed.more) return undefined;
          const counts = await this.deps.store.joinCounts(execution.info.executionArn, joinIdOfFrame(frame));
          return this.fedJoinEnded(execution, frame, counts);
        }
        const results = await this.deps.store.childResults(execution.info.executionArn, joinIdOfFrame(frame));
        return { type: 'childrenDone', results: [...results].sort((a, b) => a.index - b.index) };
      }
      default:
        return undefined;
    }
  }

  /**
   * The end of a fed join, for its Map: the counts, the first failure in index order when failures
   * are not tolerated, and — unless a `ResultWriter` streams them to S3 from the store — every result
   * (and, for a writer without a `Resource`, every input), which the state's output then holds.
   */
  private async fedJoinEnded(
    execution: ExecutionRecord,
    frame: Frame,
    counts: { readonly completed: number; readonly failed: number },
  ): Promise<FrameEvent> {
    const { store } = this.deps;
    const arn = execution.info.executionArn;
    const joinId = joinIdOfFrame(frame);
    const program = await this.program(execution.definitionHash);
    const state = program.machines.get(frame.machine)?.states.get(frame.state)?.state;
    const writer = state?.Type === 'Map' ? state.ResultWriter : undefined;
    const plan = frame.stage.name === 'children' ? frame.stage.children : undefined;
    const tolerant = plan?.tolerance.count !== undefined || plan?.tolerance.percentage !== undefined;
    let results: ChildResult[] = [];
    let inputs: unknown[] | undefined;
    let firstFailure: ChildResult | undefined;
    if (writer?.Resource === undefined) {
      results = [...(await store.childResults(arn, joinId))].sort((a, b) => a.index - b.index);
      firstFailure = results.find((r) => r.status === 'FAILED');
      if (writer !== undefined) inputs = await this.fedInputs(arn, joinId, plan?.feed?.count ?? 0);
    } else if (counts.failed > 0 && !tolerant) {
      for (let from = 0; firstFailure === undefined; ) {
        const page = await store.childResultsFrom(arn, joinId, from, RESULTS_PAGE);
        firstFailure = page.find((r) => r.status === 'FAILED');
        const last = page.at(-1);
        if (last === undefined || page.length < RESULTS_PAGE) break;
        from = last.index + 1;
      }
    }
    return {
      type: 'childrenDone',
      results,
      fed: {
        completed: counts.completed,
        failed: counts.failed,
        firstFailure:
          firstFailure?.status === 'FAILED' ? { error: firstFailure.error, cause: firstFailure.cause } : undefined,
        inputs,
      },
    };
  }

  /** Every input of a fed join's first `count` children, read page by page. */
  private async fedInputs(executionArn: string, joinId: string, count: number): Promise<unknown[]> {
    const inputs: unknown[] = [];
    while (inputs.length < count) {
      const page = await this.deps.store.getItemPage(executionArn, joinId, inputs.length);
      if (page === undefined) throw new Error(`no item page holds child ${inputs.length} of join ${joinId}`);
      for (const input of page.inputs.slice(inputs.length - page.first)) inputs.push(input);
    }
    return inputs;
  }

  /**
   * Stores a fed page's child inputs as item pages of at most {@link PAGE_BYTES} of JSON each (one
   * child alone when its input is larger), so that a child reads a small item to start.
   */
  private async putPages(execution: ExecutionRecord, joinId: string, page: InputPage): Promise<void> {
    const executionArn = execution.info.executionArn;
    const expiresAt = this.recordExpiryOf(execution);
    let first = page.first;
    let inputs: unknown[] = [];
    let bytes = 0;
    const flush = async () => {
      if (inputs.length === 0) return;
      await this.deps.store.putItemPage(executionArn, joinId, { first, inputs }, expiresAt);
      first += inputs.length;
      inputs = [];
      bytes = 0;
    };
    for (const input of page.inputs) {
      const size = Buffer.byteLength(JSON.stringify(input) ?? 'null', 'utf8') + 1;
      if (inputs.length > 0 && bytes + size > PAGE_BYTES) await flush();
      inputs.push(input);
      bytes += size;
    }
    await flush();
  }

  /**
   * After a commit of a fed Map (its first page, or a later one): starts the page's children whose
   * predecessor (`maxConcurrency` places before) has already ended — a child that ends starts its
   * successor only when its page was fed, so one that ended before is found here — and, once the
   * reader has no more items, wakes the Map when every child is already counted. Repeated on a
   * redelivery like any follow-up; a child started twice (by its predecessor and here) is a
   * duplicate start, stale once the first has committed.
   */
  private async feedAfterCommit(execution: ExecutionRecord, record: FrameRecord, plan: ChildrenPlan): Promise<void> {
    const feed = plan.feed;
    if (feed === undefined) return;
    const { store } = this.deps;
    const arn = execution.info.executionArn;
    const joinId = joinIdOfFrame(record.frame);
    const slots = plan.maxConcurrency;
    const waiting = Math.max(feed.from, slots);
    if (slots > 0 && feed.count > waiting) {
      const ended = await store.childResultsFrom(arn, joinId, waiting - slots, feed.count - waiting);
      const starts: OutgoingMessage[] = [];
      for (const r of ended) {
        const successor = r.index + slots;
        if (successor < waiting || successor >= feed.count) continue;
        starts.push({
          body: { kind: 'run', executionArn: arn, frameId: `${joinId}.${successor}`, version: 0 },
          delaySeconds: 0,
        });
      }
      await this.send(starts);
    }
    if (feed.more) return;
    const counts = await store.joinCounts(arn, joinId);
    if (counts.completed >= feed.count || exceedsTolerance(counts.failed, feed.count, plan.tolerance)) {
      await this.send([
        {
          body: { kind: 'join', executionArn: arn, frameId: record.frameId, version: record.version },
          delaySeconds: 0,
        },
      ]);
    }
  }

  private async heartbeatSeconds(execution: ExecutionRecord, frame: Frame): Promise<number | undefined> {
    const program = await this.program(execution.definitionHash);
    const state = program.machines.get(frame.machine)?.states.get(frame.state)?.state;
    return state?.Type === 'Task' && typeof state.HeartbeatSeconds === 'number' ? state.HeartbeatSeconds : undefined;
  }

  /** Re-sends a timer that is not due yet (delays beyond the queue's maximum are chained). */
  private async chain(message: Extract<StepMessage, { dueAt: number }>): Promise<boolean> {
    // Queue delays are whole seconds, rounded up: a timer never fires before it is due.
    if (message.dueAt <= this.deps.clock.now()) return false;
    await this.send([this.delayed(message)]);
    return true;
  }

  /** A message delivered at its `dueAt`, or as late as the queue allows. */
  private delayed(message: Extract<StepMessage, { dueAt: number }>): OutgoingMessage {
    const seconds = Math.ceil((message.dueAt - this.deps.clock.now()) / 1000);
    return { body: message, delaySeconds: Math.max(0, Math.min(this.deps.queue.maxDelaySeconds, seconds)) };
  }

  /** Steps the frame, carries out what can be done inline, commits once, then sends. */
  private async advance(
    execution: ExecutionRecord,
    current: Current,
    first: FrameEvent,
    messageId: string,
    extra: readonly OutgoingMessage[] = [],
    deadline?: number,
  ): Promise<HandleOutcome> {
    const program = await this.program(execution.definitionHash);
    const ids = new ProvisionalIds();
    const kept = this.recordExpiryOf(execution);
    // A distributed Map's iteration is a child execution with a history of its own. While its frame
    // alone writes it, its ids follow the frame's last one, with no counter to reserve them from;
    // once it started frames of its own (a nested Parallel or Map that waits), they all reserve from
    // the child's counter, which the first reservation starts after the frame's last id.
    const child = childHistoryOf(current.frame);
    let childNext = current.frame.lastEventId + 1;
    const reserve =
      child === undefined
        ? (count: number) => this.deps.store.reserveEventIds(execution.info.executionArn, count, kept)
        : child.shared && !child.express
          ? (count: number) =>
              this.deps.store.reserveEventIds(child.executionArn, count, kept, current.frame.lastEventId)
          : async (count: number) => {
              const first = childNext;
              childNext += count;
              return first;
            };
    const env = new RuntimeStepEnv(this.deps, ids, reserve, execution.info, this.maxPayloadBytes);
    const events: HistoryEvent[] = [];
    const runEnds: MapRunEndEvent[] = [];
    const outbox: OutgoingMessage[] = [...extra];
    let frame = current.frame;
    let next: FrameEvent | undefined = first;
    let spent = 0;
    // A STANDARD child execution is held to its parent's history limit in its own history; an
    // EXPRESS one keeps no history.
    const limit = child?.express === true ? undefined : execution.maxHistoryEvents;
    // Every state entered records at least one event: near the history limit, a step enters no more
    // states than events are left, so that it overshoots by a few events rather than by a whole step.
    const budget = limit === undefined ? this.maxTransitions : Math.min(this.maxTransitions, limit - frame.lastEventId);
    while (next !== undefined) {
      // Past the deadline, the event is taken in but no new state entered: the step continues apart.
      const late = deadline !== undefined && spent > 0 && this.deps.clock.now() >= deadline;
      const stepped = stepNow(program, frame, next, env, {
        maxTransitions: late ? 0 : Math.max(1, budget - spent),
      });
      const result = stepped instanceof Promise ? await stepped : stepped;
      spent += result.frame.transitions - frame.transitions + 1;
      frame = result.frame;
      for (const event of result.events) events.push(event);
      if (result.mapRunEnds !== undefined) runEnds.push(...result.mapRunEnds);
      next = undefined;
      for (const effect of result.effects) {
        if (effect.type === 'startChildren') {
          const inline = await this.childrenInline(execution, program, effect, env, ids, budget - spent);
          if (inline !== undefined) {
            spent += inline.transitions;
            for (const event of inline.events) events.push(event);
            runEnds.push(...inline.ends);
            next = { type: 'childrenDone', results: inline.results };
            continue;
          }
        }
        const inline = await this.carryOut(execution, frame, effect, outbox, current.version + 1);
        if (inline !== undefined) next = inline;
        if (effect.type === 'startChildren' && startsFramesInChild(frame, effect)) {
          frame = { ...frame, sharedIds: true };
        }
      }
    }
    let childHistory: HistoryEvent[] | undefined;
    if (child !== undefined) {
      // A distributed Map's iterations are child executions: their events, and those of the frames
      // they start, are not the parent's history but the child's (kept with the frames' records), and
      // an EXPRESS child keeps none.
      if (!child.express && events.length > 0) {
        await ids.settle(reserve);
        frame = renumberInPlace(events, frame, ids);
        if (limit !== undefined && reachesLimit(events, limit)) {
          return this.historyLimitReached(execution, current, frame, events, limit, messageId, runEnds, child);
        }
        childHistory = events.splice(0);
      }
      events.length = 0;
    } else if (events.length > 0) {
      // The counter gets the TTL of the step's record as it counts: its end's for the step that ends it.
      const ends = frame.kind === 'execution' && frame.stage.name === 'done';
      const expiresAt = ends ? this.expiryOf(execution) : kept;
      await ids.settle((count) => this.deps.store.reserveEventIds(execution.info.executionArn, count, expiresAt));
      frame = renumberInPlace(events, frame, ids);
      if (limit !== undefined && reachesLimit(events, limit)) {
        return this.historyLimitReached(execution, current, frame, events, limit, messageId, runEnds);
      }
    }
    const mapRunEnds = mapRunEndsIn(runEnds, events);
    const record: FrameRecord = {
      executionArn: execution.info.executionArn,
      frameId: frame.id,
      version: current.version + 1,
      frame,
      events,
      outbox,
      ...(childHistory === undefined ? {} : { childHistory }),
      ...(mapRunEnds === undefined ? {} : { mapRunEnds }),
      causedBy: messageId,
      // The record that ends the execution is kept as long as the execution's own item.
      expiresAt: frame.kind === 'execution' && frame.stage.name === 'done' ? this.expiryOf(execution) : kept,
      ...pagedHistoryOf(execution),
    };
    const result = await this.deps.store.commitFrame(record);
    if (!result.committed) {
      if (result.current.causedBy === messageId && result.current.version === record.version) {
        await this.afterCommit(execution, result.current);
        return 'resent';
      }
      // The frame moved on without this step (the execution was stopped meanwhile): a `.sync` job the
      // step started waits for nobody. A frame still waiting on a task may wait on this very job (a
      // racing duplicate started the same nested execution by name): that one is left to its polls.
      if (result.current.frame.stage.name !== 'task') await this.cancelJobs(execution, outbox);
      return 'stale';
    }
    this.deps.onEvents?.(execution.info.executionArn, events);
    await this.afterCommit(execution, record);
    return frame.stage.name === 'done' ? 'finished' : 'committed';
  }

  /**
   * The step's events reach the history limit of the execution they belong to: the events below it
   * are kept and that execution fails with `ExecutionFailed` as the limit's event — 25,000 is the
   * last id of the history, as on AWS. The frame that is the execution (the root frame, or a
   * distributed Map's iteration for a child execution's history) commits both at once. A frame inside
   * it (a Map iteration, a Parallel branch) commits its events with a `historyLimit` message as its
   * only outbox, which ends that frame (`frameId` for a child execution): a redelivery after a crash
   * re-sends it like any outbox. Frames stepping at the same moment with ids beyond the limit drop
   * their events and fail the execution too, with the same event; the first to end it wins.
   */
  private async historyLimitReached(
    execution: ExecutionRecord,
    current: Current,
    frame: Frame,
    events: HistoryEvent[],
    limit: number,
    messageId: string,
    ends: readonly MapRunEndEvent[],
    child?: { readonly executionArn: string },
  ): Promise<HandleOutcome> {
    const arn = execution.info.executionArn;
    // Id `limit` is no other event's: the step that reserved it keeps only the ids below it. Every
    // frame that reaches the limit fails the execution with that id; the first to end it wins.
    const kept = events.filter((event) => event.id < limit);
    // A child execution's own history records no map run end of the execution's.
    const mapRunEnds = child === undefined ? mapRunEndsIn(ends, kept) : undefined;
    const endsIt = child === undefined ? frame.kind === 'execution' : frame.inChild === undefined;
    const failure = historyLimitFailure(limit);
    if (endsIt) kept.push(this.historyLimitEvent(limit));
    const lastEventId = kept.length > 0 ? kept[kept.length - 1]!.id : current.frame.lastEventId;
    const stop = { kind: 'historyLimit' as const, executionArn: arn, limit, ...childFrameOf(frame) };
    const record: FrameRecord = {
      executionArn: arn,
      frameId: frame.id,
      version: current.version + 1,
      frame: endsIt
        ? { ...frame, stage: DONE_STAGE, outcome: { status: 'FAILED', ...failure }, lastEventId }
        : // A child that would end stays where it stands: its join must not wake the parent.
          { ...frame, stage: frame.stage.name === 'done' ? ENTER_STAGE : frame.stage, lastEventId },
      events: child === undefined ? kept : [],
      ...(child === undefined ? {} : { childHistory: kept }),
      ...(mapRunEnds === undefined ? {} : { mapRunEnds }),
      outbox: endsIt ? [] : [{ body: stop, delaySeconds: 0 }],
      causedBy: messageId,
      expiresAt: endsIt && child === undefined ? this.expiryOf(execution) : this.recordExpiryOf(execution),
      ...pagedHistoryOf(execution),
    };
    const result = await this.deps.store.commitFrame(record);
    if (!result.committed && result.current.causedBy !== messageId) return 'stale';
    if (result.committed && child === undefined) this.deps.onEvents?.(arn, kept);
    await this.afterCommit(execution, record);
    return 'finished';
  }

  /**
   * A frame inside a distributed Map's STANDARD child execution reached the child's history limit:
   * the child's own frame ends FAILED with `ExecutionFailed` as event `limit` of its history, as an
   * execution would, and its map run counts it as a failed child. Stale when the child already ended
   * or its map run stopped it; a redelivery after a crash repeats what follows the commit.
   */
  private async failChildAtHistoryLimit(
    execution: ExecutionRecord,
    frameId: string,
    limit: number,
    messageId: string,
  ): Promise<HandleOutcome> {
    const arn = execution.info.executionArn;
    for (let attempt = 0; attempt < 10; attempt++) {
      const current = await this.deps.store.loadFrame(arn, frameId);
      if (current === undefined) return 'stale';
      if (current.frame.stage.name === 'done') {
        if (current.causedBy !== messageId) return 'stale';
        await this.afterCommit(execution, current);
        return 'resent';
      }
      if (!(await this.awaitedByParents(arn, frameId))) return 'stale';
      const record: FrameRecord = {
        executionArn: arn,
        frameId,
        version: current.version + 1,
        frame: {
          ...current.frame,
          stage: DONE_STAGE,
          outcome: { status: 'FAILED', ...historyLimitFailure(limit) },
          lastEventId: limit,
        },
        events: [],
        childHistory: [this.historyLimitEvent(limit)],
        outbox: [],
        causedBy: messageId,
        expiresAt: this.recordExpiryOf(execution),
        ...pagedHistoryOf(execution),
      };
      const result = await this.deps.store.commitFrame(record);
      if (result.committed) {
        await this.afterCommit(execution, record);
        return 'finished';
      }
    }
    throw new Error(`could not record the end of child frame ${frameId} of ${arn}: it kept changing`);
  }

  /** A child frame's step reached the history limit: the root frame ends with `ExecutionFailed`. */
  private async failAtHistoryLimit(execution: ExecutionRecord, limit: number): Promise<HandleOutcome> {
    const arn = execution.info.executionArn;
    const ended = await this.appendRootEvent(
      execution,
      `history-limit:${arn}`,
      () => this.historyLimitEvent(limit),
      limit,
    );
    if (ended === undefined) return 'stale';
    await this.keepRecordsEnded(execution);
    await this.deps.store.updateExecution(arn, ['RUNNING'], {
      status: 'FAILED',
      ...historyLimitFailure(limit),
      stopDate: ended.timestamp,
      expiresAt: this.expiryOf(execution),
    });
    return 'finished';
  }

  /** `ExecutionFailed` as event `limit` of the history, as AWS records it. */
  private historyLimitEvent(limit: number): HistoryEvent {
    return {
      id: limit,
      previousEventId: limit - 1,
      timestamp: new Date(this.deps.clock.now()).toISOString(),
      type: 'ExecutionFailed',
      executionFailedEventDetails: historyLimitFailure(limit),
    };
  }

  /**
   * Runs a Parallel's branches or a Map's iterations inside this step when every one of them finishes
   * within it: without a timer, a callback or a nested fan-out, within the transition budget. Then the
   * fan-out costs no message, no join and no commit of its own: its children's events go into the
   * parent's commit, as a chain of states does. Children whose machines hold only Pass, Choice,
   * Succeed, Fail and request-response Tasks (see {@link tasksRunInline}) have their tasks invoked
   * here as a top-level Task's are, at most `MaxConcurrency` children at a time (and
   * {@link INLINE_CONCURRENCY} at most), and a retry's back-off of up to {@link INLINE_BACKOFF_MS}
   * is waited out in the step. A child that would wait longer means none runs inline — the
   * interpreter is pure, so the speculative steps are dropped, the provisional ids they took given
   * back, and the children started as frames of their own (a task an abandoned child invoked runs
   * again there: invocations are at-least-once, as after a crash). As when they run apart, no child
   * starts once failures exceed the tolerance.
   */
  private async childrenInline(
    execution: ExecutionRecord,
    program: Program,
    effect: Extract<Effect, { type: 'startChildren' }>,
    env: StepEnv,
    ids: ProvisionalIds,
    budget: number,
  ): Promise<
    { events: HistoryEvent[]; ends: MapRunEndEvent[]; results: ChildResult[]; transitions: number } | undefined
  > {
    if (effect.count === 0 || effect.count > budget || effect.plan.detached || effect.plan.feed !== undefined) {
      return undefined;
    }
    const withTasks = tasksRunInline(program, effect.plan);
    const mark = ids.used;
    const events: HistoryEvent[] = [];
    const ends: MapRunEndEvent[] = [];
    const results: ChildResult[] = [];
    let transitions = 0;
    let failed = 0;
    let next = 0;
    let abandoned = false;
    let stopped = false;
    // A child that goes past the budget is caught below, after its step: one options object serves all.
    const options = { maxTransitions: budget, ownsFrame: true };
    const runChild = async (index: number): Promise<void> => {
      let frame = childFrameAt(program, effect.parent, effect.plan, index, effect.joinId);
      let event: FrameEvent = START;
      for (;;) {
        const stepped = stepNow(program, frame, event, env, options);
        const result = stepped instanceof Promise ? await stepped : stepped;
        frame = result.frame;
        for (const e of result.events) events.push(e);
        if (result.mapRunEnds !== undefined) ends.push(...result.mapRunEnds);
        const only = result.effects.length === 1 ? result.effects[0] : undefined;
        if (only?.type === 'complete' && frame.outcome !== undefined) {
          transitions += frame.transitions + 1;
          if (transitions > budget) break;
          const done = frame.outcome;
          results.push(
            done.status === 'SUCCEEDED'
              ? { index, status: 'SUCCEEDED', output: done.output }
              : { index, status: 'FAILED', error: done.error, cause: done.cause },
          );
          if (done.status === 'FAILED' && exceedsTolerance(++failed, effect.count, effect.tolerance)) stopped = true;
          return;
        }
        if (only?.type === 'startTimer' && !abandoned) {
          // A due timer fires now; a retry's back-off is waited out here when short, rather than
          // sending every child apart (and invoking again the tasks that already answered).
          const wait = only.dueAt - this.deps.clock.now();
          if (wait <= 0 || (frame.stage.name === 'retry' && wait <= INLINE_BACKOFF_MS)) {
            if (wait > 0) await (this.deps.pause ?? ((ms) => this.deps.clock.sleep(ms)))(wait);
            // The fan-out failed meanwhile: this child must end aborted, as it does when run apart.
            if (stopped) break;
            event = TIMER_FIRED;
            continue;
          }
        }
        if (only?.type !== 'invokeTask' || !withTasks || abandoned || !invokedInline(only.task)) break;
        const outcome = await this.invoke(execution, frame, only.task, []);
        if (outcome === undefined) break;
        event = outcome;
      }
      abandoned = true;
    };
    const slots = Math.min(
      effect.count,
      effect.maxConcurrency > 0 ? Math.min(effect.maxConcurrency, INLINE_CONCURRENCY) : INLINE_CONCURRENCY,
    );
    const slot = async (): Promise<void> => {
      while (!abandoned && !stopped && next < effect.count) await runChild(next++);
    };
    // Children without tasks never await: the first slot runs them all, one after another.
    await Promise.all(Array.from({ length: slots }, slot));
    if (abandoned) {
      ids.rewind(mark);
      return undefined;
    }
    results.sort((a, b) => a.index - b.index);
    // Children that ran at once recorded their events in turns: a commit holds them in id order.
    if (slots > 1) events.sort((a, b) => a.id - b.id);
    return { events, ends, results, transitions };
  }

  /**
   * Carries out an effect before the commit where it can be (tasks, due timers, empty joins) and
   * returns the event to feed back; otherwise adds the messages it needs to the outbox. `version` is
   * the version of the frame's record the step commits.
   */
  private async carryOut(
    execution: ExecutionRecord,
    frame: Frame,
    effect: Effect,
    outbox: OutgoingMessage[],
    version: number,
  ): Promise<FrameEvent | undefined> {
    const arn = execution.info.executionArn;
    switch (effect.type) {
      case 'invokeTask':
        return this.invoke(execution, frame, effect.task, outbox);
      case 'startTimer': {
        if (effect.dueAt <= this.deps.clock.now()) return { type: 'timerFired' };
        outbox.push(
          this.delayed({ kind: 'timer', executionArn: arn, frameId: frame.id, version: -1, dueAt: effect.dueAt }),
        );
        return undefined;
      }
      case 'startChildren': {
        if (effect.plan.mapRunArn !== undefined) {
          await this.recordMapRun(execution, frame, effect, effect.plan.mapRunArn, version);
        }
        if (effect.page !== undefined) await this.putPages(execution, effect.joinId, effect.page);
        if (effect.count === 0 && effect.plan.feed?.more !== true) return { type: 'childrenDone', results: [] };
        const first = effect.maxConcurrency > 0 ? Math.min(effect.count, effect.maxConcurrency) : effect.count;
        for (let index = 0; index < first; index++) {
          outbox.push({
            body: { kind: 'run', executionArn: arn, frameId: `${effect.joinId}.${index}`, version: 0 },
            delaySeconds: 0,
          });
        }
        return undefined;
      }
      case 'feedChildren': {
        // The page's inputs are stored before the commit that counts its children. The children with a
        // free slot start with the commit; the others once their predecessor ended (`feedAfterCommit`).
        await this.putPages(execution, effect.joinId, effect.page);
        const { first, inputs } = effect.page;
        const end =
          effect.maxConcurrency > 0 ? Math.min(first + inputs.length, effect.maxConcurrency) : first + inputs.length;
        for (let index = first; index < end; index++) {
          outbox.push({
            body: { kind: 'run', executionArn: arn, frameId: `${effect.joinId}.${index}`, version: 0 },
            delaySeconds: 0,
          });
        }
        return undefined;
      }
      case 'continue':
        outbox.push({ body: { kind: 'run', executionArn: arn, frameId: frame.id, version: -1 }, delaySeconds: 0 });
        return undefined;
      case 'complete':
        return undefined;
      default: {
        const never: never = effect;
        throw new Error(`unknown effect ${JSON.stringify(never)}`);
      }
    }
  }

  /**
   * Records a distributed Map's map run as its children start, for `DescribeMapRun`: where its
   * children report, its configuration, how many items each child has, and the frame record whose
   * commit starts it (`version` of the Map's frame).
   */
  private async recordMapRun(
    execution: ExecutionRecord,
    frame: Frame,
    effect: Extract<Effect, { type: 'startChildren' }>,
    mapRunArn: string,
    version: number,
  ): Promise<void> {
    const program = await this.program(execution.definitionHash);
    const state = program.machines.get(effect.parent.machine)?.states.get(effect.parent.state)?.state;
    const map = state?.Type === 'Map' ? state : undefined;
    const fed = effect.plan.feed !== undefined;
    const batched = map?.ItemBatcher !== undefined && !fed;
    const started = effect.plan.mapRunStartDate;
    const inChild = childHistoryOf(frame);
    await this.deps.store.putMapRun(
      {
        mapRunArn,
        executionArn: execution.info.executionArn,
        joinId: effect.joinId,
        startDate: started ?? new Date(this.deps.clock.now()).toISOString(),
        // Which attempt of the execution the run belongs to, with its start as the history holds it:
        // then its status and dates can be answered without the history (`runOfRecord`). A plan from
        // before the start was kept leaves both out, and the run is read from the history.
        ...(started === undefined ? {} : { redriveCount: execution.info.redriveCount }),
        startedBy: { frameId: effect.frameId, version },
        ...(inChild === undefined ? {} : { childExecutionArn: inChild.executionArn }),
        maxConcurrency: effect.maxConcurrency,
        toleratedFailureCount: effect.tolerance.count,
        toleratedFailurePercentage: effect.tolerance.percentage,
        total: effect.count,
        itemsPerChild: batched ? effect.plan.inputs.map(batchItemCount) : undefined,
        writesResults: map?.ResultWriter?.Resource !== undefined,
        ...(fed ? { fedFrameId: effect.frameId } : {}),
        ...(effect.plan.feed?.batched === true ? { batched: true } : {}),
        ...(effect.plan.express === true ? { express: true } : {}),
      },
      this.recordExpiryOf(execution),
    );
  }

  /** Invokes a task inline, bounded by its timeout; a callback task is handed over and waits. */
  private async invoke(
    execution: ExecutionRecord,
    frame: Frame,
    task: TaskInvocation,
    outbox: OutgoingMessage[],
  ): Promise<FrameEvent | undefined> {
    const { clock, invoker, store } = this.deps;
    const arn = execution.info.executionArn;
    if (task.integration === 'activity' && task.taskToken !== undefined && (await this.isActivity(task.resource))) {
      return this.scheduleActivity(execution, frame, task, task.taskToken, outbox);
    }
    // A `.sync` task has a token too: for heartbeats, and for an answer that ends it before its job.
    if (task.pattern !== 'RESPONSE' && task.taskToken !== undefined) {
      await store.putTaskToken({
        token: task.taskToken,
        executionArn: arn,
        frameId: frame.id,
        version: -1,
        heartbeatAt: clock.now(),
      });
      const now = clock.now();
      // Without TimeoutSeconds (the default, 99999999) the task waits as long as its execution runs,
      // as on AWS: no timer, so no message chained every 15 minutes for years.
      if (task.timeoutSeconds !== undefined && task.timeoutSeconds < NO_TIMEOUT_SECONDS) {
        outbox.push(this.taskTimeout(arn, frame.id, now + task.timeoutSeconds * 1000, false));
      }
      if (task.heartbeatSeconds !== undefined) {
        outbox.push(this.taskTimeout(arn, frame.id, now + task.heartbeatSeconds * 1000, true));
      }
    }
    const timeoutMs = (task.timeoutSeconds ?? 99_999_999) * 1000;
    // A synchronous invocation cannot outlast Lambda's 15 minutes: only a shorter timeout needs a timer.
    const race = new RaceOver();
    const timedOut = new Promise<'timeout'>((resolve) => {
      if (timeoutMs <= 15 * 60 * 1000) void clock.sleep(timeoutMs, race).then(() => resolve('timeout'));
    });
    const stream = task.resultWriter?.stream;
    const call =
      stream === undefined || task.resultWriter === undefined
        ? task
        : {
            ...task,
            resultWriter: { ...task.resultWriter, stream: { ...stream, records: this.resultRecords(arn, stream) } },
          };
    const outcome = await Promise.race([invoker.invoke(call, execution.info), timedOut]);
    race.abort();
    if (outcome === 'timeout') return { type: 'taskTimedOut' };
    if (!outcome.ok) return { type: 'taskFailed', error: outcome.error, cause: outcome.cause };
    if (task.pattern === 'WAIT_FOR_TASK_TOKEN') return { type: 'taskSubmitted', output: outcome.output };
    if (task.pattern === 'SYNC' && outcome.job !== undefined) {
      // The job runs on; polls follow it with delayed messages, never a sleep in this worker.
      outbox.push(this.jobPoll(arn, frame.id, -1, task.resource, outcome.job.job, outcome.job.pollSeconds));
      return { type: 'taskSubmitted', output: outcome.output };
    }
    return { type: 'taskSucceeded', output: outcome.output };
  }

  /**
   * A fed map run's result records in index order, read from its join a page at a time (and the
   * inputs each record quotes from the item pages): what its `ResultWriter` streams to S3. Children
   * never started (a run that failed early) are `PENDING`.
   */
  private async *resultRecords(
    executionArn: string,
    stream: ResultStream,
  ): AsyncGenerator<{ status: ResultStatus; record: unknown }> {
    const { store, clock } = this.deps;
    const holds = (page: InputPage | undefined, index: number): page is InputPage =>
      page !== undefined && index >= page.first && index < page.first + page.inputs.length;
    let page: InputPage | undefined;
    const emit = async function* (index: number, result: ChildResult | undefined) {
      let input: unknown;
      if (result === undefined || result.status === 'FAILED' || stream.transformation === 'NONE') {
        if (!holds(page, index)) page = await store.getItemPage(executionArn, stream.joinId, index);
        if (!holds(page, index)) throw new Error(`no item page holds child ${index} of join ${stream.joinId}`);
        input = page.inputs[index - page.first];
      }
      const now = new Date(clock.now()).toISOString();
      yield* recordsOfChild(stream.mapRunArn, () => input, result, stream.transformation, index, now);
    };
    let next = 0;
    for (let from = 0; from < stream.total; ) {
      const results = await store.childResultsFrom(executionArn, stream.joinId, from, RESULTS_PAGE);
      for (const result of results) {
        if (result.index >= stream.total) break;
        for (; next < result.index; next++) yield* emit(next, undefined);
        yield* emit(result.index, result);
        next = result.index + 1;
      }
      const last = results.at(-1);
      if (last === undefined || results.length < RESULTS_PAGE) break;
      from = last.index + 1;
    }
    for (; next < stream.total; next++) yield* emit(next, undefined);
  }

  /** Cancels the `.sync` jobs whose polls are among `messages` (best effort). */
  private async cancelJobs(execution: ExecutionRecord, messages: readonly OutgoingMessage[]): Promise<void> {
    for (const { body } of messages) {
      if (body.kind !== 'job') continue;
      await this.deps.invoker.cancelJob?.(body.resource, body.job, execution.info).catch(() => undefined);
    }
  }

  /** Poll number `poll` of a `.sync` job, `seconds` from now (at most the queue's maximum delay). */
  private jobPoll(
    executionArn: string,
    frameId: string,
    version: number,
    resource: string,
    job: unknown,
    seconds: number,
    poll = 0,
  ): OutgoingMessage {
    return {
      body: { kind: 'job', executionArn, frameId, version, resource, job, ...(poll > 0 ? { poll } : {}) },
      delaySeconds: Math.max(0, Math.min(this.deps.queue.maxDelaySeconds, Math.ceil(seconds))),
    };
  }

  /**
   * Whether every frame above `frameId` still waits for the children it belongs to: false for a Map
   * iteration or Parallel branch its parent left (a sibling failed, the Map or Parallel moved on), or
   * one inside such a frame. One read per level.
   */
  private async awaitedByParents(executionArn: string, frameId: string): Promise<boolean> {
    let id = frameId;
    for (;;) {
      const slash = id.lastIndexOf('/');
      const cut = id.lastIndexOf('.');
      if (slash < 0 || cut < slash) return true;
      const parent = await this.deps.store.loadFrame(executionArn, id.slice(0, slash));
      if (parent?.frame.stage.name !== 'children' || joinIdOfFrame(parent.frame) !== id.slice(0, cut)) return false;
      id = id.slice(0, slash);
    }
  }

  /**
   * Polls a `.sync` job for the task that waits for it. While the job runs, the poll is sent again
   * (no commit: a crash between polls leaves the message to be delivered again). When it ends, its
   * outcome moves the frame on through the usual conditional commit, so that the result is recorded
   * exactly once whatever the duplicates. Each poll is numbered and claimed on the task's token
   * before it runs, so a duplicate delivery of a poll stops there instead of starting a second chain
   * of polls. A poll that finds the task no longer waiting — the execution stopped, failed or timed
   * out, the task timed out or missed its heartbeat, or was answered through its token, or the Map
   * iteration or Parallel branch it runs in was left by its parent after a sibling failed — cancels
   * the job: that is how a job ends with its execution.
   */
  private async pollJob(message: Extract<StepMessage, { kind: 'job' }>, messageId: string): Promise<HandleOutcome> {
    const { invoker, store } = this.deps;
    const record = await store.loadFrame(message.executionArn, message.frameId);
    const execution = await store.getExecution(message.executionArn);
    if (execution === undefined || record === undefined) return 'stale';
    const running = execution.status === 'RUNNING';
    if (running && record.version === message.version + 1 && record.causedBy === messageId) {
      await this.afterCommit(execution, record);
      return 'resent';
    }
    const stage = record.frame.stage;
    if (
      !running ||
      record.version !== message.version ||
      stage.name !== 'task' ||
      !(await this.awaitedByParents(message.executionArn, message.frameId))
    ) {
      await this.cancelJobs(execution, [{ body: message, delaySeconds: 0 }]);
      return 'stale';
    }
    await this.keepRecordsRunning(execution);
    const poll = message.poll ?? 0;
    if (stage.taskToken !== undefined && !(await store.claimJobPoll(stage.taskToken, poll, messageId))) return 'stale';
    if (invoker.pollJob === undefined) throw new Error(`the task invoker cannot poll the job of ${message.resource}`);
    const status = await invoker.pollJob(message.resource, message.job, execution.info);
    const current: Current = { version: record.version, frame: record.frame, fresh: false };
    switch (status.state) {
      case 'RUNNING':
        await this.send([
          this.jobPoll(
            message.executionArn,
            message.frameId,
            message.version,
            message.resource,
            message.job,
            status.pollSeconds,
            poll + 1,
          ),
        ]);
        return 'chained';
      case 'SUCCEEDED':
        return this.advance(execution, current, { type: 'taskSucceeded', output: status.output }, messageId);
      case 'FAILED':
        return this.advance(
          execution,
          current,
          { type: 'taskFailed', error: status.error, cause: status.cause },
          messageId,
        );
      default:
        return status satisfies never;
    }
  }

  /**
   * Whether a resource names an activity of the registry. One that does not exist goes to the task
   * invoker like any resource (a test stub may answer it; on AWS it fails as unsupported).
   */
  private async isActivity(resource: string): Promise<boolean> {
    return this.deps.registry !== undefined && (await this.deps.registry.getActivity(resource)) !== undefined;
  }

  /**
   * Puts an activity task on its activity's list, where a worker takes it with `GetActivityTask`;
   * the frame waits for the worker's answer through the task token, as a callback task does.
   */
  private async scheduleActivity(
    execution: ExecutionRecord,
    frame: Frame,
    task: TaskInvocation,
    token: string,
    outbox: OutgoingMessage[],
  ): Promise<FrameEvent | undefined> {
    const { clock, registry, store } = this.deps;
    const arn = execution.info.executionArn;
    if (registry === undefined) throw new Error('activity tasks need a registry');
    const now = clock.now();
    await store.putTaskToken({ token, executionArn: arn, frameId: frame.id, version: -1, heartbeatAt: now });
    const timeoutSeconds =
      task.timeoutSeconds !== undefined && task.timeoutSeconds < NO_TIMEOUT_SECONDS ? task.timeoutSeconds : undefined;
    if (timeoutSeconds !== undefined) {
      outbox.push(this.taskTimeout(arn, frame.id, now + timeoutSeconds * 1000, false));
    }
    // A worker may only take the task once this step's commit shows the frame waiting for it.
    await registry.scheduleActivityTask({
      activityArn: task.resource,
      token,
      input: JSON.stringify(task.payload ?? null),
      executionArn: arn,
      frameId: frame.id,
      scheduledAt: now,
      timeoutSeconds,
      heartbeatSeconds: task.heartbeatSeconds,
    });
    return undefined;
  }

  /**
   * A worker took an activity task: records `ActivityStarted` on the frame that waits for it (one
   * commit) and starts its heartbeat timer. The commit moves the frame's version on, so the task's
   * timeout goes out again with it. False when the frame no longer waits for the task.
   */
  async startActivityTask(task: ActivityTaskRecord, workerName: string | undefined): Promise<boolean> {
    const { clock, store } = this.deps;
    const record = await store.loadFrame(task.executionArn, task.frameId);
    const stage = record?.frame.stage;
    if (record === undefined || stage?.name !== 'task' || stage.taskToken !== task.token) return false;
    const execution = await store.getExecution(task.executionArn);
    if (execution === undefined || execution.status !== 'RUNNING') return false;
    const now = clock.now();
    await store.touchTaskToken(task.token, now);
    const timers: OutgoingMessage[] = [];
    if (task.timeoutSeconds !== undefined) {
      timers.push(
        this.taskTimeout(task.executionArn, task.frameId, task.scheduledAt + task.timeoutSeconds * 1000, false),
      );
    }
    if (task.heartbeatSeconds !== undefined) {
      timers.push(this.taskTimeout(task.executionArn, task.frameId, now + task.heartbeatSeconds * 1000, true));
    }
    const outcome = await this.advance(
      execution,
      { version: record.version, frame: record.frame, fresh: false },
      { type: 'activityStarted', workerName },
      `activity-start:${task.token}`,
      timers,
    );
    return outcome === 'committed';
  }

  /** A task's timeout (or heartbeat) timer for the frame's next commit. */
  private taskTimeout(executionArn: string, frameId: string, dueAt: number, heartbeat: boolean): OutgoingMessage {
    return this.delayed({
      kind: 'taskTimeout',
      executionArn,
      frameId,
      version: -1,
      dueAt,
      heartbeat,
    }) as OutgoingMessage;
  }

  /**
   * What follows a commit, idempotent so that a redelivery can repeat it: the outbox (versions set to
   * the committed one), task tokens pointed at it, and for a finished frame its parent's join or the
   * execution's final status.
   */
  private async afterCommit(execution: ExecutionRecord, record: FrameRecord): Promise<void> {
    const { store } = this.deps;
    const arn = execution.info.executionArn;
    const stage = record.frame.stage;
    if (stage.name === 'task' && stage.taskToken !== undefined) {
      const token = await store.getTaskToken(stage.taskToken);
      if (token !== undefined && token.version !== record.version) {
        await store.putTaskToken({ ...token, version: record.version });
      }
      // A callback that came before this commit found no frame waiting: deliver it now.
      if (token?.outcome !== undefined) {
        await this.send([
          {
            body: {
              kind: 'callback',
              executionArn: arn,
              frameId: record.frameId,
              version: record.version,
              token: token.token,
            },
            delaySeconds: 0,
          },
        ]);
      }
    }
    const messages = record.outbox.map((m) =>
      'version' in m.body && m.body.version === -1 ? { ...m, body: { ...m.body, version: record.version } } : m,
    );
    const now = new Date(this.deps.clock.now()).toISOString();
    // A distributed Map's iteration is a child execution: its first commit creates its record, before
    // any message of the child goes out, and its last ends it.
    const childStopDate = await recordChildCommit(store, execution, record, now, this.recordExpiryOf(execution));
    // A map run's end goes on its record before anything that follows the commit (the execution's end
    // among them), so that an execution read as ended has the ends of its runs recorded.
    await recordMapRunEnds(store, record);
    // A fed Map's starts come before its outbox, whose `continue` moves the frame on: until it is sent,
    // a redelivery finds this record the newest and repeats them.
    if (stage.name === 'children' && stage.children.feed !== undefined) {
      await this.feedAfterCommit(execution, record, stage.children);
    }
    await this.send(messages);
    if (stage.name !== 'done') return;
    const outcome = lastOutcome(record);
    if (outcome === undefined) return;
    if (record.frame.kind === 'execution') {
      await this.finishExecution(execution, outcome, endedAt(record.events, now));
      return;
    }
    await this.completeChild(execution, record.frame, outcome, childStopDate ?? now);
  }

  /**
   * Records a child's result in its join, then wakes the parent when every child is done or failures
   * exceed the tolerance, else starts this child's successor. With a `MaxConcurrency` of n, children
   * run in n slots: child i's completion starts child i + n, so at most n run at once and each start
   * follows exactly one completion, with no shared counter to agree on.
   */
  private async completeChild(
    execution: ExecutionRecord,
    child: Frame,
    outcome: ChildOutcome,
    stopDate: string,
  ): Promise<void> {
    const { store } = this.deps;
    const arn = execution.info.executionArn;
    const link = child.parent;
    if (link === undefined) return;
    const joinId = child.id.slice(0, child.id.lastIndexOf('.'));
    let parent = await store.loadFrame(arn, link.frameId);
    const waits = (record: FrameRecord | undefined): ChildrenPlan | undefined => {
      const stage = record?.frame.stage;
      return record !== undefined && stage?.name === 'children' && joinIdOfFrame(record.frame) === joinId
        ? stage.children
        : undefined;
    };
    let plan = waits(parent);
    if (parent === undefined || plan === undefined) return;
    const ended: ChildResult =
      outcome.status === 'SUCCEEDED'
        ? { index: link.index, status: 'SUCCEEDED' as const, output: outcome.output }
        : { index: link.index, status: 'FAILED' as const, error: outcome.error, cause: outcome.cause };
    // A distributed Map's iteration is a child execution: its dates go to the map run's results, and
    // the items of its batch (a run read in pages keeps them nowhere else) to its `itemCounts`.
    const items = plan.feed?.batched === true ? batchItemCount(child.mapItem?.value) : undefined;
    const result: ChildResult =
      child.detached === true
        ? {
            ...ended,
            startDate: child.startDate,
            stopDate,
            ...(items === undefined ? {} : { items }),
          }
        : ended;
    const fed = plan.feed !== undefined;
    const counts = await store.completeChild(
      arn,
      joinId,
      result,
      fed ? FED_JOIN_CHILDREN : childCount(plan),
      this.recordExpiryOf(execution),
    );
    if (plan.feed?.more === true) {
      // The Map is still reading its items: read it again, after this count, so that either this child
      // sees the page that holds its successor (or the last page) or the feeder, committing it, sees
      // this count (`feedAfterCommit`).
      parent = await store.loadFrame(arn, link.frameId);
      plan = waits(parent);
      if (parent === undefined || plan === undefined) return;
    }
    const fedTotal = plan.feed === undefined ? undefined : plan.feed.more ? undefined : plan.feed.count;
    const total = plan.feed === undefined ? childCount(plan) : fedTotal;
    if (total !== undefined) {
      const tolerance = plan.tolerance;
      const joinEnds = (completed: number, failed: number) =>
        completed >= total || exceedsTolerance(failed, total, tolerance);
      // The counts are the join's as this child's count left them, the same on a redelivery: exactly
      // one child sees the join reach its end (every child counted, or the first failure beyond the
      // tolerance), and that child wakes the parent — again when its message is redelivered after a
      // crash between the count and the wake-up. The others never do. (A fed join is also woken by
      // its feeder's last commit when every child was counted before it.)
      const endedBefore =
        counts.ordered && joinEnds(counts.completed - 1, counts.failed - (counts.childFailed ? 1 : 0));
      if (joinEnds(counts.completed, counts.failed) && !endedBefore) {
        await this.send([
          {
            body: { kind: 'join', executionArn: arn, frameId: link.frameId, version: parent.version },
            delaySeconds: 0,
          },
        ]);
        return;
      }
    }
    const limit = plan.maxConcurrency;
    const successor = link.index + limit;
    if (limit > 0 && successor < childCount(plan)) {
      await this.send([
        { body: { kind: 'run', executionArn: arn, frameId: `${joinId}.${successor}`, version: 0 }, delaySeconds: 0 },
      ]);
    }
  }

  /** Ends the execution's record as its root frame's last commit ended it, at `stopDate`. */
  private async finishExecution(execution: ExecutionRecord, outcome: ChildOutcome, stopDate: string): Promise<void> {
    const expiresAt = this.expiryOf(execution);
    await this.keepRecordsEnded(execution);
    await this.deps.store.updateExecution(
      execution.info.executionArn,
      ['RUNNING'],
      outcome.status === 'SUCCEEDED'
        ? { status: 'SUCCEEDED', output: outcome.output, stopDate, expiresAt }
        : { status: 'FAILED', error: outcome.error || undefined, cause: outcome.cause, stopDate, expiresAt },
    );
  }

  /** `TimeoutSeconds` of the definition came due: the execution times out. */
  private async executionTimeout(
    execution: ExecutionRecord,
    message: Extract<StepMessage, { kind: 'executionTimeout' }>,
    messageId: string,
  ): Promise<HandleOutcome> {
    if (await this.chain(message)) return 'chained';
    const appended = await this.appendRootEvent(execution, messageId, (id, previous) => ({
      id,
      previousEventId: previous,
      timestamp: new Date(this.deps.clock.now()).toISOString(),
      type: 'ExecutionTimedOut',
      executionTimedOutEventDetails: { error: StatesErrors.Timeout },
    }));
    if (appended === undefined) return 'stale';
    await this.keepRecordsEnded(execution);
    await this.deps.store.updateExecution(execution.info.executionArn, ['RUNNING'], {
      status: 'TIMED_OUT',
      error: StatesErrors.Timeout,
      stopDate: appended.timestamp,
      expiresAt: this.expiryOf(execution),
    });
    return 'finished';
  }

  /**
   * Ends the root frame with one event (ExecutionTimedOut, ExecutionAborted): a commit like any other,
   * retried against concurrent commits. Returns the event, also when an earlier delivery of the same
   * call committed it; undefined when the execution ended otherwise.
   */
  async appendRootEvent(
    execution: ExecutionRecord,
    causedBy: string,
    build: (id: number, previousEventId: number) => HistoryEvent,
    reservedId?: number,
  ): Promise<HistoryEvent | undefined> {
    const arn = execution.info.executionArn;
    for (let attempt = 0; attempt < 10; attempt++) {
      const root = await this.deps.store.loadFrame(arn, 'root');
      if (root === undefined) return undefined;
      // Already ended: by this very call on an earlier delivery, or by the execution itself.
      if (root.frame.stage.name === 'done') return root.causedBy === causedBy ? root.events.at(-1) : undefined;
      // The record this one follows may hold a map run's end whose recording a crash cut short: its
      // message's redelivery will find the frame moved on, so the end is recorded here.
      await recordMapRunEnds(this.deps.store, root);
      const id = reservedId ?? (await this.deps.store.reserveEventIds(arn, 1, this.expiryOf(execution)));
      const event = build(id, root.frame.lastEventId);
      const frame: Frame = { ...root.frame, stage: { name: 'done' }, lastEventId: id };
      const result = await this.deps.store.commitFrame({
        executionArn: arn,
        frameId: 'root',
        version: root.version + 1,
        frame,
        events: [event],
        outbox: [],
        causedBy,
        expiresAt: this.expiryOf(execution),
        ...pagedHistoryOf(execution),
      });
      if (result.committed) {
        this.deps.onEvents?.(arn, [event]);
        return event;
      }
    }
    throw new Error(`could not record the end of ${arn}: the root frame kept changing`);
  }

  /** Fails the execution of a message that could not be processed after the last delivery. */
  private async failPoisoned(
    message: { readonly executionArn: string; readonly frameId?: string | undefined },
    received: ReceivedMessage,
    error: unknown,
    outcome = `failed ${received.receiveCount} times and was moved to the dead-letter queue`,
  ): Promise<void> {
    const execution = await this.deps.store.getExecution(message.executionArn);
    if (execution === undefined || execution.status !== 'RUNNING') return;
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const cause = `The step message for frame '${message.frameId ?? 'root'}' ${outcome}: ${reason}`;
    const appended = await this.appendRootEvent(execution, `poison:${received.messageId}`, (id, previous) => ({
      id,
      previousEventId: previous,
      timestamp: new Date(this.deps.clock.now()).toISOString(),
      type: 'ExecutionFailed',
      executionFailedEventDetails: { error: StatesErrors.Runtime, cause },
    })).catch(() => undefined);
    if (appended === undefined) return;
    await this.keepRecordsEnded(execution);
    await this.deps.store.updateExecution(execution.info.executionArn, ['RUNNING'], {
      status: 'FAILED',
      error: StatesErrors.Runtime,
      cause,
      stopDate: appended.timestamp,
      expiresAt: this.expiryOf(execution),
    });
  }

  /** Sends messages, chaining delays beyond the queue's maximum through `dueAt`. */
  async send(messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.deps.queue.send(messages);
  }
}

/** Whether `message` is an execution's start message: its root frame's first run. */
/**
 * A distributed Map's iteration (a STANDARD child execution) starts a nested Parallel's branches or
 * Map's iterations as frames of their own: from then on the child's ids come from its counter.
 */
function startsFramesInChild(frame: Frame, effect: Extract<Effect, { type: 'startChildren' }>): boolean {
  return (
    frame.detached === true &&
    frame.express !== true &&
    frame.sharedIds !== true &&
    !effect.plan.detached &&
    effect.count > 0
  );
}

/** For a frame inside a distributed Map's child execution: the child's own frame, which its history limit ends. */
function childFrameOf(frame: Frame): { frameId: string } | Record<string, never> {
  return frame.inChild === undefined ? {} : { frameId: frame.inChild.frameId };
}

function isStartMessage(message: StepMessage): boolean {
  return message.kind === 'run' && message.frameId === 'root' && message.version === 0;
}

/**
 * Whether a step's events (renumbered, in id order) reach the history limit: an event at or beyond
 * it, unless the one at the limit is the execution's own last event (a history of exactly `limit`
 * events that ends the execution is whole).
 */
function reachesLimit(events: readonly HistoryEvent[], limit: number): boolean {
  const last = events[events.length - 1];
  if (last === undefined || last.id < limit) return false;
  return last.id > limit || (last.type !== 'ExecutionSucceeded' && last.type !== 'ExecutionFailed');
}
/** The engine's default `TimeoutSeconds` of a task: no timeout at all. */
const NO_TIMEOUT_SECONDS = 99_999_999;

/**
 * The `children` a fed join's counts are kept for (its total is not known while its items are read):
 * beyond any ordered list, the store keeps plain counts.
 */
const FED_JOIN_CHILDREN = Number.MAX_SAFE_INTEGER;

/** Most bytes of JSON in one stored item page (one child alone when its input is larger). */
const PAGE_BYTES = 16 * 1024;

/** Results read at once from a join's store when a fed map run's results are read a page at a time. */
const RESULTS_PAGE = 1_000;

/**
 * Whether a frame goes on to its end whatever becomes of its parent: a distributed Map's EXPRESS
 * child execution (AWS waits for those to complete when their parent stops or their map run fails),
 * and the frames it started that have stepped (a nested Parallel's branches), which it waits for.
 */
/** The id of the frame a child frame's id names as its parent (`<parent>/<join>.<index>`). */
function parentFrameId(frameId: string): string {
  return frameId.slice(0, Math.max(0, frameId.lastIndexOf('/')));
}

function runsToItsEnd(frame: Frame): boolean {
  return (frame.detached === true && frame.express === true) || frame.inChild?.express === true;
}

/** The event that starts a child frame. */
const START: FrameEvent = Object.freeze({ type: 'start' });
const TIMER_FIRED: FrameEvent = Object.freeze({ type: 'timerFired' });

/** The longest retry back-off a child running inside its parent's step waits out there. */
const INLINE_BACKOFF_MS = 10_000;

/**
 * Most children of one fan-out that run at once inside a step (Step Functions runs an inline Map's
 * iterations up to 40 at a time).
 */
const INLINE_CONCURRENCY = 40;

/**
 * Whether the children of a plan may have their tasks invoked inside the parent's step: every state
 * of their machines is a Pass, Choice, Succeed, Fail or a Task that answers in its invocation (no
 * callback, activity or `.sync` job). Anything else (a Wait, a nested fan-out) would most likely make
 * a child wait, and the inline attempt would only have invoked tasks for nothing.
 */
function tasksRunInline(program: Program, plan: ChildrenPlan): boolean {
  for (const key of plan.machines) {
    const machine = program.machines.get(key);
    if (machine === undefined) return false;
    for (const { state } of machine.states.values()) {
      if (state.Type === 'Task') {
        const kind = classifyResource(state.Resource);
        if (kind.pattern !== 'RESPONSE' || kind.integration === 'activity') return false;
      } else if (
        state.Type !== 'Pass' &&
        state.Type !== 'Choice' &&
        state.Type !== 'Succeed' &&
        state.Type !== 'Fail'
      ) {
        return false;
      }
    }
  }
  return true;
}

/** Whether a task is one a child running inline may invoke (it answers in its invocation). */
function invokedInline(task: TaskInvocation): boolean {
  return task.pattern === 'RESPONSE' && task.integration !== 'activity' && task.taskToken === undefined;
}

/**
 * The interpreter's environment for one step. A class, not an object of closures: the engine's
 * optimised code then calls the same functions in every execution, instead of being thrown away
 * when the closures of the last one are collected.
 */
class RuntimeStepEnv implements StepEnv {
  constructor(
    private readonly deps: RuntimeDependencies,
    private readonly ids: ProvisionalIds,
    private readonly reserve: (count: number) => Promise<number>,
    readonly execution: ExecutionInfo,
    readonly maxPayloadBytes: number,
  ) {}

  now(): number {
    return this.deps.clock.now();
  }

  uuid(): string {
    return this.deps.uuid === undefined ? randomUUID() : this.deps.uuid();
  }

  random(): number {
    return this.deps.random === undefined ? Math.random() : this.deps.random();
  }

  nextEventId(): number {
    return this.ids.next();
  }

  async finalEventId(id: number): Promise<number> {
    if (this.ids.real(id) === undefined) await this.ids.settle(this.reserve);
    return this.ids.map(id);
  }
}

keepShape(
  new RuntimeStepEnv({} as RuntimeDependencies, keepShape(new ProvisionalIds()), async () => 0, {} as ExecutionInfo, 0),
);

/**
 * Cancels a task's timeout timer once the task has answered. Lighter than an AbortController, which
 * builds an `Event` (and, without a reason, a `DOMException`) on every abort: one per task invocation.
 */
class RaceOver implements SleepSignal {
  aborted = false;
  private readonly listeners: Array<() => void> = [];

  addEventListener(_type: 'abort', listener: () => void): void {
    this.listeners.push(listener);
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    for (const listener of this.listeners) listener();
  }
}

type ChildOutcome =
  | { readonly status: 'SUCCEEDED'; readonly output: unknown }
  | { readonly status: 'FAILED'; readonly error: string; readonly cause?: string | undefined };

/**
 * Whether an error will recur on every delivery of the message (an adapter marks such an error with
 * `permanent: true`, e.g. a record over the store's item size limit): retrying only repeats the
 * step's task invocations until the message is dead-lettered.
 */
function isPermanent(error: unknown): boolean {
  return error instanceof Error && (error as { permanent?: unknown }).permanent === true;
}

/** The execution (and frame) a malformed message body names, if it names one at all. */
function namedExecution(body: string): { executionArn: string; frameId?: string | undefined } | undefined {
  try {
    const json = JSON.parse(body) as { executionArn?: unknown; frameId?: unknown } | null;
    if (typeof json?.executionArn === 'string') {
      return { executionArn: json.executionArn, frameId: typeof json.frameId === 'string' ? json.frameId : undefined };
    }
    return undefined;
  } catch {
    const arn = /"executionArn"\s*:\s*"([^"]+)"/.exec(body)?.[1];
    return arn === undefined ? undefined : { executionArn: arn };
  }
}

/** The frame event of a callback's outcome. */
function callbackEvent(outcome: NonNullable<TaskTokenRecord['outcome']>): FrameEvent {
  return outcome.ok
    ? { type: 'taskSucceeded', output: outcome.output }
    : { type: 'taskFailed', error: outcome.error ?? '', cause: outcome.cause };
}

/** The outcome a finished frame's last commit recorded. */
/**
 * When a commit that ends the execution ended it: the time of its last event (`ExecutionSucceeded`,
 * `ExecutionFailed`), which AWS gives as the execution's `stopDate` too; `now` for a record without.
 */
function endedAt(events: readonly HistoryEvent[], now: string): string {
  let last: HistoryEvent | undefined;
  for (const event of events) if (last === undefined || event.id > last.id) last = event;
  return last?.timestamp ?? now;
}

function lastOutcome(record: FrameRecord): ChildOutcome | undefined {
  if (record.frame.stage.name !== 'done') return undefined;
  return record.frame.outcome;
}

/** The join id of a frame in the `children` stage. */
function joinIdOfFrame(frame: Frame): string {
  return `${frame.id}/${frame.transitions}.${frame.retryCount}`;
}
