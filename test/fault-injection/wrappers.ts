/**
 * Port wrappers of the fault-injection suite: one that watches (what was committed, what each
 * handling read, wrote and sent), one that crashes at numbered points, and one that disorders
 * delivery (every message sent twice, random extra delays).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { HistoryEvent } from '../../src/engine/types.js';
import type { OutgoingMessage, Queue, Store, TaskInvoker } from '../../src/runtime/ports.js';
import type { FaultPoints } from './faults.js';

/** What one handling of a message (or one client call) did through the ports. */
export interface CallLog {
  readonly label: string;
  reads: number;
  writes: number;
  /** Commits that landed. */
  commits: number;
  /** Commits that lost to a record already at their version. */
  conflicts: number;
  sent: number;
}

/** Attributes port calls to the handling that made them. */
export const currentCall = new AsyncLocalStorage<CallLog>();

/** Who makes the current call: `handle` (a worker), `start` or `callback` (an API client). */
function actor(): string {
  return currentCall.getStore()?.label ?? 'unknown';
}

/** Every Store method and whether it reads or writes (a new port method must be classed here). */
const STORE_METHODS: Readonly<Record<keyof Store, 'read' | 'write'>> = {
  putDefinition: 'write',
  getDefinition: 'read',
  putStateMachine: 'write',
  getStateMachine: 'read',
  createExecution: 'write',
  getExecution: 'read',
  updateExecution: 'write',
  putChildExecution: 'write',
  keepRecords: 'write',
  listExecutions: 'read',
  putMapRun: 'write',
  getMapRun: 'read',
  endMapRun: 'write',
  listMapRuns: 'read',
  loadFrame: 'read',
  loadFrameVersion: 'read',
  commitFrame: 'write',
  readHistory: 'read',
  readHistoryPage: 'read',
  readChildHistory: 'read',
  reserveEventIds: 'write',
  completeChild: 'write',
  childResults: 'read',
  childResultsFrom: 'read',
  joinCounts: 'read',
  putItemPage: 'write',
  getItemPage: 'read',
  lastItemPage: 'read',
  putTaskToken: 'write',
  getTaskToken: 'read',
  resolveTaskToken: 'write',
  touchTaskToken: 'write',
  claimJobPoll: 'write',
};

function isRead(method: string): boolean {
  return STORE_METHODS[method as keyof Store] === 'read';
}

/** Wraps every method of a store with `around(method, call)`. */
function wrapStore(inner: Store, around: (method: string, call: () => Promise<unknown>) => Promise<unknown>): Store {
  const wrapped: Record<string, unknown> = {};
  for (const method of Object.keys(STORE_METHODS) as (keyof Store)[]) {
    const fn = inner[method] as (...args: unknown[]) => Promise<unknown>;
    wrapped[method] = (...args: unknown[]) => around(method, () => fn.apply(inner, args));
  }
  return wrapped as unknown as Store;
}

/** What landed: each frame's committed events in commit order, and the frames that ended FAILED. */
export interface CommitLog {
  readonly byFrame: Map<string, HistoryEvent[][]>;
  /**
   * The events of child executions' own histories (a distributed Map's iteration), by the frame that
   * committed them: the child's own frame, or a frame it started (a nested Parallel's branch).
   */
  readonly childByFrame: Map<string, HistoryEvent[][]>;
  /** The child execution each frame of {@link childByFrame} belongs to, by its own frame's id. */
  readonly childOf: Map<string, string>;
  readonly failedFrames: Set<string>;
}

/** An empty {@link CommitLog}. */
export function newCommitLog(): CommitLog {
  return { byFrame: new Map(), childByFrame: new Map(), childOf: new Map(), failedFrames: new Set() };
}

