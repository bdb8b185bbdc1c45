/**
 * The embedded engine: the durable runtime on in-memory adapters, in-process. No cloud, no Docker,
 * no account — and the same code path as on AWS (the step loop, commits, messages, joins), so that a
 * workflow that passes here exercises what runs there.
 *
 * @example
 * const engine = createLocalEngine({ tasks: { ChargeCard: async (order) => ({ charged: true }) } });
 * const result = await engine.run(definition, { orderId: 'o-1' });
 */
import type { StateMachine } from '../asl/model/index.js';
import type { SubstitutionValue } from '../asl/placeholders.js';
import type { ExecutionInfo, HistoryEvent } from '../engine/types.js';
import { AwsClients } from '../integrations/clients.js';
import { inProcessSfnClient } from '../integrations/in-process-sfn.js';
import { IntegrationInvoker } from '../integrations/invoker.js';
import { TaskDoesNotExist } from '../runtime/errors.js';
import * as lifecycle from '../runtime/lifecycle.js';
import type { Queue, Store, TaskInvoker } from '../runtime/ports.js';
import type { ExecutionQuotas } from '../runtime/quotas.js';
import { Runtime, type RuntimeOptions } from '../runtime/runtime.js';
import * as stateMachines from '../runtime/state-machines.js';
import { type LocalClock, realClock, virtualClock } from './clock.js';
import { loadDefinition } from './definition.js';
import { LocalTaskInvoker, noStub } from './local-invoker.js';
import { MemoryQueue } from './memory-queue.js';
import { MemoryRegistry } from './memory-registry.js';
import { MemoryStore } from './memory-store.js';
import type { TaskHandler } from './task-invoker.js';

/** States one step may enter on the embedded engine (the runtime's default suits DynamoDB's item size). */
const LOCAL_TRANSITIONS_PER_STEP = 50_000;

/**
 * Most wall-clock milliseconds the driver runs before it lets the event loop turn. One turn costs
 * microseconds; a step may still run up to {@link LOCAL_TRANSITIONS_PER_STEP} states at once.
 */
const YIELD_EVERY_MS = 10;

/** The account id in ARNs when none is given. */
const DEFAULT_ACCOUNT = '123456789012';

/** Options of {@link createLocalEngine}. */
export interface LocalEngineOptions {
  /**
   * Task handlers and stubs: Lambda handlers by function name or full function ARN; stubs of any
   * task by state name, and of service integrations by resource (`arn:aws:states:::dynamodb:putItem`).
   * @default {}
   */
  readonly tasks?: Readonly<Record<string, TaskHandler>>;
  /**
   * Where service integrations without a stub call (LocalStack, moto): one endpoint for every
   * service. Without it, they call the endpoints the standard SDK configuration names
   * (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`), and a service with none fails the task with
   * `States.Runtime` (see {@link LocalEngineOptions.allowAws}). @default none
   */
  readonly endpoint?: string;
  /**
   * Let service integrations without a stub call AWS itself, with the default credentials, where no
   * endpoint is configured. @default false: an embedded engine never reaches AWS by accident
   */
  readonly allowAws?: boolean;
  /** `virtual`: Wait, back-off and task sleeps take no wall time. @default 'virtual' */
  readonly clock?: 'virtual' | 'real';
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '123456789012' */
  readonly accountId?: string;
  /**
   * Values for `${Name}` placeholders (strings, numbers, booleans), substituted in a definition's
   * text as CloudFormation does; an unlisted one names the Lambda function `Name`.
   */
  readonly definitionSubstitutions?: Readonly<Record<string, SubstitutionValue>>;
  /** Called with each history event as it is recorded (the CLI prints them). */
  readonly onEvent?: (event: HistoryEvent, execution: Pick<ExecutionInfo, 'executionArn'>) => void;
  /** Runtime tuning (transitions per step, deliveries before dead-lettering). */
  readonly runtime?: RuntimeOptions;
  /**
   * AWS's execution quotas lifted on this engine: `{ historyLimit: false }` lets a STANDARD
   * execution's history grow past 25,000 events, `{ durationLimit: false }` lets an EXPRESS one run
   * past 5 minutes. A run's own `quotas` win.
   * @default every quota holds, as on AWS
   */
  readonly quotas?: ExecutionQuotas;
  /**
   * Lifts Step Functions' 256 KiB limit on a state's input and output (and on an execution's input):
   * payloads of any size flow through the states, as they do on AWS with a payload bucket
   * (docs/large-payloads.md). The embedded engine keeps them in memory like the rest of its state.
   * @default false — the 256 KiB limit and `States.DataLimitExceeded`, as on AWS
   */
  readonly largePayloads?: boolean;
  /**
   * Wraps the in-memory adapters as the runtime sees them: for metering, or for injecting faults
   * (a store that fails after a commit, a queue that loses a send) in tests.
   */
  readonly adapters?: {
    readonly store?: (store: Store) => Store;
    readonly queue?: (queue: Queue) => Queue;
    readonly invoker?: (invoker: TaskInvoker) => TaskInvoker;
  };
}

