/**
 * `stepstone/testing`: run a workflow definition in a test, with task stubs and virtual time.
 *
 * A {@link TestWorkflow} runs each execution on a fresh embedded engine whose clock is virtual by
 * default: `Wait` states, retry back-off, task timeouts and stub delays take no wall time, yet every
 * history timestamp reads as if they did. Task resources written as `${Name}` placeholders resolve to
 * the stub (or real handler) registered under `Name`. The finished {@link TestExecution} answers what
 * a test asks: the states entered in order, a state's input and output, how often a task was called
 * and with what.
 *
 * @example
 * import { callback, loadWorkflow, returns, sequence, throws } from 'stepstone/testing';
 *
 * const saga = await loadWorkflow('definitions/order-saga.asl.json', { tasks: handlers });
 * const execution = await saga.run(order, {
 *   tasks: { ChargePayment: sequence(throws('Payment.GatewayTimeout'), returns({ chargeId: 'ch-1' })) },
 * });
 * expect(execution.status).toBe('SUCCEEDED');
 * expect(execution.callCount('ChargePayment')).toBe(2);
 */
import { readFile } from 'node:fs/promises';
import type { StateMachine } from './asl/model/index.js';
import type { SubstitutionValue } from './asl/placeholders.js';
import { type Diagnostic, formatDiagnostic, InvalidDefinitionError } from './asl/validate/index.js';
import type { HistoryEvent } from './engine/types.js';
import { validateWorkflowDefinition } from './integrations/resource-rule.js';
import { loadDefinition } from './local/definition.js';
import { createLocalEngine, type ExecutionResult, type LocalEngine } from './local/engine.js';
import type { TaskContext, TaskHandler } from './local/task-invoker.js';

export { InvalidDefinitionError } from './asl/validate/index.js';
export { TaskDoesNotExist } from './local/engine.js';

/** The engine's default region and account, in which `${Name}` resolves to a function ARN. */
const REGION = 'us-east-1';
const ACCOUNT = '123456789012';

/** What a stub receives beside its payload: the engine's task context, plus callbacks for its token. */
export interface TestTaskContext extends TaskContext {
  /** How many times this task was called before in this execution: 0 on the first call. */
  readonly call: number;
  /**
   * Runs `fn` once `seconds` of engine time have passed (0: as soon as the engine is otherwise idle),
   * whether or not the handler has returned by then: how a stub answers its task token later. If `fn`
   * throws (or its promise rejects), `run()` rejects with that error once the execution has ended.
   */
  later(seconds: number, fn: () => unknown): void;
  /** `SendTaskSuccess` for this invocation's task token; rejects with `TaskDoesNotExist` once the task has ended. */
  sendTaskSuccess(output: unknown): Promise<void>;
  /** `SendTaskFailure` for this invocation's task token. */
  sendTaskFailure(error?: string, cause?: string): Promise<void>;
  /** `SendTaskHeartbeat` for this invocation's task token. */
  sendTaskHeartbeat(): Promise<void>;
}

/**
 * A task stub or a real handler: a function of the payload (using the context is optional). Declared
 * through a method so that handlers typed with their own payload type (`(order: Order) => …`) fit.
 */
export type TaskStub = {
  handle(payload: unknown, context: TestTaskContext): unknown;
}['handle'];

