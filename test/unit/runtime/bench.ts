/**
 * A test bench for the runtime: the in-memory store and queue on a virtual clock, task handlers as
 * functions, and a hand-cranked driver — deliver what is visible, move time on, count what was
 * delivered and what each port was asked — so that a test can stop anywhere and look.
 */
import type { HistoryEvent, TaskInvocation } from '../../../src/engine/types.js';
import { type LocalClock, virtualClock } from '../../../src/local/clock.js';
import { MemoryQueue } from '../../../src/local/memory-queue.js';
import { MemoryStore } from '../../../src/local/memory-store.js';
import * as lifecycle from '../../../src/runtime/lifecycle.js';
import type { ExecutionRecord, InvocationResult, ReceivedMessage, Store } from '../../../src/runtime/ports.js';
import { type HandleOutcome, Runtime } from '../../../src/runtime/runtime.js';

/** A task handler of the bench: may sleep on the bench's clock. */
export type BenchHandler = (
  payload: unknown,
  context: { task: TaskInvocation; sleep(ms: number): Promise<void> },
) => InvocationResult | Promise<InvocationResult>;

/** One delivery the bench made. */
export interface Delivery {
  readonly kind: string;
  readonly receiveCount: number;
  readonly outcome: HandleOutcome | 'failed';
  readonly error?: unknown;
}

/** Store calls by method name. */
export type StoreCalls = Record<string, number>;

/** Epoch ms the bench's clock starts at: 2024-05-01T10:00:00Z. */
export const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);
/** The state machine every bench execution belongs to. */
export const MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:Bench';
/** The ARN prefix of a Lambda function: `${FN}Work` names the handler `Work`. */
export const FN = 'arn:aws:lambda:us-east-1:123456789012:function:';

/** A store that counts calls per method. */
function countingStore(inner: Store, calls: () => StoreCalls): Store {
  return new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        const counts = calls();
        counts[property] = (counts[property] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** The bench. */
export class Bench {
  readonly clock: LocalClock = virtualClock(T0);
  readonly store = new MemoryStore();
  readonly queue: MemoryQueue;
  readonly runtime: Runtime;
  readonly deliveries: Delivery[] = [];
  /** Store calls made by the runtime since the last {@link resetCalls}. */
  calls: StoreCalls = {};
  readonly invocations: TaskInvocation[] = [];

  constructor(
    handlers: Readonly<Record<string, BenchHandler>> = {},
    options: { maxReceives?: number; wrapStore?: (store: Store) => Store } = {},
  ) {
    this.queue = new MemoryQueue({
      now: () => this.clock.now(),
      visibilityTimeoutSeconds: 30,
      maxReceives: options.maxReceives ?? 5,
    });
    this.runtime = new Runtime(
      {
        store: countingStore(options.wrapStore?.(this.store) ?? this.store, () => this.calls),
        queue: this.queue,
        clock: this.clock,
        invoker: {
          invoke: async (task) => {
            this.invocations.push(task);
            const name = (task.functionName ?? task.resource).split(':').pop() ?? '';
            const handler = handlers[name];
            if (handler === undefined) return { ok: false, error: 'NoHandler', cause: name };
            return handler(task.payload, { task, sleep: (ms) => this.clock.sleep(ms) });
          },
        },
      },
      { maxReceives: options.maxReceives ?? 5 },
    );
  }

  /** Starts counting store calls afresh. */
  resetCalls(): void {
    this.calls = {};
  }

  /** Starts an execution of `definition` (of a STANDARD state machine unless `machine` says otherwise). */
  start(
    definition: object,
    input: unknown = {},
    name?: string,
    machine: Pick<lifecycle.StateMachineRef, 'type' | 'quotas'> = {},
  ): Promise<lifecycle.StartExecutionOutput> {
    return lifecycle.startExecution(
      this.runtime,
      { stateMachineArn: MACHINE_ARN, definition, ...machine },
      { name, input: JSON.stringify(input) },
    );
  }

  /** Handles one received message, moving the virtual clock while a handler sleeps; acks on success. */
  async deliver(message: ReceivedMessage): Promise<Delivery> {
    const kind = /"kind":"(\w+)"/.exec(message.body)?.[1] ?? 'malformed';
    let settled = false;
    const handling = this.runtime.handle(message).then(
      (outcome) => ({ outcome }),
      (error: unknown) => ({ error }),
    );
    void handling.then(() => {
      settled = true;
    });
    while (!settled) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const wake = this.clock.nextWake();
      if (!settled && wake !== undefined) this.clock.advanceTo(wake);
    }
    const result = await handling;
    let delivery: Delivery;
    if ('outcome' in result) {
      delivery = { kind, receiveCount: message.receiveCount, outcome: result.outcome };
      await this.queue.ack(message.receipt);
    } else {
      delivery = { kind, receiveCount: message.receiveCount, outcome: 'failed', error: result.error };
    }
    this.deliveries.push(delivery);
    return delivery;
  }

  /** Delivers every message visible now (and those they send at once), without moving time. */
  async deliverVisible(): Promise<Delivery[]> {
    const out: Delivery[] = [];
    for (;;) {
      const batch = await this.queue.receive({ maxMessages: 10, waitSeconds: 0 });
      if (batch.length === 0) return out;
      for (const message of batch) out.push(await this.deliver(message));
    }
  }

  /** Moves the clock on by `seconds`, delivering what comes due on the way. */
  async advance(seconds: number): Promise<void> {
    const until = this.clock.now() + seconds * 1000;
    await this.deliverVisible();
    for (;;) {
      const next = this.queue.nextVisibleAt();
      if (next === undefined || next > until) break;
      this.clock.advanceTo(next);
      await this.deliverVisible();
    }
    this.clock.advanceTo(until);
    await this.deliverVisible();
  }

  /** Delivers and moves time on until the queue is empty or `limit` seconds have passed. */
  async settle(limit = 365 * 24 * 3600): Promise<void> {
    const until = this.clock.now() + limit * 1000;
    await this.deliverVisible();
    for (;;) {
      const next = this.queue.nextVisibleAt();
      if (next === undefined || next > until) return;
      this.clock.advanceTo(next);
      await this.deliverVisible();
    }
  }

  /** The execution's record as the store holds it now. */
  async execution(arn: string): Promise<ExecutionRecord> {
    const record = await this.store.getExecution(arn);
    if (record === undefined) throw new Error(`no execution ${arn}`);
    return record;
  }

  /** The execution's history, ordered by id. */
  history(arn: string): Promise<HistoryEvent[]> {
    return this.store.readHistory(arn);
  }

  /** Seconds since the bench's start at which the first event of `type` was recorded. */
  async secondsAt(arn: string, type: string): Promise<number> {
    const event = (await this.history(arn)).find((e) => e.type === type);
    if (event === undefined) throw new Error(`no ${type} event`);
    return (Date.parse(event.timestamp) - T0) / 1000;
  }
}