/** Options of one run. */
export interface RunOptions {
  readonly stateMachineType?: 'STANDARD' | 'EXPRESS';
  /** The execution name. @default a UUID */
  readonly name?: string | undefined;
  /** The state machine name in ARNs and `$$.StateMachine.Name`. @default 'StateMachine' */
  readonly stateMachineName?: string;
  /** AWS's execution quotas lifted for this run (over the engine's). @default the engine's */
  readonly quotas?: ExecutionQuotas;
  /**
   * Ends the run when aborted: the execution is stopped (`ABORTED`, as `StopExecution` leaves it)
   * and the returned promise resolves with that result.
   */
  readonly signal?: AbortSignal;
}

/** How an execution ended, in `DescribeExecution`'s terms, with its history. */
export interface ExecutionResult {
  readonly executionArn: string;
  readonly status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  readonly output?: unknown;
  readonly error?: string | undefined;
  readonly cause?: string | undefined;
  /** Every event, in order; gathered when first read. */
  readonly history: HistoryEvent[];
}

/** `SendTaskSuccess`'s request, as the Step Functions API takes it. */
export interface SendTaskSuccessInput {
  readonly taskToken: string;
  /** JSON text. */
  readonly output: string;
}

/** `SendTaskFailure`'s request, as the Step Functions API takes it. */
export interface SendTaskFailureInput {
  readonly taskToken: string;
  readonly error?: string | undefined;
  readonly cause?: string | undefined;
}

/** `CreateStateMachine`'s request, for {@link LocalEngine.createStateMachine}. */
export interface CreateStateMachineRequest {
  readonly name: string;
  /** An object, or JSON or YAML text. */
  readonly definition: StateMachine | object | string;
  /** @default 'STANDARD' */
  readonly type?: 'STANDARD' | 'EXPRESS';
  /** @default a local role of the engine's account */
  readonly roleArn?: string;
}