/** Options of a {@link TestWorkflow} and of each of its runs (a run's tasks override the workflow's). */
export interface TestWorkflowOptions {
  /**
   * Stubs and handlers by `${Name}` placeholder (function name) or full function ARN; stubs of any
   * task by state name, and of service integrations by resource (`arn:aws:states:::dynamodb:putItem`).
   * @default {}
   */
  readonly tasks?: Readonly<Record<string, TaskStub>>;
  /**
   * Where service integrations without a stub call (an emulator: LocalStack, moto). Without it they
   * call what `AWS_ENDPOINT_URL`/`AWS_ENDPOINT_URL_<SERVICE>` name, and a service with no endpoint
   * fails the task with `States.Runtime` naming the state and how to stub it. @default none
   */
  readonly endpoint?: string;
  /** Let service integrations without a stub or an endpoint call AWS itself. @default false */
  readonly allowAws?: boolean;
  /**
   * Lift Step Functions' 256 KiB limit on payloads, as an engine with a payload bucket does
   * (docs/large-payloads.md). @default false — `States.DataLimitExceeded` beyond 256 KiB
   */
  readonly largePayloads?: boolean;
  /** `virtual`: waits and back-off take no wall time. @default 'virtual' */
  readonly clock?: 'virtual' | 'real';
  /**
   * Explicit values for `${Name}` placeholders — strings, numbers, booleans, substituted in the text
   * as CloudFormation does (`Seconds: ${Timeout}` becomes a number); an unlisted one names the
   * function `Name`.
   */
  readonly definitionSubstitutions?: Readonly<Record<string, SubstitutionValue>>;
  /** The state machine name in ARNs and the Context object. @default 'StateMachine' */
  readonly stateMachineName?: string;
  /**
   * Child state machines that `states:startExecution` (plain, `.sync`, `.sync:2`,
   * `.waitForTaskToken`) and `aws-sdk:sfn:*` tasks start, by name or by ARN in the test account
   * (`arn:aws:states:us-east-1:123456789012:stateMachine:<name>`): each definition (an object, or
   * JSON or YAML text) is registered before the run, and its tasks use the same stubs.
   * @example
   * testWorkflow(parent, { stateMachines: { ChargeCard: childDefinition } })
   * @default {}
   */
  readonly stateMachines?: Readonly<Record<string, object | string>>;
  /**
   * Treat a Task resource Stepstone cannot run (`UNSUPPORTED_RESOURCE`) as an error: loading throws
   * `InvalidDefinitionError`. Otherwise it is a warning, in {@link TestWorkflow.warnings} and emitted
   * as a Node.js process warning (a stub can still stand in for such a task in a test).
   * @default false
   */
  readonly strict?: boolean;
}

/** Options of one run. */
export interface TestRunOptions extends Omit<TestWorkflowOptions, 'definitionSubstitutions' | 'strict'> {
  /** The execution name. @default a UUID */
  readonly name?: string;
}

/** One recorded call of a task. */
export interface TaskCall {
  readonly payload: unknown;
  /** Engine time of the call, in milliseconds since the execution started. */
  readonly atMs: number;
}

/** A finished execution, with questions a test asks of its history. */
export interface TestExecution extends ExecutionResult {
  /** Names of the states entered, in history order (nested Parallel and Map states included). */
  statesEntered(): string[];
  /** The input of the `occurrence`-th entry (from 0) into state `name`; throws when it was not entered. */
  stateInput(name: string, occurrence?: number): unknown;
  /** The output of the `occurrence`-th exit from state `name`; throws when it did not exit. */
  stateOutput(name: string, occurrence?: number): unknown;
  /** The payloads task `name` was called with, in order. */
  calls(name: string): unknown[];
  /** The calls of task `name`, with their engine times. */
  taskCalls(name: string): readonly TaskCall[];
  /** How many times task `name` was called. */
  callCount(name: string): number;
  /** The history events of one type (every event without `type`). */
  events(type?: string): HistoryEvent[];
  /** Engine milliseconds from the execution's start to `event` (the last event by default). */
  elapsedMs(event?: HistoryEvent): number;
}

/** A definition ready to run in tests. */
export interface TestWorkflow {
  /** The validated definition (placeholders substituted). */
  readonly definition: StateMachine;
  /** What validation warned of: the Task resources Stepstone cannot run (`UNSUPPORTED_RESOURCE`). */
  readonly warnings: readonly Diagnostic[];
  /** Runs one execution to its end on a fresh engine. */
  run(input?: unknown, options?: TestRunOptions): Promise<TestExecution>;
}

/**
 * Reads, substitutes and validates a definition file (`.asl.json`, `.asl.yaml`, `.asl.yml`); throws
 * `InvalidDefinitionError` (with every diagnostic, with its line and column) for an invalid one.
 *
 * @example
 * const approval = await loadWorkflow(new URL('../definitions/human-approval.asl.json', import.meta.url));
 */
export async function loadWorkflow(path: string | URL, options: TestWorkflowOptions = {}): Promise<TestWorkflow> {
  return testWorkflow(await readFile(path, 'utf8'), options);
}

/** {@link loadWorkflow} for a definition given as an object or as JSON or YAML text. */
export function testWorkflow(definition: object | string, options: TestWorkflowOptions = {}): TestWorkflow {
  const parsed = loadDefinition(definition, {
    substitutions: options.definitionSubstitutions,
    region: REGION,
    accountId: ACCOUNT,
  }).model;
  const warnings = resourceWarnings(definition, options.strict === true);
  return {
    definition: parsed,
    warnings,
    run: (input = {}, runOptions = {}) => runOnce(definition, input, options, runOptions),
  };
}

/**
 * The Task resources Stepstone cannot run, as warnings (each also emitted as a process warning), or
 * with `strict` an `InvalidDefinitionError`, of a definition `loadDefinition` found valid.
 */
