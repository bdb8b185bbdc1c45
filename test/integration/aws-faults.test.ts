/**
 * The fault-injection scenarios on the AWS adapters: the runtime on a DynamoStore and an SqsQueue
 * on the emulators (moto's DynamoDB and SQS, or LocalStack), wrapped by the fault-injection suite's
 * own port wrappers and judged by its own invariant checks (`test/fault-injection/`). The driver receives from the real queue as Lambda's
 * event source mapping would; a handling that throws leaves its message for redelivery (its
 * visibility is set to 0 so that the run need not wait out the timeout), a lost acknowledgement too.
 *
 * Real SQS delays are real seconds, so the workflows here wait for nothing: Retry uses
 * `JitterStrategy: FULL` with a random source of 0 (a back-off of 0 s), and callbacks are answered
 * as soon as the queue is idle. Every workflow is crashed at every numbered call of its undisturbed
 * run, in every phase the call has (the numbering of a disturbed run can differ when SQS returns a
 * batch in another order, so the kinds actually crashed are checked to cover every kind); each also
 * runs with every message delivered twice, with 4 racing workers and with a lost acknowledgement. With
 * the first step run by StartExecution itself (as the API function runs it), every workflow is crashed
 * at every numbered call of that start, and runs with every message twice.
 * Prints `fault injection (aws): <N> scenarios, <V> invariant violations`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ChangeMessageVisibilityCommand, DeleteQueueCommand, type Message, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/aws/config.js';
import { DynamoStore } from '../../src/aws/dynamo-store.js';
import { createDynamoTable } from '../../src/aws/dynamo-table.js';
import { SqsQueue } from '../../src/aws/sqs-queue.js';
import { createQueues } from '../../src/aws/sqs-setup.js';
import type { TaskInvocation } from '../../src/engine/types.js';
import { functionNameOf } from '../../src/local/task-invoker.js';
import { sendTaskFailure, sendTaskSuccess, startExecution } from '../../src/runtime/lifecycle.js';
import type { InvocationResult, ReceivedMessage, TaskInvoker } from '../../src/runtime/ports.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { Crash, type CrashPhase, FaultPoints } from '../fault-injection/faults.js';
import { violationsOf } from '../fault-injection/invariants.js';
import {
  callback,
  distributedMapNestedWait,
  distributedMapPages,
  distributedMapWriter,
  handlers,
  task,
  taskRetryCatch,
} from '../fault-injection/workflows.js';
import type { Disturbance, Handling, Invocation, RunRecord, Workflow } from '../fault-injection/world.js';
import { childHistories, historyPages, MAX_RECEIVES, readerPage, writeResults } from '../fault-injection/world.js';
import {
  type CommitLog,
  chaoticQueue,
  countingQueue,
  currentCall,
  faultyInvoker,
  faultyQueue,
  faultyStore,
  newCommitLog,
  observedStore,
} from '../fault-injection/wrappers.js';
import { emulatorName, emulatorsConfigured, receive, uniqueName } from './helpers.js';

/** Set while the store's `completeChild` runs: its DynamoDB writes are crash points. */
const joinRequest = new AsyncLocalStorage<string>();
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:FaultInjectionAws';
/** Handlings before a run is declared runaway. */
const MAX_HANDLINGS = 400;
/** Runs at once (each on its own queue). */
const CONCURRENCY = 4;
/**
 * The first step's deadline when StartExecution runs it. The emulators' requests take wall time, so
 * whether a deadline as short as the API function's (1 s) passes depends on the machine's load: past
 * it the step commits early and leaves the rest to the start message's worker, and a run's numbered
 * calls are no longer its baseline's (a crash planned at a call of the start lands on a worker's
 * call, or on a call without that phase, and never comes). No first step here comes near this one,
 * so every run takes its baseline's path; the deadline's own path is a unit test's
 * (test/unit/runtime/start-inline.test.ts), on a clock the test moves.
 */
