/**
 * The embedded engine: runs workflows in-process on the interpreter, with in-memory frames, task
 * handlers as plain functions, and a virtual or real clock. No cloud, no Docker, no account.
 *
 * @example
 * const engine = createLocalEngine({ tasks: { ChargeCard: async (order) => ({ charged: true }) } });
 * const result = await engine.run(definition, { orderId: 'o-1' });
 */
import { randomUUID } from 'node:crypto';
import type { StateMachine } from '../asl/model/index.js';
import { compileProgram, type Program } from '../engine/program.js';
import { exceedsTolerance } from '../engine/states/children.js';
import { startExecution, step } from '../engine/step.js';
import type {
  ChildResult,
  Effect,
  ExecutionInfo,
  Frame,
  FrameEvent,
  HistoryEvent,
  StepEnv,
  StepResult,
} from '../engine/types.js';
import { type LocalClock, realClock, virtualClock } from './clock.js';
import { loadDefinition } from './definition.js';
import {
  findHandler,
  functionNotFound,
  type InvocationResult,
  lambdaErrorCause,
  lambdaInvokePayload,
  lambdaInvokeResult,
  type TaskHandler,
  throughJson,
} from './task-invoker.js';

/** The account id in ARNs when none is given. */
const DEFAULT_ACCOUNT = '123456789012';

/** Options of {@link createLocalEngine}. */
export interface LocalEngineOptions {
  /** Task handlers by function name and/or by full function ARN. @default {} */
  readonly tasks?: Readonly<Record<string, TaskHandler>>;
  /** `virtual`: Wait, back-off and task sleeps take no wall time. @default 'virtual' */
  readonly clock?: 'virtual' | 'real';
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '123456789012' */
  readonly accountId?: string;
  /** Values for `${Name}` placeholders; an unlisted one names the Lambda function `Name`. */
  readonly definitionSubstitutions?: Readonly<Record<string, string>>;
  /** Called with each history event as it is recorded (the CLI prints them). */
  readonly onEvent?: (event: HistoryEvent, execution: ExecutionInfo) => void;
}

/** Options of one run. */
export interface RunOptions {
  readonly stateMachineType?: 'STANDARD' | 'EXPRESS';
  /** The execution name. @default a UUID */
  readonly name?: string;
  /** The state machine name in ARNs and `$$.StateMachine.Name`. @default 'StateMachine' */
  readonly stateMachineName?: string;
}

/** How an execution ended, in `DescribeExecution`'s terms, with its history. */
export interface ExecutionResult {
  readonly executionArn: string;
  readonly status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  readonly output?: unknown;
  readonly error?: string | undefined;
  readonly cause?: string | undefined;
  readonly history: HistoryEvent[];
}

/** The embedded engine. */
export interface LocalEngine {
  /** Runs a definition (object or JSON text) to completion. Throws `InvalidDefinitionError` for a bad definition. */
  run(definition: StateMachine | object | string, input?: unknown, options?: RunOptions): Promise<ExecutionResult>;
  /** Completes a `.waitForTaskToken` task. */
  sendTaskSuccess(taskToken: string, output: unknown): void;
  /** Fails a `.waitForTaskToken` task. */
  sendTaskFailure(taskToken: string, error?: string, cause?: string): void;
  /** Resets a waiting task's heartbeat timer. */
  sendTaskHeartbeat(taskToken: string): void;
  /** The task tokens currently waiting for a callback. */
  pendingTaskTokens(): string[];
}

/** A task token does not name a waiting task (`TaskDoesNotExist` / `InvalidToken`). */
export class TaskDoesNotExist extends Error {
  constructor(token: string) {
    super(`Task token '${token}' does not name a task waiting for a callback`);
    this.name = 'TaskDoesNotExist';
  }
}

/** Creates an embedded engine. */
export function createLocalEngine(options: LocalEngineOptions = {}): LocalEngine {
  const tokens = new Map<string, { run: LocalRun; frameId: string }>();
  const engine: LocalEngine = {
    async run(definition, input = {}, runOptions = {}) {
      const parsed = loadDefinition(definition, {
        substitutions: options.definitionSubstitutions,
        region: options.region ?? 'us-east-1',
        accountId: options.accountId ?? DEFAULT_ACCOUNT,
      });
      const run = new LocalRun(compileProgram(parsed), input, runOptions, options, tokens);
      return run.execute();
    },
    sendTaskSuccess(token, output) {
      callbackTarget(tokens, token).run.callback(token, { type: 'taskSucceeded', output: throughJson(output) });
    },
    sendTaskFailure(token, error, cause) {
      callbackTarget(tokens, token).run.callback(token, { type: 'taskFailed', error: error ?? '', cause });
    },
    sendTaskHeartbeat(token) {
      callbackTarget(tokens, token).run.heartbeat(token);
    },
    pendingTaskTokens: () => [...tokens.keys()],
  };
  return engine;
}

