/**
 * A deterministic world for one execution: the runtime on the in-memory store and queue, a virtual
 * clock, task handlers that are plain functions of their payload and attempt, and a driver that
 * delivers messages the way SQS and Lambda would — and, on request, crashes at a numbered point,
 * loses an acknowledgement, delivers everything twice, out of order, or to several racing workers.
 * Without faults, two runs of the same definition make the same calls in the same order, which is
 * what lets a crash plan name "the k-th call of the undisturbed run".
 */
import type { HistoryEvent, TaskInvocation } from '../../src/engine/types.js';
import { type LocalClock, virtualClock } from '../../src/local/clock.js';
import { MemoryQueue } from '../../src/local/memory-queue.js';
import { MemoryStore } from '../../src/local/memory-store.js';
import { functionNameOf } from '../../src/local/task-invoker.js';
import { sendTaskFailure, sendTaskSuccess, startExecution } from '../../src/runtime/lifecycle.js';
import { serializeStepMessage } from '../../src/runtime/messages.js';
import type {
  ExecutionRecord,
  InvocationResult,
  Queue,
  ReceivedMessage,
  Store,
  TaskInvoker,
} from '../../src/runtime/ports.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { Crash, type CrashPlan, FaultPoints } from './faults.js';
import {
  type CallLog,
  type CommitLog,
  chaoticQueue,
  countingQueue,
  currentCall,
  faultyInvoker,
  faultyQueue,
  faultyStore,
  newCommitLog,
  observedStore,
} from './wrappers.js';

/** A task handler: a pure function of the payload and the attempt (0 for the first). */
export type Handler = (payload: unknown, attempt: number) => InvocationResult;

/** A workflow the suite runs: definition, input, the handlers its tasks name, and how it must end. */
export interface Workflow {
  readonly name: string;
  readonly definition: object;
  readonly input: unknown;
  readonly handlers: Readonly<Record<string, Handler>>;
  /** The end the spec prescribes for an undisturbed run. */
  readonly expected: {
    readonly status: 'SUCCEEDED' | 'FAILED';
    readonly output?: unknown;
    readonly error?: string;
    readonly cause?: string;
  };
  /**
   * Its fan-outs run inside their parent's step (every child finishes without waiting): no child
   * frame is ever handled on its own.
   */
  readonly inlineChildren?: boolean;
  /** What a distributed Map's `ItemReader` reads, answered {@link READER_PAGE} items a page. */
  readonly items?: readonly unknown[];
  /** The records a distributed Map's `ResultWriter` must write, in order (see {@link writeResults}). */
  readonly written?: readonly unknown[];
}

/**
 * The suite's `ResultWriter`: reads every record the runtime streams from the join, as the S3 writer
 * does; unless they are `written`, in order, the write fails (`Written.Wrong`) and the execution with it.
 */
export async function writeResults(task: TaskInvocation, written: readonly unknown[] = []): Promise<InvocationResult> {
  const records: unknown[] = [];
  for await (const record of task.resultWriter?.stream?.records ?? []) records.push(record);
  if (JSON.stringify(records) === JSON.stringify(written)) return { ok: true, output: {} };
  return { ok: false, error: 'Written.Wrong', cause: JSON.stringify(records) };
}

/** Items the suite's `ItemReader` answers per page (fewer than asked: a page of a real reader may be short too). */
export const READER_PAGE = 3;

/** The suite's `ItemReader`: `items` a page at a time, the cursor the index of the page's first item. */
export function readerPage(task: TaskInvocation, items: readonly unknown[]): InvocationResult {
  const from = typeof task.itemPage?.cursor === 'number' ? task.itemPage.cursor : 0;
  const to = from + Math.min(READER_PAGE, task.itemPage?.maxItems ?? READER_PAGE);
  return { ok: true, output: { Items: items.slice(from, to), ...(to < items.length ? { Cursor: to } : {}) } };
}