/** A store that records every landed commit and counts each handling's reads and writes. */
export function observedStore(inner: Store, commits: CommitLog): Store {
  const observed = wrapStore(inner, async (method, call) => {
    const log = currentCall.getStore();
    if (log !== undefined) {
      if (isRead(method)) log.reads++;
      else log.writes++;
    }
    return call();
  });
  const remember = (frameId: string, events: readonly HistoryEvent[], log = commits.byFrame) => {
    const list = log.get(frameId) ?? [];
    list.push([...events]);
    log.set(frameId, list);
  };
  return {
    ...observed,
    async commitFrame(record) {
      const result = await observed.commitFrame(record);
      const log = currentCall.getStore();
      if (result.committed) {
        remember(record.frameId, record.events);
        if (record.childHistory !== undefined) {
          remember(record.frameId, record.childHistory, commits.childByFrame);
          commits.childOf.set(record.frameId, record.frame.inChild?.frameId ?? record.frameId);
        }
        if (record.frame.outcome?.status === 'FAILED') commits.failedFrames.add(record.frameId);
        if (log !== undefined) log.commits++;
      } else if (log !== undefined) {
        log.conflicts++;
      }
      return result;
    },
    async createExecution(record, root) {
      const result = await observed.createExecution(record, root);
      if (result.created) remember(root.frameId, root.events);
      return result;
    },
  };
}

/** A store whose calls are crash points (reads only before them). */
export function faultyStore(inner: Store, faults: FaultPoints): Store {
  return wrapStore(inner, (method, call) =>
    faults.around(`${actor()} store.${method}`, call, { read: isRead(method) }),
  );
}

/** A queue whose sends are crash points (a batch of two or more can also half-happen). */
export function faultyQueue(inner: Queue, faults: FaultPoints): Queue {
  return {
    maxDelaySeconds: inner.maxDelaySeconds,
    send: (messages) =>
      faults.around(`${actor()} queue.send`, () => inner.send(messages), {
        partial: messages.length > 1 ? () => inner.send(messages.slice(0, Math.ceil(messages.length / 2))) : undefined,
      }),
    receive: (options) => inner.receive(options),
    ack: (receipt) => inner.ack(receipt),
    extendVisibility: (receipt, seconds) => inner.extendVisibility(receipt, seconds),
  };
}

/** A queue that counts what each handling sends. */
export function countingQueue(inner: Queue): Queue {
  return {
    maxDelaySeconds: inner.maxDelaySeconds,
    send: async (messages) => {
      const log = currentCall.getStore();
      if (log !== undefined) log.sent += messages.length;
      await inner.send(messages);
    },
    receive: (options) => inner.receive(options),
    ack: (receipt) => inner.ack(receipt),
    extendVisibility: (receipt, seconds) => inner.extendVisibility(receipt, seconds),
  };
}

/** An invoker whose invocations are crash points: before the task runs, and after it ran. */
export function faultyInvoker(inner: TaskInvoker, faults: FaultPoints): TaskInvoker {
  return {
    invoke: (task, execution) => faults.around(`${actor()} invoker.invoke`, () => inner.invoke(task, execution)),
  };
}

/** How {@link chaoticQueue} disorders delivery. */
export interface Chaos {
  /** Send every message twice (two sends: two message ids). */
  readonly duplicate?: boolean;
  /** Add a random delay of up to this many seconds to every message. */
  readonly jitterSeconds?: number;
  /** In [0, 1). */
  readonly random: () => number;
}

/** A queue that delivers each message twice and/or out of order. */
export function chaoticQueue(inner: Queue, chaos: Chaos): Queue {
  const disorder = (m: OutgoingMessage): OutgoingMessage => {
    const jitter = Math.floor(chaos.random() * ((chaos.jitterSeconds ?? 0) + 1));
    return { ...m, delaySeconds: Math.min(inner.maxDelaySeconds, m.delaySeconds + jitter) };
  };
  return {
    maxDelaySeconds: inner.maxDelaySeconds,
    send: async (messages) => {
      await inner.send(messages.map(disorder));
      if (chaos.duplicate === true) await inner.send(messages.map(disorder));
    },
    receive: (options) => inner.receive(options),
    ack: (receipt) => inner.ack(receipt),
    extendVisibility: (receipt, seconds) => inner.extendVisibility(receipt, seconds),
  };
}
