/**
 * The two adapter sets the cost benchmark runs the runtime on, each wrapped in the same meters
 * (`src/runtime/meter.ts`): the embedded engine's in-memory store, queue and in-process task
 * invoker; and the AWS adapters built by `awsRuntimeFromEnv` on the emulators' DynamoDB and SQS (moto,
 * or LocalStack), with the tasks served by a loopback Lambda endpoint
 * (test/integration/aws-lambda-endpoint.ts) through the real `LambdaInvoker`. The AWS side also
 * records what AWS would bill for each DynamoDB request (billing.ts) and every SQS and DynamoDB API
 * call by name.
 */
import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { API_START_STEP_MILLISECONDS, awsRuntimeFromEnv } from '../../src/aws/config.js';
import { createDynamoTable } from '../../src/aws/dynamo-table.js';
import { createQueues } from '../../src/aws/sqs-setup.js';
import { realClock } from '../../src/local/clock.js';
import { LocalTaskInvoker } from '../../src/local/local-invoker.js';
import { MemoryQueue } from '../../src/local/memory-queue.js';
import { MemoryStore } from '../../src/local/memory-store.js';
import type { TaskHandler } from '../../src/local/task-invoker.js';
import { Meter, meterInvoker, meterQueue, meterStore } from '../../src/runtime/meter.js';
import type { Clock, Queue, Store, TaskInvoker } from '../../src/runtime/ports.js';
import { Runtime } from '../../src/runtime/runtime.js';
import {
  type FunctionHandler,
  type LambdaEndpoint,
  startLambdaEndpoint,
} from '../../test/integration/aws-lambda-endpoint.js';
import { type Billed, billRequests, storeOperation } from './billing.js';

/** Every method of the Store port, so that each gets its own meter. */
export const STORE_OPERATIONS = [
  'putDefinition',
  'getDefinition',
  'putStateMachine',
  'getStateMachine',
  'createExecution',
  'getExecution',
  'updateExecution',
  'putChildExecution',
  'keepRecords',
  'listExecutions',
  'loadFrame',
  'loadFrameVersion',
  'commitFrame',
  'readHistory',
  'readHistoryPage',
  'readChildHistory',
  'reserveEventIds',
  'completeChild',
  'childResults',
  'putMapRun',
  'getMapRun',
  'endMapRun',
  'listMapRuns',
  'childResultsFrom',
  'joinCounts',
  'putItemPage',
  'getItemPage',
  'lastItemPage',
  'putTaskToken',
  'getTaskToken',
  'resolveTaskToken',
  'touchTaskToken',
  'claimJobPoll',
] as const satisfies readonly (keyof Store)[];

/** Fails to compile when the Store port gains a method missing above. */
const everyOperationListed: Exclude<keyof Store, (typeof STORE_OPERATIONS)[number]> extends never ? true : never = true;
void everyOperationListed;

/** What one run records. */
export class Recording {
  /** One meter per store operation (a `meterStore` wrapper per operation). */
  readonly store = new Map<string, Meter>(STORE_OPERATIONS.map((op) => [op, new Meter()]));
  /** Queue sends (the worker's and the API's; receives and deletes are the event source's). */
  readonly queue = new Meter();
  readonly invoker = new Meter();
  /** Bodies of every message sent, in order. */
  readonly sent: string[] = [];
  /** Task tokens handed to `.waitForTaskToken` tasks. */
  readonly tokens: string[] = [];
  /** AWS only: DynamoDB units as AWS would bill them (see billing.ts), per store operation. */
  readonly billed = new Map<string, Billed>();
  /** AWS only: API calls by `<service>.<command>`. */
  readonly calls = new Map<string, number>();

  /** The bill of one store operation (created on first use). */
  billedFor(operation: string): Billed {
    let billed = this.billed.get(operation);
    if (billed === undefined) {
      billed = { requests: 0, readUnits: 0, writeUnits: 0, storedBytes: 0, storedByteMonths: 0 };
      this.billed.set(operation, billed);
    }
    return billed;
  }

  /** The store meters summed. */
  storeTotals(): { reads: Meter['reads']; writes: Meter['writes'] } {
    const reads = { calls: 0, bytes: 0, units: 0 };
    const writes = { calls: 0, bytes: 0, units: 0 };
    for (const meter of this.store.values()) {
      for (const [total, part] of [
        [reads, meter.reads],
        [writes, meter.writes],
      ] as const) {
        total.calls += part.calls;
        total.bytes += part.bytes;
        total.units += part.units;
      }
    }
    return { reads, writes };
  }
}

/** One adapter set, ready to be wrapped for a run. */
export interface AdapterSet {
  readonly label: 'in-memory' | 'AWS (emulators)';
  /** The unwrapped store: for reading results, uncounted. */
  readonly store: Store;
  /** The unwrapped queue: what the modelled event source mapping receives from and deletes on. */
  readonly queue: Queue;
  /** A runtime over the adapters, wrapped in the meters of `recording`. */
  runtime(recording: Recording): Runtime;
  /** Turns recording of AWS-side figures (capacity, API calls) on or off. */
  record(recording: Recording | undefined): void;
  close(): Promise<void>;
}

/**
 * A store whose every method goes through `meterStore` with that method's own meter, and runs with
 * its name in {@link storeOperation} so that the DynamoDB requests it makes are billed to it.
 */
function meteredStore(store: Store, recording: Recording): Store {
  const methods: Partial<Record<keyof Store, unknown>> = {};
  for (const op of STORE_OPERATIONS) {
    const meter = recording.store.get(op) ?? new Meter();
    const method = meterStore(store, meter)[op] as (...args: unknown[]) => Promise<unknown>;
    methods[op] = (...args: unknown[]) => storeOperation.run(op, () => method(...args));
  }
  return methods as Store;
}