const START_STEP_MILLISECONDS = 10 * 60_000;

/** A retrier with no back-off: FULL jitter times a random source of 0. */
const retryNow = (errors: string[], attempts: number) => ({
  ErrorEquals: errors,
  IntervalSeconds: 1,
  MaxAttempts: attempts,
  JitterStrategy: 'FULL',
});

/**
 * The representative set: a Task chain with Retry/Catch, Maps with MaxConcurrency, a paged distributed
 * Map, a Parallel, callbacks.
 */
const workflows: readonly Workflow[] = [
  taskRetryCatch(retryNow(['Flaky.Error'], 3)),
  {
    name: 'map-max-concurrency',
    expected: { status: 'SUCCEEDED', output: [1, 2, 3, 4].map((n) => ({ worked: n })) },
    input: { items: [1, 2, 3, 4] },
    handlers,
    definition: {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemsPath: '$.items',
          MaxConcurrency: 2,
          ItemProcessor: { StartAt: 'Item', States: { Item: task('Work', { End: true }) } },
          Next: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    },
  },
  {
    // A due Wait has each iteration run as a frame of its own (the Map above runs inside its step):
    // its joins, and the crash points between a child's result and its count, are exercised here.
    name: 'map-apart',
    expected: { status: 'SUCCEEDED', output: [1, 2, 3, 4].map((n) => ({ worked: n })) },
    input: { items: [1, 2, 3, 4] },
    handlers,
    definition: {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemsPath: '$.items',
          MaxConcurrency: 3,
          ItemProcessor: {
            StartAt: 'Pause',
            States: { Pause: { Type: 'Wait', Seconds: 0, Next: 'Item' }, Item: task('Work', { End: true }) },
          },
          End: true,
        },
      },
    },
  },
  // Two pages (3 and 1 items): the first page's children start with the Map's commit, the second's
  // item page is put by a step of its own, and its child waits for the slot of a child of the first.
  distributedMapPages([1, 2, 3, 4]),
  distributedMapWriter([1, 2, 3, 4]),
  // One child whose Parallel's branches run as frames of their own (a due Wait, then a task), writing
  // the child's history with ids from its counter.
  distributedMapNestedWait([1], 0),
  {
    name: 'parallel',
    expected: {
      status: 'SUCCEEDED',
      output: { branches: [{ worked: { order: 'o-3' } }, 'b', { flaky: { order: 'o-3' } }] },
    },
    input: { order: 'o-3' },
    handlers,
    definition: {
      StartAt: 'Fork',
      States: {
        Fork: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'A', States: { A: task('Work', { End: true }) } },
            { StartAt: 'B', States: { B: { Type: 'Pass', Result: 'b', End: true } } },
            { StartAt: 'C', States: { C: task('Flaky', { Retry: [retryNow(['States.ALL'], 2)], End: true }) } },
          ],
          Next: 'Join',
        },
        Join: { Type: 'Pass', Parameters: { 'branches.$': '$' }, End: true },
      },
    },
  },
  {
    name: 'callbacks',
    expected: {
      status: 'SUCCEEDED',
      output: {
        order: 'o-4',
        approval: { approved: 'o-4' },
        review: { Error: 'Rejected', Cause: 'the reviewer said no' },
      },
    },
    input: { order: 'o-4' },
    handlers,
    definition: {
      StartAt: 'Approval',
      States: {
        Approval: callback('Approve', { ResultPath: '$.approval', Next: 'Review' }),
        Review: callback('Reject', {
          Catch: [{ ErrorEquals: ['Rejected'], ResultPath: '$.review', Next: 'Done' }],
          Next: 'Done',
        }),
        Done: { Type: 'Succeed' },
      },
    },
  },
];