function callbackTarget(tokens: Map<string, { run: LocalRun; frameId: string }>, token: string) {
  const target = tokens.get(token);
  if (target === undefined) throw new TaskDoesNotExist(token);
  return target;
}

interface Join {
  readonly parentId: string;
  readonly pending: Frame[];
  readonly results: ChildResult[];
  readonly total: number;
  readonly maxConcurrency: number;
  readonly tolerance: { count?: number | undefined; percentage?: number | undefined };
  running: Set<string>;
  done: boolean;
}

interface PendingTask {
  readonly frameId: string;
  readonly id: number;
  readonly token?: string | undefined;
  readonly heartbeatSeconds?: number | undefined;
  cancelTimeout?: () => void;
  cancelHeartbeat?: () => void;
}

/** One execution on the embedded engine. */
class LocalRun {
  private readonly clock: LocalClock;
  private readonly frames = new Map<string, Frame>();
  private readonly joins = new Map<string, Join>();
  private readonly tasks = new Map<string, PendingTask>();
  private readonly history: HistoryEvent[] = [];
  private readonly queue: Array<() => Promise<void>> = [];
  private readonly info: ExecutionInfo;
  private nextId = 1;
  private detachedId = 1;
  private invocationSeq = 0;
  private activeHandlers = 0;
  private wake: (() => void) | undefined;
  private outcome: ExecutionResult | undefined;

  constructor(
    private readonly program: Program,
    input: unknown,
    runOptions: RunOptions,
    private readonly options: LocalEngineOptions,
    private readonly tokens: Map<string, { run: LocalRun; frameId: string }>,
  ) {
    this.clock = options.clock === 'real' ? realClock() : virtualClock();
    const region = options.region ?? 'us-east-1';
    const accountId = options.accountId ?? DEFAULT_ACCOUNT;
    const smName = runOptions.stateMachineName ?? 'StateMachine';
    const name = runOptions.name ?? randomUUID();
    this.info = {
      executionArn:
        runOptions.stateMachineType === 'EXPRESS'
          ? `arn:aws:states:${region}:${accountId}:express:${smName}:${name}:${randomUUID()}`
          : `arn:aws:states:${region}:${accountId}:execution:${smName}:${name}`,
      name,
      stateMachineArn: `arn:aws:states:${region}:${accountId}:stateMachine:${smName}`,
      stateMachineName: smName,
      roleArn: `arn:aws:iam::${accountId}:role/StepstoneLocalRole`,
      startTime: new Date(this.clock.now()).toISOString(),
      input: throughJson(input),
      redriveCount: 0,
      type: runOptions.stateMachineType ?? 'STANDARD',
      region,
      accountId,
    };
  }

  private env(frame: Frame | undefined): StepEnv {
    const detached = frame?.detached === true;
    return {
      now: () => this.clock.now(),
      uuid: () => randomUUID(),
      random: () => Math.random(),
      nextEventId: () => (detached ? this.detachedId++ : this.nextId++),
      execution: this.info,
    };
  }