/** What can go wrong in a run. */
export interface Disturbance {
  /** One crash, or several (numbered in the disturbed run: each crash shifts the calls after it). */
  readonly crash?: CrashPlan | readonly CrashPlan[];
  /** The n-th acknowledgement (1-based) of a handled message is lost. */
  readonly dropAck?: number;
  /** Every message is sent twice. */
  readonly duplicate?: boolean;
  /** Messages get up to this many seconds of extra delay, and each received batch is shuffled. */
  readonly reorder?: number;
  /** Workers handling each delivered message at the same time. @default 1 */
  readonly racers?: number;
  /** Wraps the store under the fault points (a store that always fails for a poison message). */
  readonly store?: (store: Store) => Store;
  /** An API client whose callback request failed does not try again. */
  readonly clientGivesUp?: boolean;
  /** The n-th message sent (1-based) arrives cut short: a body that never parses. */
  readonly corrupt?: number;
  /** States one step may enter before it commits and continues in a new message. @default 250 */
  readonly maxTransitionsPerStep?: number;
  /** Seeds the randomness of reordering. @default 1 */
  readonly seed?: number;
  /** StartExecution runs the first step itself, as the API function does (no start message then). */
  readonly startInline?: boolean;
}

/** The first step's time in StartExecution when it runs there: engine time, which stands still in a step. */
const START_STEP_MILLISECONDS = 1000;

/** One handling of a delivered message. */
export interface Handling extends CallLog {
  readonly messageId: string;
  /** 1 on the first delivery of the message. */
  readonly receiveCount: number;
  readonly body: string;
  /** Whether the execution had ended before this handling began. */
  readonly afterEnd: boolean;
  outcome?: string;
  error?: unknown;
}

/** One task invocation as the task saw it. */
export interface Invocation {
  readonly key: string;
  /** The payload as JSON, with the task token (new for each invocation) blanked. */
  readonly payload: string;
}

/** Everything a run left behind, for the invariants to judge. */
export interface RunRecord {
  readonly execution: ExecutionRecord;
  readonly history: HistoryEvent[];
  /** Each child execution's history as the store reads it (`readChildHistory`), by the child's frame. */
  readonly childHistories: ReadonlyMap<string, readonly HistoryEvent[]>;
  readonly commits: CommitLog;
  readonly invocations: readonly Invocation[];
  readonly handlings: readonly Handling[];
  readonly deadLetters: readonly string[];
  /** The numbered calls of the run (for an undisturbed run: the crash sites to try). */
  readonly sites: FaultPoints['sites'];
  readonly acks: number;
  readonly crashes: number;
  /** The driver gave up: messages kept coming after the cap. */
  readonly runaway: boolean;
  readonly clientErrors: readonly unknown[];
  /** Workers that handled each delivery at once. */
  readonly racers: number;
  /** Every message was sent twice. */
  readonly duplicated: boolean;
  /** The history's ids read a page at a time (`Store.readHistoryPage`), forward and reverse. */
  readonly pages?: { readonly forward: readonly number[]; readonly reverse: readonly number[] } | undefined;
}

/** The ids of an execution's history read three events a page (pages that end inside records), both ways. */
export async function historyPages(
  store: Store,
  executionArn: string,
): Promise<{ forward: number[]; reverse: number[] }> {
  const read = async (reverse: boolean) => {
    const ids: number[] = [];
    let from: number | undefined;
    do {
      const page = await store.readHistoryPage(executionArn, { from, reverse, limit: 3 });
      ids.push(...page.events.map((e) => e.id));
      from = page.next;
    } while (from !== undefined);
    return ids;
  };
  return { forward: await read(false), reverse: await read(true) };
}

const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:FaultInjection';
/** Deliveries before a message goes to the dead-letter queue: more than any one crash needs. */
export const MAX_RECEIVES = 5;
const VISIBILITY_SECONDS = 10;
const MAX_HANDLINGS = 5000;

/** Each child execution's history as `store` reads it, by the child's frame (see {@link CommitLog.childOf}). */
export async function childHistories(
  store: Store,
  executionArn: string,
  commits: CommitLog,
): Promise<Map<string, HistoryEvent[]>> {
  const histories = new Map<string, HistoryEvent[]>();
  for (const child of new Set(commits.childOf.values())) {
    histories.set(child, await store.readChildHistory(executionArn, child));
  }
  return histories;
}

/** A small seeded PRNG (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs one workflow to its end under a disturbance and returns what happened. */
export async function runWorkflow(workflow: Workflow, disturbance: Disturbance = {}): Promise<RunRecord> {
  const world = new World(workflow, disturbance);
  return world.run();
}