/**
 * The clients the runs share. Each run gets its own table and queue pair: moto copies every table a
 * `TransactWriteItems` touches (to undo it on failure) and walks every item of a table on an index
 * `Query`, so one table filled by all the scenarios would make each commit slower than the last
 * (docs/emulators.md). Executions never share items, so on DynamoDB this changes nothing.
 */
interface Shared {
  readonly dynamodb: DynamoDBClient;
  readonly sqs: SQSClient;
}

/** One execution on the AWS adapters under a disturbance (the in-memory suite's World, on AWS). */
class AwsWorld {
  readonly faults: FaultPoints;
  readonly commits: CommitLog = newCommitLog();
  readonly invocations: Invocation[] = [];
  readonly handlings: Handling[] = [];
  readonly clientErrors: unknown[] = [];
  private readonly callbacks: { token: string; outcome: InvocationResult }[] = [];
  private readonly tableName = uniqueName('faults');
  private readonly rawStore: DynamoStore;
  /** The store whose `completeChild` numbers its DynamoDB writes as crash points. */
  private readonly joiningStore: DynamoStore;
  private readonly storeClient: DynamoDBClient;
  private rawQueue!: SqsQueue;
  private runtime!: Runtime;
  private queueUrl = '';
  private deadLetterQueueUrl = '';
  private executionArn = '';
  private acks = 0;

  constructor(
    private readonly shared: Shared,
    private readonly workflow: Workflow,
    private readonly disturbance: Disturbance,
  ) {
    this.faults = new FaultPoints(disturbance.crash);
    // The join is two requests (the child's result, then its count): a process can die between them,
    // so each write a `completeChild` makes is a crash point of its own, inside the store's call.
    this.storeClient = new DynamoDBClient({});
    this.storeClient.middlewareStack.add(
      (next, context) => (args) => {
        const inner = joinRequest.getStore();
        if (inner === undefined || !/^(Put|Update)Item/.test(context.commandName ?? '')) return next(args);
        return this.faults.around(`${inner} ${String(context.commandName).replace(/Command$/, '')}`, () => next(args));
      },
      { step: 'initialize', name: 'faultInjectionJoinRequests' },
    );
    const store = new DynamoStore({ tableName: this.tableName, client: this.storeClient });
    this.rawStore = store;
    this.joiningStore = Object.assign(Object.create(store) as DynamoStore, {
      completeChild: (...args: Parameters<DynamoStore['completeChild']>) =>
        joinRequest.run('store.completeChild:', () => store.completeChild(...args)),
    });
  }

  async run(): Promise<RunRecord> {
    await createDynamoTable(this.shared.dynamodb, this.tableName);
    const queues = await createQueues(this.shared.sqs, uniqueName('faults'), { maxReceives: MAX_RECEIVES });
    this.queueUrl = queues.queueUrl;
    this.deadLetterQueueUrl = queues.deadLetterQueueUrl;
    this.rawQueue = new SqsQueue({ queueUrl: this.queueUrl, client: this.shared.sqs });
    const store = faultyStore(observedStore(this.joiningStore, this.commits), this.faults);
    const chaos = chaoticQueue(this.rawQueue, { duplicate: this.disturbance.duplicate, random: () => 0 });
    const queue = faultyQueue(countingQueue(chaos), this.faults);
    this.runtime = new Runtime(
      { store, queue, invoker: faultyInvoker(this.invoker(), this.faults), clock: systemClock, random: () => 0 },
      {
        maxReceives: MAX_RECEIVES,
        startStepMilliseconds: this.disturbance.startInline === true ? START_STEP_MILLISECONDS : 0,
        // Without the history limit the history is paged: its index is written under the same faults.
        quotas: { historyLimit: false },
      },
    );
    try {
      // One name for the client's retries too: a retried start must find its execution.
      const name = uniqueName(this.workflow.name);
      const { executionArn } = await this.client('start', () =>
        startExecution(
          this.runtime,
          { stateMachineArn: MACHINE, definition: JSON.stringify(this.workflow.definition) },
          {
            name,
            input: JSON.stringify(this.workflow.input),
            // Known before the first step, which the start may run: its tasks' keys name it.
            beforeStart: async (arn) => {
              this.executionArn = arn;
            },
          },
        ),
      );
      const runaway = !(await this.drive());
      const execution = await this.rawStore.getExecution(executionArn);
      if (execution === undefined) throw new Error(`execution ${executionArn} vanished`);
      const dead = await receive(this.shared.sqs, this.deadLetterQueueUrl, { waitTimeSeconds: 0 });
      return {
        execution,
        history: await this.rawStore.readHistory(executionArn),
        childHistories: await childHistories(this.rawStore, executionArn, this.commits),
        commits: this.commits,
        invocations: this.invocations,
        handlings: this.handlings,
        deadLetters: dead.map((m) => m.Body ?? ''),
        sites: this.faults.sites,
        acks: this.acks,
        crashes: this.faults.crashes,
        runaway,
        clientErrors: this.clientErrors,
        racers: this.disturbance.racers ?? 1,
        duplicated: this.disturbance.duplicate === true,
        pages: await historyPages(this.rawStore, executionArn),
      };
    } finally {
      for (const url of [this.queueUrl, this.deadLetterQueueUrl]) {
        await this.shared.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
      }
      await this.shared.dynamodb.send(new DeleteTableCommand({ TableName: this.tableName }));
      this.storeClient.destroy();
    }
  }