/** Records sent bodies; the queue's own behaviour is unchanged. */
function recordingQueue(queue: Queue, recording: Recording): Queue {
  return {
    maxDelaySeconds: queue.maxDelaySeconds,
    send: async (messages) => {
      for (const m of messages) recording.sent.push(JSON.stringify(m.body));
      return queue.send(messages);
    },
    receive: (options) => queue.receive(options),
    ack: (receipt) => queue.ack(receipt),
    extendVisibility: (receipt, seconds) => queue.extendVisibility(receipt, seconds),
  };
}

/** Records the task tokens callbacks will answer. */
function tokenCapturingInvoker(invoker: TaskInvoker, recording: Recording): TaskInvoker {
  return {
    invoke: async (task, execution) => {
      if (task.taskToken !== undefined) recording.tokens.push(task.taskToken);
      return invoker.invoke(task, execution);
    },
  };
}

function wrap(deps: { store: Store; queue: Queue; invoker: TaskInvoker; clock: Clock }, recording: Recording): Runtime {
  return new Runtime(
    {
      store: meteredStore(deps.store, recording),
      queue: recordingQueue(meterQueue(deps.queue, recording.queue), recording),
      invoker: tokenCapturingInvoker(meterInvoker(deps.invoker, recording.invoker), recording),
      clock: deps.clock,
    },
    // StartExecution as the API function runs it (functions/api.ts).
    { startStepMilliseconds: API_START_STEP_MILLISECONDS },
  );
}

/**
 * The embedded engine's adapters, on the wall clock; task handlers run in-process, and integration
 * tasks through `services` (none: every integration task fails for want of a stub).
 */
export function memoryAdapters(tasks: Readonly<Record<string, TaskHandler>>, services?: TaskInvoker): AdapterSet {
  const clock = realClock();
  const store = new MemoryStore();
  const queue = new MemoryQueue({ now: () => clock.now() });
  const invoker = new LocalTaskInvoker(tasks, clock, { idle: () => undefined, busy: () => undefined }, services);
  return {
    label: 'in-memory',
    store,
    queue,
    runtime: (recording) => wrap({ store, queue, invoker, clock }, recording),
    record: () => undefined,
    close: async () => undefined,
  };
}

/** Counts one command into `recording.calls` (while one is set). */
function countCommand(current: () => Recording | undefined, service: string, commandName: unknown): void {
  const recording = current();
  if (recording === undefined) return;
  const key = `${service}.${String(commandName).replace(/Command$/, '')}`;
  recording.calls.set(key, (recording.calls.get(key) ?? 0) + 1);
}

/**
 * The AWS adapters on the emulators the environment points at (see emulators.ts): a fresh table and
 * queue, the runtime from `awsRuntimeFromEnv`, tasks behind a loopback Lambda endpoint.
 */
export async function awsAdapters(tasks: Readonly<Record<string, TaskHandler>>): Promise<AdapterSet> {
  const functions: Record<string, FunctionHandler> = {};
  for (const [name, handler] of Object.entries(tasks)) {
    functions[name] = (event) =>
      handler(event, { sleep: async () => undefined, idempotencyKey: `${name}-${randomUUID()}`, resource: name });
  }
  const endpoint: LambdaEndpoint = await startLambdaEndpoint(functions);
  const dynamodb = new DynamoDBClient({});
  const sqs = new SQSClient({});
  const lambda = new LambdaClient({ endpoint: endpoint.url });
  let current: Recording | undefined;
  const counted = { step: 'initialize', name: 'benchCountCommands' } as const;
  dynamodb.middlewareStack.add(
    (next, context) => (args) => {
      countCommand(() => current, 'DynamoDB', context.commandName);
      return next(args);
    },
    counted,
  );
  sqs.middlewareStack.add(
    (next, context) => (args) => {
      countCommand(() => current, 'SQS', context.commandName);
      return next(args);
    },
    counted,
  );
  // The billing estimate's own look-ups go through a client of their own: neither billed nor counted.
  const lookups = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  billRequests(
    dynamodb,
    (operation) => current?.billedFor(operation),
    async (TableName, Key) => (await lookups.send(new GetCommand({ TableName, Key, ConsistentRead: true }))).Item,
  );
  const suffix = randomUUID().slice(0, 8);
  const tableName = `stepstone-bench-cost-${suffix}`;
  await createDynamoTable(dynamodb, tableName);
  const queues = await createQueues(sqs, `stepstone-bench-cost-${suffix}`, { maxReceives: 5 });
  const base = awsRuntimeFromEnv({
    clients: { dynamodb, sqs, lambda },
    env: { STEPSTONE_TABLE: tableName, STEPSTONE_QUEUE_URL: queues.queueUrl, STEPSTONE_MAX_RECEIVES: '5' },
  });
  const { store, queue, invoker, clock } = base.deps;
  return {
    label: 'AWS (emulators)',
    store,
    queue,
    runtime: (recording) => wrap({ store, queue, invoker, clock }, recording),
    record: (recording) => {
      current = recording;
    },
    async close() {
      current = undefined;
      await dynamodb.send(new DeleteTableCommand({ TableName: tableName }));
      for (const url of [queues.queueUrl, queues.deadLetterQueueUrl]) {
        await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
      }
      await endpoint.close();
      dynamodb.destroy();
      lookups.destroy();
      sqs.destroy();
      lambda.destroy();
    },
  };
}