function resourceWarnings(definition: object | string, strict: boolean): Diagnostic[] {
  const checked = validateWorkflowDefinition(definition, { strict });
  if (!checked.ok) {
    if (strict && checked.diagnostics.some((d) => d.code === 'UNSUPPORTED_RESOURCE')) {
      throw new InvalidDefinitionError(checked.diagnostics);
    }
    return [];
  }
  for (const warning of checked.diagnostics) {
    process.emitWarning(formatDiagnostic(warning), { type: 'StepstoneWarning', code: warning.code });
  }
  return checked.diagnostics;
}

async function runOnce(
  source: object | string,
  input: unknown,
  options: TestWorkflowOptions,
  runOptions: TestRunOptions,
): Promise<TestExecution> {
  const recorded = new Map<string, TaskCall[]>();
  const laterErrors: unknown[] = [];
  const stubs = { ...options.tasks, ...runOptions.tasks };
  let startedAt = 0;
  const record = (name: string, payload: unknown): number => {
    const calls = recorded.get(name) ?? [];
    recorded.set(name, calls);
    // TaskContext carries no clock; the runtime's is the engine time of the call.
    calls.push({ payload, atMs: engine.runtime.deps.clock.now() - startedAt });
    return calls.length - 1;
  };
  const engine: LocalEngine = createLocalEngine({
    tasks: Object.fromEntries(
      Object.entries(stubs).map(([name, stub]): [string, TaskHandler] => [
        name,
        (payload, context) => stub(payload, testContext(context, record(name, payload), engine, laterErrors)),
      ]),
    ),
    clock: runOptions.clock ?? options.clock ?? 'virtual',
    endpoint: runOptions.endpoint ?? options.endpoint,
    allowAws: runOptions.allowAws ?? options.allowAws,
    largePayloads: options.largePayloads,
    definitionSubstitutions: options.definitionSubstitutions,
    onEvent: (event) => {
      if (event.type === 'ExecutionStarted') startedAt = Date.parse(event.timestamp);
    },
  });
  for (const [key, definition] of Object.entries({ ...options.stateMachines, ...runOptions.stateMachines })) {
    const name = key.startsWith('arn:') ? key.slice(key.lastIndexOf(':') + 1) : key;
    const arn = await engine.createStateMachine({ name, definition });
    if (key.startsWith('arn:') && arn !== key) {
      throw new Error(
        `stateMachines['${key}']: a test registers state machines in ${REGION} and account ${ACCOUNT}, as ${arn}; name it so, or by its name alone`,
      );
    }
  }
  const result = await engine.run(source, input, {
    name: runOptions.name,
    stateMachineName: runOptions.stateMachineName ?? options.stateMachineName,
  });
  if (laterErrors.length > 0) throw laterErrors[0];
  return testExecution(result, recorded);
}

function testContext(context: TaskContext, call: number, engine: LocalEngine, laterErrors: unknown[]): TestTaskContext {
  const token = () => {
    if (context.taskToken === undefined) throw new Error(`${context.resource} is not a .waitForTaskToken task`);
    return context.taskToken;
  };
  return {
    ...context,
    call,
    later(seconds, fn) {
      void context
        .sleep(seconds * 1000)
        .then(fn)
        .catch((error: unknown) => laterErrors.push(error));
    },
    sendTaskSuccess: async (output) => engine.sendTaskSuccess(token(), output),
    sendTaskFailure: async (error, cause) => engine.sendTaskFailure(token(), error, cause),
    sendTaskHeartbeat: async () => engine.sendTaskHeartbeat(token()),
  };
}

function testExecution(result: ExecutionResult, recorded: Map<string, TaskCall[]>): TestExecution {
  const history = result.history;
  const start = history[0] === undefined ? 0 : Date.parse(history[0].timestamp);
  const details = (event: HistoryEvent, key: string) => event[key] as { name: string; input?: string; output?: string };
  const entries = history.filter((e) => e.type.endsWith('StateEntered'));
  const exits = history.filter((e) => e.type.endsWith('StateExited'));
  const nth = (events: HistoryEvent[], key: string, name: string, occurrence: number, what: string) => {
    const found = events.filter((e) => details(e, key).name === name)[occurrence];
    if (found === undefined) throw new Error(`state '${name}' has no ${what} #${occurrence} in the history`);
    return details(found, key);
  };
  return {
    ...result,
    statesEntered: () => entries.map((e) => details(e, 'stateEnteredEventDetails').name),
    stateInput: (name, occurrence = 0) =>
      JSON.parse(nth(entries, 'stateEnteredEventDetails', name, occurrence, 'entry').input ?? 'null'),
    stateOutput: (name, occurrence = 0) =>
      JSON.parse(nth(exits, 'stateExitedEventDetails', name, occurrence, 'exit').output ?? 'null'),
    calls: (name) => (recorded.get(name) ?? []).map((c) => c.payload),
    taskCalls: (name) => recorded.get(name) ?? [],
    callCount: (name) => recorded.get(name)?.length ?? 0,
    events: (type) => (type === undefined ? [...history] : history.filter((e) => e.type === type)),
    elapsedMs: (event = history.at(-1)) => (event === undefined ? 0 : Date.parse(event.timestamp) - start),
  };
}

