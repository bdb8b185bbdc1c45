/**
 * What the runtime spends, counted at its ports: store reads and writes with the size of what they
 * carry, queue requests, task invocations. Wrap the adapters a runtime runs on with
 * {@link meterStore}, {@link meterQueue} and {@link meterInvoker}; the benchmarks price the counts.
 *
 * Sizes are the UTF-8 bytes of the JSON a call carries, which is what a DynamoDB item of that record
 * holds give or take attribute names; capacity units follow DynamoDB's rounding (writes per 1 KB,
 * strongly consistent reads per 4 KB, transactions double).
 */
import type { InvocationResult, Queue, Store, TaskInvoker } from './ports.js';

/** Counts of one kind of call. */
export interface CallCount {
  calls: number;
  bytes: number;
  /** Capacity units, DynamoDB's way: writes per started KB, reads per started 4 KB. */
  units: number;
}

/** Everything counted. */
export interface MeterReadings {
  readonly reads: CallCount;
  readonly writes: CallCount;
  /** Queue API requests, each counted per started 64 KB of payload as SQS bills them. */
  readonly queueRequests: number;
  readonly messagesSent: number;
  readonly invocations: number;
}

/** A running count. */
export class Meter {
  readonly reads: CallCount = { calls: 0, bytes: 0, units: 0 };
  readonly writes: CallCount = { calls: 0, bytes: 0, units: 0 };
  queueRequests = 0;
  messagesSent = 0;
  invocations = 0;

  /** A copy of the counts. */
  snapshot(): MeterReadings {
    return {
      reads: { ...this.reads },
      writes: { ...this.writes },
      queueRequests: this.queueRequests,
      messagesSent: this.messagesSent,
      invocations: this.invocations,
    };
  }

  read(value: unknown, options: { transactional?: boolean } = {}): void {
    const bytes = sizeOf(value);
    this.reads.calls += 1;
    this.reads.bytes += bytes;
    this.reads.units += Math.max(1, Math.ceil(bytes / 4096)) * (options.transactional === true ? 2 : 1);
  }

  write(value: unknown, options: { transactional?: boolean } = {}): void {
    const bytes = sizeOf(value);
    this.writes.calls += 1;
    this.writes.bytes += bytes;
    this.writes.units += Math.max(1, Math.ceil(bytes / 1024)) * (options.transactional === true ? 2 : 1);
  }

  queue(payloadBytes: number, messages = 0): void {
    this.queueRequests += Math.max(1, Math.ceil(payloadBytes / 65_536));
    this.messagesSent += messages;
  }
}