/** The embedded engine. */
export interface LocalEngine {
  /**
   * Runs a definition (an object, or JSON or YAML text) to completion, or until `options.signal`
   * aborts it. Throws `InvalidDefinitionError` for a bad definition.
   */
  run(definition: StateMachine | object | string, input?: unknown, options?: RunOptions): Promise<ExecutionResult>;
  /**
   * Completes a `.waitForTaskToken` task with `output`; `TaskDoesNotExist` when no task waits for the
   * token. Also takes Step Functions' request (`{ taskToken, output }`, the output as JSON text).
   */
  sendTaskSuccess(taskToken: string | SendTaskSuccessInput, output?: unknown): Promise<void>;
  /** Fails a `.waitForTaskToken` task; also takes `{ taskToken, error, cause }`. */
  sendTaskFailure(taskToken: string | SendTaskFailureInput, error?: string, cause?: string): Promise<void>;
  /** Resets a waiting task's heartbeat timer; also takes `{ taskToken }`. */
  sendTaskHeartbeat(taskToken: string | { readonly taskToken: string }): Promise<void>;
  /**
   * Registers a state machine that `states:startExecution` and `aws-sdk:sfn:startExecution` tasks (and
   * the API) can start, as `CreateStateMachine` does (idempotent for the same definition); answers its
   * ARN. The definition takes the engine's `${Name}` substitutions, as `run` does.
   */
  createStateMachine(request: CreateStateMachineRequest): Promise<string>;
  /** The task tokens handed to tasks that still wait for a callback. */
  pendingTaskTokens(): string[];
  /**
   * Delivers messages until the execution is no longer RUNNING (for executions started through the
   * runtime's lifecycle API rather than {@link LocalEngine.run}).
   */
  settle(executionArn: string): Promise<void>;
  /** Delivers messages until `check` holds (checked between deliveries). */
  until(check: () => Promise<boolean> | boolean): Promise<void>;
  /** The runtime underneath (its store, queue and lifecycle), for tests that look inside. */
  readonly runtime: Runtime;
  readonly store: MemoryStore;
  readonly queue: MemoryQueue;
}

export { TaskDoesNotExist };