class World {
  readonly clock: LocalClock = virtualClock(T0);
  readonly rawStore = new MemoryStore();
  readonly rawQueue = new MemoryQueue({
    now: () => this.clock.now(),
    visibilityTimeoutSeconds: VISIBILITY_SECONDS,
    maxReceives: MAX_RECEIVES,
  });
  readonly faults: FaultPoints;
  readonly runtime: Runtime;
  readonly commits: CommitLog = newCommitLog();
  readonly invocations: Invocation[] = [];
  readonly handlings: Handling[] = [];
  readonly clientErrors: unknown[] = [];
  private readonly callbacks: { token: string; outcome: InvocationResult }[] = [];
  private readonly random: () => number;
  private acks = 0;
  private uuids = 0;

  constructor(
    private readonly workflow: Workflow,
    private readonly disturbance: Disturbance,
  ) {
    this.faults = new FaultPoints(disturbance.crash);
    this.random = seeded(disturbance.seed ?? 1);
    const observed = observedStore(this.rawStore, this.commits);
    const store = faultyStore(disturbance.store?.(observed) ?? observed, this.faults);
    const chaos = chaoticQueue(this.rawQueue, {
      duplicate: disturbance.duplicate,
      jitterSeconds: disturbance.reorder,
      random: this.random,
    });
    const queue = faultyQueue(countingQueue(this.corrupting(chaos)), this.faults);
    const invoker = faultyInvoker(this.invoker(), this.faults);
    this.runtime = new Runtime(
      {
        store,
        queue,
        invoker,
        clock: this.clock,
        uuid: () => `00000000-0000-4000-8000-${(++this.uuids).toString(16).padStart(12, '0')}`,
        random: () => 0.5,
      },
      {
        maxReceives: MAX_RECEIVES,
        maxTransitionsPerStep: disturbance.maxTransitionsPerStep,
        startStepMilliseconds: disturbance.startInline === true ? START_STEP_MILLISECONDS : 0,
        // Without the history limit the history is paged (read by event id), as on DynamoDB.
        quotas: { historyLimit: false },
      },
    );
  }

  /** A queue that cuts the body of the `corrupt`-th message short (its execution ARN survives). */
  private corrupting(inner: Queue): Queue {
    let sent = 0;
    const target = this.disturbance.corrupt;
    if (target === undefined) return inner;
    return {
      maxDelaySeconds: inner.maxDelaySeconds,
      send: async (messages) => {
        const intact = messages.filter(() => ++sent !== target);
        if (intact.length < messages.length) {
          const body = serializeStepMessage(messages[target - (sent - messages.length) - 1]!.body);
          this.rawQueue.sendRaw(body.slice(0, -12));
        }
        await inner.send(intact);
      },
      receive: (options) => inner.receive(options),
      ack: (receipt) => inner.ack(receipt),
      extendVisibility: (receipt, seconds) => inner.extendVisibility(receipt, seconds),
    };
  }

  /** The task side: runs handlers, and for callback tasks keeps the outcome for the driver to send. */
  private invoker(): TaskInvoker {
    return {
      invoke: async (task: TaskInvocation) => {
        const attempt = Number(task.idempotencyKey.slice(task.idempotencyKey.lastIndexOf('/') + 1));
        const payload = JSON.stringify(task.payload ?? null);
        this.invocations.push({
          key: task.idempotencyKey,
          payload: task.taskToken === undefined ? payload : payload.split(task.taskToken).join('<token>'),
        });
        if (task.itemReader !== undefined) return readerPage(task, this.workflow.items ?? []);
        if (task.resultWriter !== undefined) return writeResults(task, this.workflow.written);
        const name = functionNameOf(task.functionName ?? task.resource);
        const handler = this.workflow.handlers[name];
        if (handler === undefined) throw new Error(`no handler ${name}`);
        const outcome = handler(task.payload, attempt);
        if (task.pattern !== 'WAIT_FOR_TASK_TOKEN' || task.taskToken === undefined) return outcome;
        this.callbacks.push({ token: task.taskToken, outcome });
        return { ok: true, output: { StatusCode: 200 } };
      },
    };
  }