  /** Runs handlers in process; a callback task's outcome is kept for the driver to send. */
  private invoker(): TaskInvoker {
    return {
      invoke: async (task: TaskInvocation) => {
        const attempt = Number(task.idempotencyKey.slice(task.idempotencyKey.lastIndexOf('/') + 1));
        const payload = JSON.stringify(task.payload ?? null);
        this.invocations.push({
          // Each run has its own execution name: compare keys without it.
          key: task.idempotencyKey.split(this.executionArn).join('arn:execution'),
          payload: task.taskToken === undefined ? payload : payload.split(task.taskToken).join('<token>'),
        });
        if (task.itemReader !== undefined) return readerPage(task, this.workflow.items ?? []);
        if (task.resultWriter !== undefined) return writeResults(task, this.workflow.written);
        const handler = this.workflow.handlers[functionNameOf(task.functionName ?? task.resource)];
        if (handler === undefined) throw new Error(`no handler for ${task.resource}`);
        const outcome = handler(task.payload, attempt);
        if (task.pattern !== 'WAIT_FOR_TASK_TOKEN' || task.taskToken === undefined) return outcome;
        this.callbacks.push({ token: task.taskToken, outcome });
        return { ok: true, output: { StatusCode: 200 } };
      },
    };
  }

  /** Delivers messages and callbacks until the execution ended and nothing is visible; false on giving up. */
  private async drive(): Promise<boolean> {
    const racers = this.disturbance.racers ?? 1;
    let idle = 0;
    while (this.handlings.length < MAX_HANDLINGS) {
      const batch = await receive(this.shared.sqs, this.queueUrl, { waitTimeSeconds: 0, visibilityTimeout: 30 });
      if (batch.length > 0) {
        idle = 0;
        for (const m of batch) {
          const received = this.received(m);
          const results = await Promise.all(Array.from({ length: racers }, () => this.deliver(received)));
          if (!results.some(Boolean)) await this.redeliverNow(received);
        }
        continue;
      }
      const callback = this.callbacks.shift();
      if (callback !== undefined) {
        await this.callback(callback.token, callback.outcome);
        continue;
      }
      const ended = (await this.rawStore.getExecution(this.executionArn))?.status !== 'RUNNING';
      // Visible messages may lag a send by a moment: the end needs two idle polls in a row.
      if (ended && ++idle >= 2) return true;
      if (!ended) {
        if (++idle > 40) return false;
        await new Promise((done) => setTimeout(done, 100));
      }
    }
    return false;
  }