/** Creates an embedded engine. */
export function createLocalEngine(options: LocalEngineOptions = {}): LocalEngine {
  const clock: LocalClock = options.clock === 'real' ? realClock() : virtualClock();
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? DEFAULT_ACCOUNT;
  const store = new MemoryStore();
  const registry = new MemoryRegistry(store);
  const queue = new MemoryQueue({ now: () => clock.now(), maxReceives: options.runtime?.maxReceives ?? 5 });
  const driver = new Driver(clock, queue);
  const waitingTokens = new Set<string>();
  const account = { region, accountId };
  // states:startExecution and aws-sdk:sfn:* reach this engine's own Step Functions API. The API sits
  // above the embedded engine (its TestState runs one), so it is loaded when first called.
  const stepFunctions = inProcessSfnClient(async (request) => {
    const { handleHttp } = await import('../api/http.js');
    return handleHttp({ runtime, account }, request);
  }, region);
  const services = new IntegrationInvoker({
    clients: new AwsClients({
      endpoint: options.endpoint,
      requireEndpoint: options.allowAws !== true,
      prebuilt: { SFN: stepFunctions },
    }),
    noEndpoint: (task, serviceId) =>
      noStub(task, `the engine has no endpoint for ${serviceId} (it calls AWS only when allowed)`),
  });
  const invoker = new LocalTaskInvoker(options.tasks ?? {}, clock, driver, services);
  const taskInvoker: TaskInvoker = {
    invoke: async (task, execution) => {
      if (task.taskToken !== undefined) waitingTokens.add(task.taskToken);
      return invoker.invoke(task, execution);
    },
    pollJob: (resource, job, execution) => invoker.pollJob(resource, job, execution),
    cancelJob: (resource, job, execution) => invoker.cancelJob(resource, job, execution),
  };
  const runtime = new Runtime(
    {
      store: options.adapters?.store?.(store) ?? store,
      queue: options.adapters?.queue?.(queue) ?? queue,
      invoker: options.adapters?.invoker?.(taskInvoker) ?? taskInvoker,
      registry,
      clock,
      // A back-off waited out inside a step waits on engine time, as a task's sleep does.
      pause: async (ms) => {
        driver.idle();
        try {
          await clock.sleep(ms);
        } finally {
          driver.busy();
        }
      },
      onEvents: (executionArn, events) => {
        for (const event of events) options.onEvent?.(event, { executionArn });
      },
    },
    // In memory no record size limit applies: let a step go further than on DynamoDB.
    {
      maxTransitionsPerStep: LOCAL_TRANSITIONS_PER_STEP,
      quotas: options.quotas,
      largePayloads: options.largePayloads,
      ...options.runtime,
    },
  );
  driver.runtime = runtime;
  const afterCallback = (token: string) => {
    waitingTokens.delete(token);
    driver.wake();
  };
  /** Stops the execution when `signal` aborts; `failed` holds an error the stop met. */
  const stopOnAbort = (signal: AbortSignal, executionArn: string) => {
    const handle: { failed?: unknown; dispose: () => void } = { dispose: () => undefined };
    const abort = () => {
      lifecycle.stopExecution(runtime, executionArn).then(
        () => driver.wake(),
        (error: unknown) => {
          handle.failed = error;
          driver.wake();
        },
      );
    };
    if (signal.aborted) abort();
    else {
      signal.addEventListener('abort', abort, { once: true });
      handle.dispose = () => signal.removeEventListener('abort', abort);
    }
    return handle;
  };
  // A test runs the same definition many times: substitute and validate it once.
  const loaded = new Map<string, { text: string; model: StateMachine }>();
  const prepared = (definition: StateMachine | object | string) => {
    const key = typeof definition === 'string' ? definition : JSON.stringify(definition);
    let found = loaded.get(key);
    if (found === undefined) {
      found = loadDefinition(definition, { substitutions: options.definitionSubstitutions, region, accountId });
      if (loaded.size >= 64) loaded.clear();
      loaded.set(key, found);
    }
    return found;
  };
  return {
    runtime,
    store,
    queue,
    async run(definition, input = {}, runOptions = {}) {
      const parsed = prepared(definition);
      const stateMachineName = runOptions.stateMachineName ?? 'StateMachine';
      const { executionArn } = await lifecycle.startExecution(
        runtime,
        {
          stateMachineArn: `arn:aws:states:${region}:${accountId}:stateMachine:${stateMachineName}`,
          definition: parsed.text,
          type: runOptions.stateMachineType ?? 'STANDARD',
          roleArn: `arn:aws:iam::${accountId}:role/StepstoneLocalRole`,
          quotas: runOptions.quotas,
        },
        { name: runOptions.name, input: JSON.stringify(input ?? null) },
      );
      const stop = runOptions.signal === undefined ? undefined : stopOnAbort(runOptions.signal, executionArn);
      try {
        await driver.until(async () => {
          if (stop?.failed !== undefined) throw stop.failed;
          return (await store.getExecution(executionArn))?.status !== 'RUNNING';
        });
      } finally {
        stop?.dispose();
      }
      const record = await store.getExecution(executionArn);
      if (record === undefined) throw new Error(`execution ${executionArn} vanished`);
      let history: HistoryEvent[] | undefined;
      return {
        executionArn,
        status: record.status as ExecutionResult['status'],
        output: record.status === 'SUCCEEDED' ? record.output : undefined,
        error: record.error,
        cause: record.cause,
        // A long execution has hundreds of thousands of events: gather them only for a caller who looks.
        get history() {
          history ??= store.historyOf(executionArn);
          return history;
        },
      };
    },
    async sendTaskSuccess(request, value) {
      const [token, text] =
        typeof request === 'string' ? [request, JSON.stringify(value ?? null)] : [request.taskToken, request.output];
      await lifecycle.sendTaskSuccess(runtime, token, text);
      afterCallback(token);
    },
    async sendTaskFailure(request, error, cause) {
      const [token, failure] =
        typeof request === 'string'
          ? [request, { error, cause }]
          : [request.taskToken, { error: request.error, cause: request.cause }];
      await lifecycle.sendTaskFailure(runtime, token, failure);
      afterCallback(token);
    },
    async sendTaskHeartbeat(request) {
      await lifecycle.sendTaskHeartbeat(runtime, typeof request === 'string' ? request : request.taskToken);
      driver.wake();
    },
    async createStateMachine(request) {
      const definition =
        typeof request.definition === 'string' ? request.definition : JSON.stringify(request.definition);
      const created = await stateMachines.createStateMachine(runtime, account, {
        name: request.name,
        definition: prepared(definition).text,
        type: request.type,
        roleArn: request.roleArn ?? `arn:aws:iam::${accountId}:role/StepstoneLocalRole`,
      });
      return created.stateMachineArn;
    },
    pendingTaskTokens: () => [...waitingTokens],
    settle: (executionArn) => driver.until(async () => (await store.getExecution(executionArn))?.status !== 'RUNNING'),
    until: (check) => driver.until(async () => check()),
  };
}