  async run(): Promise<RunRecord> {
    const { executionArn } = await this.client('start', () =>
      startExecution(
        this.runtime,
        { stateMachineArn: MACHINE, definition: this.workflow.definition },
        { name: this.workflow.name, input: JSON.stringify(this.workflow.input) },
      ),
    );
    const runaway = !(await this.drive());
    const execution = await this.rawStore.getExecution(executionArn);
    if (execution === undefined) throw new Error(`execution ${executionArn} vanished`);
    return {
      execution,
      history: await this.rawStore.readHistory(executionArn),
      childHistories: await childHistories(this.rawStore, executionArn, this.commits),
      commits: this.commits,
      invocations: this.invocations,
      handlings: this.handlings,
      deadLetters: this.rawQueue.deadLetters.map((m) => m.body),
      sites: this.faults.sites,
      acks: this.acks,
      crashes: this.faults.crashes,
      runaway,
      clientErrors: this.clientErrors,
      racers: this.disturbance.racers ?? 1,
      duplicated: this.disturbance.duplicate === true,
      pages: await historyPages(this.rawStore, executionArn),
    };
  }

  /** Delivers messages and callbacks until nothing is left; false when it had to give up. */
  private async drive(): Promise<boolean> {
    const racers = this.disturbance.racers ?? 1;
    while (this.handlings.length < MAX_HANDLINGS) {
      const batch = await this.rawQueue.receive({ maxMessages: 10, waitSeconds: 0 });
      if (batch.length > 0) {
        if (this.disturbance.reorder !== undefined) this.shuffle(batch);
        if (racers > 1) {
          await Promise.all(batch.flatMap((m) => Array.from({ length: racers }, () => this.deliver(m))));
        } else {
          for (const m of batch) await this.deliver(m);
        }
        continue;
      }
      const callback = this.callbacks.shift();
      if (callback !== undefined) {
        await this.callback(callback.token, callback.outcome);
        continue;
      }
      const next = this.rawQueue.nextVisibleAt();
      if (next === undefined) return true;
      this.clock.advanceTo(next);
    }
    return false;
  }

  private shuffle(batch: ReceivedMessage[]): void {
    for (let i = batch.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [batch[i], batch[j]] = [batch[j]!, batch[i]!];
    }
  }

  /** One worker handling one delivery; acknowledges it when the handling succeeded. */
  private async deliver(message: ReceivedMessage): Promise<void> {
    const arn = /"executionArn":"([^"]+)"/.exec(message.body)?.[1] ?? '';
    const handling: Handling = {
      label: 'handle',
      messageId: message.messageId,
      receiveCount: message.receiveCount,
      body: message.body,
      afterEnd: (await this.rawStore.getExecution(arn))?.status !== 'RUNNING',
      reads: 0,
      writes: 0,
      commits: 0,
      conflicts: 0,
      sent: 0,
    };
    this.handlings.push(handling);
    this.faults.revive();
    await currentCall.run(handling, async () => {
      try {
        handling.outcome = await this.runtime.handle(message);
      } catch (error) {
        handling.outcome = 'failed';
        if (!(error instanceof Crash)) handling.error = error;
        return;
      }
      this.acks++;
      if (this.acks === this.disturbance.dropAck) return;
      await this.rawQueue.ack(message.receipt);
    });
  }

  /** An API client's callback for a task token; retried as a client retries a failed request. */
  private async callback(token: string, outcome: InvocationResult): Promise<void> {
    const attempts = this.disturbance.clientGivesUp === true ? 1 : 5;
    try {
      await this.client(
        'callback',
        () =>
          outcome.ok
            ? sendTaskSuccess(this.runtime, token, JSON.stringify(outcome.output))
            : sendTaskFailure(this.runtime, token, { error: outcome.error, cause: outcome.cause }),
        attempts,
      );
    } catch (error) {
      // The token of an invocation whose commit was lost (or of a losing racer) waits for nothing;
      // a client that gives up after a crash just stops.
      const name = (error as Error).name;
      if (name !== 'TaskTimedOut' && name !== 'TaskDoesNotExist' && name !== 'Crash') this.clientErrors.push(error);
    }
  }

  /** A client call through the API, tried again (up to `attempts` in all) after a crash of the API process. */
  private async client<T>(label: string, call: () => Promise<T>, attempts = 5): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      this.faults.revive();
      try {
        return await currentCall.run({ label, reads: 0, writes: 0, commits: 0, conflicts: 0, sent: 0 }, call);
      } catch (error) {
        if (!(error instanceof Crash) || attempt >= attempts) throw error;
      }
    }
  }
}