/** A stub that returns `value` on every call. */
export function returns(value: unknown): TaskStub {
  return () => structuredClone(value);
}

/**
 * A stub that fails as a Lambda function error of type `errorType` (what `ErrorEquals` matches), with
 * `message` as the cause's `errorMessage`.
 */
export function throws(errorType: string, message = `${errorType} (stubbed)`): TaskStub {
  return () => {
    const error = new Error(message);
    error.name = errorType;
    throw error;
  };
}

/** A stub that takes `seconds` of engine time, then behaves as `then`: for TimeoutSeconds tests. */
export function delayed(seconds: number, then: TaskStub = returns({})): TaskStub {
  return async (payload, context) => {
    await context.sleep(seconds * 1000);
    return then(payload, context);
  };
}

/**
 * A stub whose n-th call behaves as the n-th outcome; once they run out, the last one repeats. For
 * retries: `sequence(throws('Busy'), throws('Busy'), returns({ ok: true }))`.
 */
export function sequence(...outcomes: readonly TaskStub[]): TaskStub {
  if (outcomes.length === 0) throw new Error('sequence() needs at least one outcome');
  return (payload, context) => (outcomes[Math.min(context.call, outcomes.length - 1)] as TaskStub)(payload, context);
}

/** How a {@link callback} stub answers its task token. */
export interface CallbackPlan {
  /** Answer with `SendTaskSuccess` and this output. */
  readonly success?: unknown;
  /** Answer with `SendTaskFailure`. */
  readonly failure?: { readonly error?: string; readonly cause?: string };
  /** Engine seconds after the call at which to answer. @default 0 */
  readonly afterSeconds?: number;
  /** Send `SendTaskHeartbeat` every this many engine seconds until the answer (or for ever, with no answer). */
  readonly heartbeatEverySeconds?: number;
  /** What the invocation itself does and returns (e.g. the real handler that mails the token). @default returns({}) */
  readonly handler?: TaskStub;
}

/**
 * A stub for a `.waitForTaskToken` task: runs `plan.handler`, then answers the token after
 * `plan.afterSeconds` of engine time, heartbeating meanwhile if asked. With neither `success` nor
 * `failure`, it never answers (the task then ends by its `TimeoutSeconds` or `HeartbeatSeconds`).
 * An answer for a task that has already ended is dropped, as AWS rejects it with `TaskTimedOut`.
 *
 * @example
 * tasks: { RequestApproval: callback({ success: { approved: true }, afterSeconds: 3600 }) }
 */
export function callback(plan: CallbackPlan): TaskStub {
  return (payload, context) => {
    /** Sends; false when the task has already ended (timed out, or answered). */
    const send = async (fn: () => Promise<void>): Promise<boolean> => {
      try {
        await fn();
        return true;
      } catch (error) {
        if (error instanceof Error && (error.name === 'TaskDoesNotExist' || error.name === 'TaskTimedOut'))
          return false;
        throw error;
      }
    };
    const answerAt = plan.afterSeconds ?? 0;
    const answers = plan.success !== undefined || plan.failure !== undefined;
    const every = plan.heartbeatEverySeconds;
    if (every !== undefined && every > 0) {
      const beat = (at: number): void => {
        if (answers && at >= answerAt) return;
        context.later(every, async () => {
          if (await send(() => context.sendTaskHeartbeat())) beat(at + every);
        });
      };
      beat(every);
    }
    const { success, failure } = plan;
    if (failure !== undefined) {
      context.later(answerAt, () => send(() => context.sendTaskFailure(failure.error, failure.cause)));
    } else if (success !== undefined) {
      context.later(answerAt, () => send(() => context.sendTaskSuccess(success)));
    }
    return (plan.handler ?? returns({}))(payload, context);
  };
}