/**
 * Delivers queued messages to the runtime, as SQS and Lambda's event source mapping would, several at
 * a time; moves a virtual clock on only when every handler in flight waits on engine time and no
 * message is visible.
 */
class Driver {
  runtime: Runtime | undefined;
  private inflight = 0;
  private idleHandlers = 0;
  private signal: (() => void) | undefined;
  private pumping: Promise<void> | undefined;
  private readonly waiters = new Set<{
    check: () => Promise<boolean>;
    resolve: () => void;
    reject: (e: unknown) => void;
  }>();

  constructor(
    private readonly clock: LocalClock,
    private readonly queue: MemoryQueue,
  ) {
    queue.onSend(() => this.wake());
  }

  idle(): void {
    this.idleHandlers++;
    this.wake();
  }

  busy(): void {
    this.idleHandlers--;
  }

  wake(): void {
    const signal = this.signal;
    this.signal = undefined;
    signal?.();
  }

  /** Pumps until `check` holds. */
  until(check: () => Promise<boolean>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiters.add({ check, resolve, reject });
      this.pumping ??= this.pump().finally(() => {
        this.pumping = undefined;
      });
      this.wake();
    });
  }

  private async settleWaiters(): Promise<void> {
    for (const waiter of [...this.waiters]) {
      if (await waiter.check()) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  private async pump(): Promise<void> {
    const runtime = this.runtime;
    if (runtime === undefined) throw new Error('driver has no runtime');
    try {
      let settled = false;
      let yielded = performance.now();
      while (this.waiters.size > 0) {
        // Handlers chain on promises alone, which never let the event loop turn: give it a turn
        // now and then, so that timers, I/O, a test's timeout and an AbortSignal get through.
        if (performance.now() - yielded >= YIELD_EVERY_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          yielded = performance.now();
        }
        await this.settleWaiters();
        if (this.waiters.size === 0) break;
        const messages = await this.queue.receive({ maxMessages: 10, waitSeconds: 0 });
        if (messages.length > 0) {
          settled = false;
          for (const message of messages) {
            this.inflight++;
            runtime
              .handle(message)
              .then(
                () => this.queue.ack(message.receipt),
                () => undefined, // left for redelivery after the visibility timeout
              )
              .finally(() => {
                this.inflight--;
                this.wake();
              });
          }
          continue;
        }
        const busy = this.inflight - this.idleHandlers;
        if (busy <= 0 && this.clock.kind === 'virtual' && !settled) {
          // Before time moves on, let pending continuations run: a handler returning right after
          // starting a sleep it does not await, code after a sleep that outlived its handler.
          await new Promise<void>((resolve) => setImmediate(resolve));
          settled = true;
          continue;
        }
        settled = false;
        if (busy > 0 || this.clock.kind === 'real') {
          await this.nap(this.clock.kind === 'real' ? this.untilNextMessage() : undefined);
          continue;
        }
        const next = earliest(this.clock.nextWake(), this.queue.nextVisibleAt());
        if (next === undefined) {
          // Nothing in flight, nothing queued: only a callback from outside can move things on.
          await this.nap(undefined);
          continue;
        }
        this.clock.advanceTo(next);
        await Promise.resolve();
      }
    } catch (error) {
      for (const waiter of this.waiters) waiter.reject(error);
      this.waiters.clear();
    }
  }

  private untilNextMessage(): number | undefined {
    const next = this.queue.nextVisibleAt();
    return next === undefined ? 1000 : Math.max(1, next - this.clock.now());
  }

  private nap(ms: number | undefined): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(resolve, ms);
      this.signal = () => {
        if (timer !== undefined) clearTimeout(timer);
        resolve();
      };
    });
  }
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