  private received(m: Message): ReceivedMessage {
    return {
      messageId: m.MessageId ?? '',
      receipt: m.ReceiptHandle ?? '',
      body: m.Body ?? '',
      receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? '1'),
    };
  }

  /** Makes a message visible again at once (as its visibility timeout running out would). */
  private async redeliverNow(message: ReceivedMessage): Promise<void> {
    await this.shared.sqs
      .send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: this.queueUrl,
          ReceiptHandle: message.receipt,
          VisibilityTimeout: 0,
        }),
      )
      .catch(() => undefined);
  }

  /** One worker handling one delivery; true when it acknowledged the message. */
  private async deliver(message: ReceivedMessage): Promise<boolean> {
    const handling: Handling = {
      label: 'handle',
      messageId: message.messageId,
      receiveCount: message.receiveCount,
      body: message.body,
      afterEnd: (await this.rawStore.getExecution(this.executionArn))?.status !== 'RUNNING',
      reads: 0,
      writes: 0,
      commits: 0,
      conflicts: 0,
      sent: 0,
    };
    this.handlings.push(handling);
    this.faults.revive();
    return currentCall.run(handling, async () => {
      try {
        handling.outcome = await this.runtime.handle(message);
      } catch (error) {
        handling.outcome = 'failed';
        if (!(error instanceof Crash)) handling.error = error;
        return false;
      }
      this.acks++;
      if (this.acks === this.disturbance.dropAck) return false;
      await this.rawQueue.ack(message.receipt);
      return true;
    });
  }

  private async callback(token: string, outcome: InvocationResult): Promise<void> {
    try {
      await this.client('callback', () =>
        outcome.ok
          ? sendTaskSuccess(this.runtime, token, JSON.stringify(outcome.output))
          : sendTaskFailure(this.runtime, token, { error: outcome.error, cause: outcome.cause }),
      );
    } catch (error) {
      const name = (error as Error).name;
      if (name !== 'TaskTimedOut' && name !== 'TaskDoesNotExist' && name !== 'Crash') this.clientErrors.push(error);
    }
  }

  /** An API client's call, tried again (up to 5 times in all) after a crash of the API process. */
  private async client<T>(label: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      this.faults.revive();
      try {
        return await currentCall.run({ label, reads: 0, writes: 0, commits: 0, conflicts: 0, sent: 0 }, call);
      } catch (error) {
        if (!(error instanceof Crash) || attempt >= 5) throw error;
      }
    }
  }
}

/** A planned disturbed run. */
interface Planned {
  readonly workflow: Workflow;
  readonly label: string;
  readonly disturbance: Disturbance;
}