/** The UTF-8 size of a value's JSON. */
export function sizeOf(value: unknown): number {
  if (value === undefined) return 0;
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** A store that counts its calls into `meter`. */
export function meterStore(store: Store, meter: Meter): Store {
  return {
    putDefinition: async (hash, definition) => {
      meter.write({ hash, definition });
      return store.putDefinition(hash, definition);
    },
    getDefinition: async (hash) => {
      const value = await store.getDefinition(hash);
      meter.read(value);
      return value;
    },
    putStateMachine: async (record) => {
      meter.write(record);
      return store.putStateMachine(record);
    },
    getStateMachine: async (arn) => {
      const value = await store.getStateMachine(arn);
      meter.read(value);
      return value;
    },
    createExecution: async (record, root) => {
      meter.write(record);
      meter.write(root);
      return store.createExecution(record, root);
    },
    getExecution: async (arn) => {
      const value = await store.getExecution(arn);
      meter.read(value);
      return value;
    },
    updateExecution: async (arn, from, update) => {
      meter.write(update);
      return store.updateExecution(arn, from, update);
    },
    putChildExecution: async (record, expiresAt) => {
      meter.write(record);
      return store.putChildExecution(record, expiresAt);
    },
    keepRecords: async (arn, until, atMost) => {
      meter.write({ arn, until });
      return store.keepRecords(arn, until, atMost);
    },
    listExecutions: async (query) => {
      const page = await store.listExecutions(query);
      meter.read(page.items);
      return page;
    },
    loadFrame: async (arn, frameId) => {
      const value = await store.loadFrame(arn, frameId);
      meter.read(value);
      return value;
    },
    loadFrameVersion: async (arn, frameId, version) => {
      const value = await store.loadFrameVersion(arn, frameId, version);
      meter.read(value);
      return value;
    },
    commitFrame: async (record) => {
      meter.write(record);
      return store.commitFrame(record);
    },
    readHistory: async (arn) => {
      const value = await store.readHistory(arn);
      meter.read(value);
      return value;
    },
    readHistoryPage: async (arn, query) => {
      const value = await store.readHistoryPage(arn, query);
      meter.read(value);
      return value;
    },
    readChildHistory: async (arn, frameId) => {
      const value = await store.readChildHistory(arn, frameId);
      meter.read(value);
      return value;
    },
    reserveEventIds: async (arn, count, expiresAt, after) => {
      meter.write({ arn, count });
      return store.reserveEventIds(arn, count, expiresAt, after);
    },
    completeChild: async (arn, joinId, result, children, expiresAt) => {
      meter.write(result);
      meter.write({ joinId, index: result.index });
      const counts = await store.completeChild(arn, joinId, result, children, expiresAt);
      meter.read(counts);
      return counts;
    },
    childResults: async (arn, joinId) => {
      const value = await store.childResults(arn, joinId);
      meter.read(value);
      return value;
    },
    putMapRun: async (record, expiresAt) => {
      meter.write(record);
      return store.putMapRun(record, expiresAt);
    },
    getMapRun: async (arn) => {
      const value = await store.getMapRun(arn);
      meter.read(value);
      return value;
    },
    endMapRun: async (arn, end) => {
      meter.write(end);
      return store.endMapRun(arn, end);
    },
    listMapRuns: async (arn, query) => {
      const page = await store.listMapRuns(arn, query);
      meter.read(page.items);
      return page;
    },
    childResultsFrom: async (arn, joinId, from, limit) => {
      const value = await store.childResultsFrom(arn, joinId, from, limit);
      meter.read(value);
      return value;
    },
    joinCounts: async (arn, joinId) => {
      const value = await store.joinCounts(arn, joinId);
      meter.read(value);
      return value;
    },
    putItemPage: async (arn, joinId, page, expiresAt) => {
      meter.write(page);
      return store.putItemPage(arn, joinId, page, expiresAt);
    },
    getItemPage: async (arn, joinId, index) => {
      const value = await store.getItemPage(arn, joinId, index);
      meter.read(value);
      return value;
    },
    lastItemPage: async (arn, joinId) => {
      const value = await store.lastItemPage(arn, joinId);
      meter.read(value);
      return value;
    },
    putTaskToken: async (record) => {
      meter.write(record);
      return store.putTaskToken(record);
    },
    getTaskToken: async (token) => {
      const value = await store.getTaskToken(token);
      meter.read(value);
      return value;
    },
    resolveTaskToken: async (token, outcome) => {
      meter.write(outcome);
      return store.resolveTaskToken(token, outcome);
    },
    touchTaskToken: async (token, at) => {
      meter.write({ token, at });
      return store.touchTaskToken(token, at);
    },
    claimJobPoll: async (token, poll, messageId) => {
      meter.write({ token, poll, messageId });
      return store.claimJobPoll(token, poll, messageId);
    },
  };
}

/** A queue that counts its requests into `meter` (sends in batches of 10, as SQS takes them). */
export function meterQueue(queue: Queue, meter: Meter): Queue {
  return {
    maxDelaySeconds: queue.maxDelaySeconds,
    send: async (messages) => {
      for (let i = 0; i < messages.length; i += 10) {
        const batch = messages.slice(i, i + 10);
        meter.queue(sizeOf(batch), batch.length);
      }
      return queue.send(messages);
    },
    receive: async (options) => {
      const received = await queue.receive(options);
      meter.queue(sizeOf(received.map((m) => m.body)));
      return received;
    },
    ack: async (receipt) => {
      meter.queue(0);
      return queue.ack(receipt);
    },
    extendVisibility: async (receipt, seconds) => {
      meter.queue(0);
      return queue.extendVisibility(receipt, seconds);
    },
  };
}

/** An invoker that counts invocations into `meter`. */
export function meterInvoker(invoker: TaskInvoker, meter: Meter): TaskInvoker {
  return {
    invoke: async (task, execution): Promise<InvocationResult> => {
      meter.invocations += 1;
      return invoker.invoke(task, execution);
    },
  };
}