  async execute(): Promise<ExecutionResult> {
    const timeout = this.program.timeoutSeconds;
    if (timeout !== undefined) {
      this.clock.at(this.clock.now() + timeout * 1000, () => this.schedule(async () => this.timeOut()));
    }
    this.schedule(async () => this.apply(await startExecution(this.program, this.env(undefined))));
    while (this.outcome === undefined) {
      const work = this.queue.shift();
      if (work !== undefined) {
        await work();
        continue;
      }
      if (this.activeHandlers > 0 || this.clock.kind === 'real' || !this.clock.advance()) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        this.wake = undefined;
      }
    }
    for (const [token, target] of this.tokens) if (target.run === this) this.tokens.delete(token);
    return this.outcome;
  }

  private schedule(work: () => Promise<void>): void {
    this.queue.push(work);
    this.wake?.();
  }

  private deliver(frameId: string, event: FrameEvent): void {
    this.schedule(async () => {
      const frame = this.frames.get(frameId);
      if (frame === undefined || this.outcome !== undefined) return;
      this.apply(await step(this.program, frame, event, this.env(frame)));
    });
  }

  private apply(result: StepResult): void {
    if (this.outcome !== undefined) return;
    const frame = result.frame;
    this.frames.set(frame.id, frame);
    for (const event of result.events) {
      if (frame.detached === true) continue;
      this.history.push(event);
      this.options.onEvent?.(event, this.info);
    }
    for (const effect of result.effects) this.carryOut(effect);
  }

  private carryOut(effect: Effect): void {
    switch (effect.type) {
      case 'invokeTask':
        this.invoke(effect.frameId, effect.task);
        return;
      case 'startTimer':
        this.clock.at(effect.dueAt, () => this.deliver(effect.frameId, { type: 'timerFired' }));
        return;
      case 'startChildren':
        this.startChildren(effect);
        return;
      case 'complete':
        this.completeFrame(effect.frameId, effect.outcome);
        return;
      case 'continue':
        this.deliver(effect.frameId, { type: 'continue' });
        return;
      default: {
        const never: never = effect;
        throw new Error(`unknown effect ${JSON.stringify(never)}`);
      }
    }
  }

  private invoke(frameId: string, task: import('../engine/types.js').TaskInvocation): void {
    const id = ++this.invocationSeq;
    const pending: PendingTask = { frameId, id, token: task.taskToken, heartbeatSeconds: task.heartbeatSeconds };
    this.tasks.set(frameId, pending);
    const current = () => this.tasks.get(frameId)?.id === id;
    if (task.timeoutSeconds !== undefined) {
      pending.cancelTimeout = this.clock.at(this.clock.now() + task.timeoutSeconds * 1000, () => {
        if (!current()) return;
        this.finishTask(frameId);
        this.deliver(frameId, { type: 'taskTimedOut' });
      });
    }
    this.armHeartbeat(pending);
    if (task.taskToken !== undefined) this.tokens.set(task.taskToken, { run: this, frameId });
    const handler = findHandler(this.options.tasks ?? {}, task);
    const settle = (result: InvocationResult) => {
      if (!current()) return;
      if (!result.ok) {
        this.finishTask(frameId);
        this.deliver(frameId, { type: 'taskFailed', error: result.error, cause: result.cause });
        return;
      }
      const output =
        task.integration === 'lambda:invoke' ? lambdaInvokeResult(result.output, task.parameters) : result.output;
      if (task.pattern === 'WAIT_FOR_TASK_TOKEN') {
        this.deliver(frameId, { type: 'taskSubmitted', output });
        return;
      }
      this.finishTask(frameId);
      this.deliver(frameId, { type: 'taskSucceeded', output });
    };
    if (handler === undefined) {
      settle(functionNotFound(task, this.info.region, this.info.accountId));
      return;
    }
    this.activeHandlers++;
    let active = true;
    const setActive = (value: boolean) => {
      if (value === active) return;
      active = value;
      this.activeHandlers += value ? 1 : -1;
      this.wake?.();
    };
    const context = {
      idempotencyKey: task.idempotencyKey,
      taskToken: task.taskToken,
      resource: task.functionName ?? task.resource,
      sleep: (ms: number) =>
        new Promise<void>((resolve) => {
          setActive(false);
          this.clock.at(this.clock.now() + ms, () => {
            setActive(true);
            resolve();
          });
        }),
    };
    Promise.resolve()
      .then(() =>
        handler(
          throughJson(task.integration === 'lambda:invoke' ? lambdaInvokePayload(task.payload) : task.payload),
          context,
        ),
      )
      .then(
        (output) => settle({ ok: true, output: throughJson(output) }),
        (error: unknown) => settle(lambdaErrorCause(error)),
      )
      .finally(() => setActive(false));
  }

  private armHeartbeat(pending: PendingTask): void {
    pending.cancelHeartbeat?.();
    if (pending.heartbeatSeconds === undefined) return;
    pending.cancelHeartbeat = this.clock.at(this.clock.now() + pending.heartbeatSeconds * 1000, () => {
      if (this.tasks.get(pending.frameId)?.id !== pending.id) return;
      this.finishTask(pending.frameId);
      this.deliver(pending.frameId, { type: 'taskTimedOut', heartbeat: true });
    });
  }

  private finishTask(frameId: string): void {
    const pending = this.tasks.get(frameId);
    if (pending === undefined) return;
    pending.cancelTimeout?.();
    pending.cancelHeartbeat?.();
    if (pending.token !== undefined) this.tokens.delete(pending.token);
    this.tasks.delete(frameId);
  }

  /** A callback for a task token of this run. */
  callback(token: string, event: FrameEvent): void {
    const target = this.tokens.get(token);
    if (target === undefined) throw new TaskDoesNotExist(token);
    this.finishTask(target.frameId);
    this.deliver(target.frameId, event);
  }

  /** A heartbeat for a task token of this run. */
  heartbeat(token: string): void {
    const target = this.tokens.get(token);
    const pending = target === undefined ? undefined : this.tasks.get(target.frameId);
    if (pending === undefined) throw new TaskDoesNotExist(token);
    this.armHeartbeat(pending);
  }

  private startChildren(effect: Extract<Effect, { type: 'startChildren' }>): void {
    const join: Join = {
      parentId: effect.frameId,
      pending: [...effect.children],
      results: [],
      total: effect.children.length,
      maxConcurrency: effect.maxConcurrency,
      tolerance: effect.tolerance,
      running: new Set(),
      done: false,
    };
    this.joins.set(effect.frameId, join);
    if (join.total === 0) {
      this.finishJoin(join);
      return;
    }
    this.fillJoin(join);
  }

  private fillJoin(join: Join): void {
    while (join.pending.length > 0 && (join.maxConcurrency === 0 || join.running.size < join.maxConcurrency)) {
      const child = join.pending.shift()!;
      join.running.add(child.id);
      this.frames.set(child.id, child);
      this.deliver(child.id, { type: 'start' });
    }
  }

  private completeFrame(frameId: string, outcome: import('../engine/types.js').Outcome): void {
    const frame = this.frames.get(frameId);
    if (frame === undefined) return;
    if (frame.kind === 'execution') {
      this.finish(
        outcome.status === 'SUCCEEDED'
          ? { status: 'SUCCEEDED', output: outcome.output }
          : { status: 'FAILED', error: outcome.error || undefined, cause: outcome.cause },
      );
      return;
    }
    this.dropSubtree(frameId, false);
    const parent = frame.parent;
    if (parent === undefined) return;
    const join = this.joins.get(parent.frameId);
    if (join === undefined || join.done) return;
    join.running.delete(frameId);
    join.results.push(
      outcome.status === 'SUCCEEDED'
        ? { index: parent.index, status: 'SUCCEEDED', output: outcome.output }
        : { index: parent.index, status: 'FAILED', error: outcome.error, cause: outcome.cause },
    );
    const failed = join.results.filter((r) => r.status === 'FAILED').length;
    if (exceedsTolerance(failed, join.total, join.tolerance) || join.results.length === join.total) {
      this.finishJoin(join);
      return;
    }
    this.fillJoin(join);
  }

  private finishJoin(join: Join): void {
    join.done = true;
    this.joins.delete(join.parentId);
    for (const id of join.running) {
      const child = this.frames.get(id);
      if (child?.kind === 'iteration' && child.parent !== undefined && child.detached !== true) {
        const parentFrame = this.frames.get(join.parentId);
        const eventId = this.nextId++;
        const event: HistoryEvent = {
          id: eventId,
          previousEventId: child.lastEventId,
          timestamp: new Date(this.clock.now()).toISOString(),
          type: 'MapIterationAborted',
          mapIterationAbortedEventDetails: { index: child.parent.index, name: child.parent.stateName },
        };
        if (parentFrame !== undefined) {
          this.history.push(event);
          this.options.onEvent?.(event, this.info);
        }
      }
      this.dropSubtree(id, true);
    }
    const results = [...join.results].sort((a, b) => a.index - b.index);
    this.deliver(join.parentId, { type: 'childrenDone', results });
  }

  /** Forgets a frame's descendants (and the frame itself when `self`), cancelling their tasks. */
  private dropSubtree(frameId: string, self: boolean): void {
    const prefix = `${frameId}/`;
    for (const id of [...this.frames.keys()]) {
      if ((self && id === frameId) || id.startsWith(prefix)) {
        this.finishTask(id);
        this.frames.delete(id);
        this.joins.delete(id);
      }
    }
  }

  private timeOut(): void {
    if (this.outcome !== undefined) return;
    const root = this.frames.get('root');
    const event: HistoryEvent = {
      id: this.nextId++,
      previousEventId: root?.lastEventId ?? 0,
      timestamp: new Date(this.clock.now()).toISOString(),
      type: 'ExecutionTimedOut',
      executionTimedOutEventDetails: { error: 'States.Timeout' },
    };
    this.history.push(event);
    this.options.onEvent?.(event, this.info);
    this.finish({ status: 'TIMED_OUT', error: 'States.Timeout', cause: undefined }, false);
  }

  private finish(outcome: Omit<ExecutionResult, 'history' | 'executionArn'>, _recorded = true): void {
    for (const id of [...this.tasks.keys()]) this.finishTask(id);
    this.outcome = { executionArn: this.info.executionArn, ...outcome, history: this.history };
    this.wake?.();
  }
}