/** Runs `jobs` with at most `limit` at once. */
async function pool<T>(jobs: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

describe.skipIf(!emulatorsConfigured)(`fault injection on ${emulatorName}'s DynamoDB and SQS`, () => {
  const shared: Shared = { dynamodb: new DynamoDBClient({}), sqs: new SQSClient({}) };
  const baselines = new Map<string, RunRecord>();
  /** The undisturbed runs whose first step StartExecution ran. */
  const inlineBaselines = new Map<string, RunRecord>();
  let scenarios = 0;
  const violations: string[] = [];

  afterAll(() => {
    console.log(`fault injection (aws): ${scenarios} scenarios, ${violations.length} invariant violations`);
    shared.dynamodb.destroy();
    shared.sqs.destroy();
  });

  it('ends every workflow as the spec prescribes when nothing goes wrong', async () => {
    // Once with the first step sent through the queue, once with StartExecution running it.
    for (const [disturbance, into] of [
      [{}, baselines],
      [{ startInline: true }, inlineBaselines],
    ] as const) {
      const runs = await pool(
        workflows.map((w) => () => new AwsWorld(shared, w, disturbance).run()),
        CONCURRENCY,
      );
      workflows.forEach((workflow, i) => {
        const run = runs[i]!;
        into.set(workflow.name, run);
        const { status, output, error, cause } = run.execution;
        expect({ status, output, error, cause }).toEqual({ output: undefined, ...workflow.expected });
        expect(violationsOf(run, run)).toEqual([]);
      });
    }
  }, 120_000);

  it('keeps the contract when crashed at every crash point, under duplicates and with 4 racing workers', async () => {
    const plans: Planned[] = [];
    const kinds = new Set<string>();
    for (const workflow of workflows) {
      const baseline = baselines.get(workflow.name);
      if (baseline === undefined) throw new Error(`no baseline for ${workflow.name}`);
      for (const site of baseline.sites) {
        for (const phase of site.phases) {
          kinds.add(`${site.call} ${phase}`);
          plans.push({
            workflow,
            label: `crash ${phase} #${site.point} ${site.call}`,
            disturbance: { crash: { point: site.point, phase } },
          });
        }
      }
      plans.push({ workflow, label: 'every message twice', disturbance: { duplicate: true } });
      plans.push({ workflow, label: '4 racing workers', disturbance: { racers: 4 } });
      plans.push({ workflow, label: 'ack #2 lost', disturbance: { dropAck: 2 } });
      // The first step in StartExecution: a crash at each of the start's calls (the client retries).
      const inline = inlineBaselines.get(workflow.name)!;
      for (const site of inline.sites.filter((s) => s.call.startsWith('start '))) {
        for (const phase of site.phases) {
          kinds.add(`first step in the start: ${site.call} ${phase}`);
          plans.push({
            workflow,
            label: `first step in the start, crash ${phase} #${site.point} ${site.call}`,
            disturbance: { startInline: true, crash: { point: site.point, phase } },
          });
        }
      }
      if (inline.handlings.length > 0) {
        plans.push({
          workflow,
          label: 'first step in the start, every message twice',
          disturbance: { startInline: true, duplicate: true },
        });
      }
    }
    const crashed = new Set<string>();
    const found: string[] = [];
    await pool(
      plans.map((plan) => async () => {
        const inline = plan.disturbance.startInline === true;
        const baseline = (inline ? inlineBaselines : baselines).get(plan.workflow.name)!;
        const run = await new AwsWorld(shared, plan.workflow, plan.disturbance).run();
        const broken = violationsOf(baseline, run);
        const { crash, racers, duplicate } = plan.disturbance;
        if (crash !== undefined && !Array.isArray(crash)) {
          const { point, phase } = crash as { point: number; phase: CrashPhase };
          const site = run.sites[point - 1];
          const planned = baseline.sites[point - 1]?.call;
          if (run.crashes !== 1 || site === undefined) broken.push('the planned crash never came');
          else if (inline && site.call !== planned) broken.push(`crashed at ${site.call}, not at ${planned}`);
          else crashed.add(`${inline ? 'first step in the start: ' : ''}${site.call} ${phase}`);
        }
        if ((racers ?? 1) > 1 && !run.handlings.some((h) => h.conflicts > 0)) broken.push('no worker lost a race');
        if (duplicate === true && !run.handlings.some((h) => h.outcome === 'stale')) broken.push('no duplicate came');
        scenarios++;
        for (const v of broken) {
          violations.push(`${plan.workflow.name}, ${plan.label}: ${v}`);
          found.push(`${plan.workflow.name}, ${plan.label}: ${v}`);
        }
      }),
      CONCURRENCY,
    );
    process.stdout.write(`fault injection (aws): crash point kinds ${[...kinds].sort().join('; ')}\n`);
    expect(found.slice(0, 10)).toEqual([]);
    expect([...kinds].filter((k) => !crashed.has(k))).toEqual([]);
    expect(kinds.size).toBeGreaterThan(10);
    // The scenarios with and without the first step in the start: minutes on the 2-core machine, many
    // more while it is shared.
  }, 1_200_000);
});
