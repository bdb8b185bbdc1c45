/**
 * The interpreter's step function: `(program, frame, event) → (frame, history events, effects)`.
 *
 * A step runs every state it can finish without waiting — Pass, Choice, Succeed, Fail, zero-second
 * Waits, and the result processing of a finished Task, Parallel or Map — and stops at the first state
 * that must wait for the world (a task, a timer, child frames), returning what it wants done as
 * effects. It performs no I/O and reads no clock: time, ids and randomness come from `env`.
 * (JSONata evaluates asynchronously, which is the only reason this function returns a Promise.)
 */
import { errorOutputOf, StatesError, StatesErrors } from '../asl/errors.js';
import { JsonataEvaluationError } from '../asl/jsonata/index.js';
import type { Catcher, Retrier } from '../asl/model/index.js';
import { contextObject } from './context-object.js';
import { errorDetails, NOT_TRUNCATED, stateEnteredDetails, stateExitedDetails, toJsonText } from './history.js';
import {
  applyResultPathValue,
  assignJsonata,
  assignJsonPath,
  jsonataBindings,
  outputOf,
  withCause,
} from './io-processing.js';
import { keepShape } from './keep-shapes.js';
import { textExceedsPayloadLimit } from './payload-limit.js';
import { machineOf, type Program, type ProgramState, ROOT_MACHINE, stateOf } from './program.js';
import { findCatcher, findRetrier, retryDelayMs } from './retry.js';
import { resumeState, runState } from './states/index.js';
import {
  DONE_STAGE,
  type Effect,
  ENTER_STAGE,
  type ExecutionInfo,
  type Frame,
  type FrameEvent,
  type HistoryEvent,
  type MapRunEndEvent,
  type Outcome,
  type Stage,
  type StepEnv,
  type StepResult,
} from './types.js';

type MutableEvent = { -readonly [K in keyof HistoryEvent]: HistoryEvent[K] };

/**
 * Event constructors for the details members of the events every state records, one object literal
 * each: the details member then sits inside the event object, where adding it to a four-member event
 * would allocate a separate property store (~40 bytes more per event, and a Map iteration records four).
 */
const EVENT_WITH = {
  stateEnteredEventDetails: (id: number, previousEventId: number, timestamp: string, type: string, d: unknown) => ({
    id,
    previousEventId,
    timestamp,
    type,
    stateEnteredEventDetails: d,
  }),
  stateExitedEventDetails: (id: number, previousEventId: number, timestamp: string, type: string, d: unknown) => ({
    id,
    previousEventId,
    timestamp,
    type,
    stateExitedEventDetails: d,
  }),
  mapIterationStartedEventDetails: (
    id: number,
    previousEventId: number,
    timestamp: string,
    type: string,
    d: unknown,
  ) => ({ id, previousEventId, timestamp, type, mapIterationStartedEventDetails: d }),
  mapIterationSucceededEventDetails: (
    id: number,
    previousEventId: number,
    timestamp: string,
    type: string,
    d: unknown,
  ) => ({ id, previousEventId, timestamp, type, mapIterationSucceededEventDetails: d }),
  mapIterationFailedEventDetails: (
    id: number,
    previousEventId: number,
    timestamp: string,
    type: string,
    d: unknown,
  ) => ({ id, previousEventId, timestamp, type, mapIterationFailedEventDetails: d }),
} satisfies Record<string, (id: number, previous: number, timestamp: string, type: string, d: unknown) => HistoryEvent>;

/** The details members {@link Stepper.recordWith} records. */
type DetailsKey = keyof typeof EVENT_WITH;

let isoMillis = Number.NaN;
let isoText = '';

/** `millis` as ISO-8601, formatted once per distinct millisecond (a step stamps many events alike). */
function isoAt(millis: number): string {
  if (millis !== isoMillis) {
    isoMillis = millis;
    isoText = new Date(millis).toISOString();
  }
  return isoText;
}

/** How a state's handler ended. */
export type Transition =
  /** Exit the state with `output` and go to `next` (or end the frame when `next` is undefined). */
  | {
      readonly kind: 'exit';
      readonly output: unknown;
      readonly next: string | undefined;
      readonly assigned?: Record<string, unknown> | undefined;
    }
  /** The state is waiting; its handler set the stage and emitted the effects. */
  | { readonly kind: 'wait' }
  /** The frame failed (a Fail state, or an error no rule handled). */
  | { readonly kind: 'fail'; readonly error: string | undefined; readonly cause: string | undefined }
  /** The handler already moved the frame on (after a catch, or a retry timer). */
  | { readonly kind: 'handled' };

/** Options of a step. */
export interface StepOptions {
  /**
   * Most states to enter in one step before yielding with a `continue` effect; bounds the work of one
   * runtime step on a long Pass/Choice loop.
   * @default Infinity
   */
  readonly maxTransitions?: number;
  /**
   * The frame is the caller's own fresh object (a child frame built for this step), which the step
   * may change in place instead of copying it.
   * @default false
   */
  readonly ownsFrame?: boolean;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The working state of one step. Internal to the engine: state handlers use it. */
export class Stepper {
  readonly frame: Mutable<Frame>;
  readonly events: HistoryEvent[] = [];
  readonly effects: Effect[] = [];
  private readonly mapRunEnds: MapRunEndEvent[] = [];
  private readonly budget: number;
  private entered = 0;

  constructor(
    readonly program: Program,
    frame: Frame,
    readonly env: StepEnv,
    options: StepOptions,
  ) {
    this.frame = options.ownsFrame === true ? frame : { ...frame };
    this.budget = options.maxTransitions ?? Number.POSITIVE_INFINITY;
  }

  /** The execution this step belongs to. */
  get execution(): ExecutionInfo {
    return this.env.execution;
  }

  /** The state the frame is in. */
  current(): ProgramState {
    return stateOf(this.program, this.frame.machine, this.frame.state);
  }

  /**
   * Appends a history event with one details member (`key: details`, e.g.
   * `stateEnteredEventDetails`) after the frame's last one and returns its id.
   */
  recordWith(type: string, key: DetailsKey, details: unknown): number {
    const id = this.env.nextEventId();
    this.events.push(EVENT_WITH[key](id, this.frame.lastEventId, this.isoNow(), type, details));
    this.frame.lastEventId = id;
    return id;
  }

  /** Appends a history event after the frame's last one and returns its id. */
  record(type: string, details?: Record<string, unknown>): number {
    const event = this.append(type);
    // Copied key by key: a spread after other properties takes V8's slow path.
    if (details !== undefined) for (const key in details) event[key] = details[key];
    return event.id;
  }

  /**
   * Records the end of map run `mapRunArn` (`MapRunSucceeded`, or `MapRunFailed` with its details),
   * which the step's result names with its event ({@link StepResult.mapRunEnds}).
   */
  endMapRun(mapRunArn: string, type: 'MapRunSucceeded' | 'MapRunFailed'): void {
    const event = this.append(type);
    if (type === 'MapRunFailed') event.mapRunFailedEventDetails = {};
    this.mapRunEnds.push({ mapRunArn, event });
  }

  /** A new event with its id, link and time, appended after the frame's last one. */
  private append(type: string): MutableEvent {
    const id = this.env.nextEventId();
    const event: MutableEvent = { id, previousEventId: this.frame.lastEventId, timestamp: this.isoNow(), type };
    this.events.push(event);
    this.frame.lastEventId = id;
    return event;
  }

  private textOf: unknown;
  private text: string | undefined;

  /**
   * `value` as history events carry it, JSON text, serialised once: a state's output is also the
   * next state's input, and its text serves the payload limit, the exit event and the next entry.
   */
  jsonText(value: unknown): string {
    if (value !== this.textOf || this.text === undefined) {
      this.textOf = value;
      this.text = toJsonText(value);
    }
    return this.text;
  }

  /** The env's time as ISO-8601. */
  isoNow(): string {
    return isoAt(this.env.now());
  }

  /** Asks the runtime for something. */
  emit(effect: Effect): void {
    this.effects.push(effect);
  }

  /** Moves the frame to another stage of its current state. */
  setStage(stage: Stage): void {
    this.frame.stage = stage;
  }

  /** The Context object for the current state. */
  context(options: { taskToken?: string | undefined; retryCount?: boolean } = {}): Record<string, unknown> {
    return contextObject(this.execution, this.frame, options);
  }

  /** The result of the step. */
  result(): StepResult {
    const result = { frame: this.frame, events: this.events, effects: this.effects };
    return this.mapRunEnds.length === 0 ? result : { ...result, mapRunEnds: this.mapRunEnds };
  }

  /**
   * Enters states from the frame's current one until one must wait or the frame ends. Synchronous
   * while the states are (JSONPath states that need no task); from the first state that evaluates
   * JSONata it goes on asynchronously and returns a promise.
   */
  runFrom(): void | Promise<void> {
    while (this.frame.stage.name === 'enter') {
      if (this.entered >= this.budget) {
        this.emit({ type: 'continue', frameId: this.frame.id });
        return;
      }
      this.entered++;
      const ps = this.current();
      this.frame.enteredTime = this.isoNow();
      if (this.frame.detached === true && this.frame.startDate === undefined) {
        this.frame.startDate = this.frame.enteredTime;
      }
      this.frame.enteredEventId = this.recordWith(
        ps.enteredType,
        'stateEnteredEventDetails',
        stateEnteredDetails(ps.name, this.jsonText(this.frame.input)),
      );
      if (this.frame.retryCount !== 0 || this.frame.retryCounts.length !== 0) {
        this.frame.retryCounts = [];
        this.frame.retryCount = 0;
      }
      let ran: Transition | Promise<Transition>;
      try {
        ran = runState(this, ps);
      } catch (error) {
        ran = this.recover(ps, error);
      }
      if (ran instanceof Promise) return this.finishThenRun(ps, ran);
      this.apply(ps, ran);
    }
  }

  /** Waits for a state's asynchronous work, carries its transition out, and goes on entering states. */
  private async finishThenRun(ps: ProgramState, pending: Promise<Transition>): Promise<void> {
    let transition: Transition;
    try {
      transition = await pending;
    } catch (error) {
      transition = await this.recover(ps, error);
    }
    this.apply(ps, transition);
    await this.runFrom();
  }

  /** Runs a piece of a state's work, turning a thrown StatesError into the state's error handling. */
  async guard(ps: ProgramState, work: () => Transition | Promise<Transition>): Promise<void> {
    let transition: Transition;
    try {
      transition = await work();
    } catch (error) {
      transition = await this.recover(ps, error);
    }
    this.apply(ps, transition);
  }

  /** A StatesError a state raised, handed to its Retry and Catch rules; anything else is rethrown. */
  private async recover(ps: ProgramState, error: unknown): Promise<Transition> {
    if (!(error instanceof StatesError)) throw error;
    const failure = await this.withFinalIds(withCause(error, ps.name, this.frame.enteredEventId));
    this.recordEvaluationFailure(ps, error, failure);
    return this.handleError(ps, failure);
  }

  /**
   * The error with the id its cause quotes (`… entered at the event id #N …`) made final: the cause
   * may travel on, in a caught error's output or a child's result, before the step's ids are.
   */
  private async withFinalIds(error: StatesError): Promise<StatesError> {
    const entered = this.frame.enteredEventId;
    if (this.env.finalEventId === undefined || error.cause === undefined) return error;
    const quoted = new RegExp(`event id #${entered}(?!\\d)`, 'g');
    if (error.cause.search(quoted) < 0) return error;
    const final = await this.env.finalEventId(entered);
    if (final === entered) return error;
    return new StatesError(error.error, error.cause.replace(quoted, `event id #${final}`));
  }

  /** Carries a transition out: exit to the next state, end or fail the frame, or nothing. */
  apply(ps: ProgramState, transition: Transition): void {
    switch (transition.kind) {
      case 'exit': {
        const text = this.jsonText(transition.output);
        if (textExceedsPayloadLimit(text, this.env.maxPayloadBytes)) {
          const error = new StatesError(
            StatesErrors.DataLimitExceeded,
            `The state/task '${ps.name}' returned a result with a size exceeding the maximum number of bytes service limit.`,
          );
          this.complete({ status: 'FAILED', error: error.error, cause: error.cause });
          return;
        }
        this.recordWith(
          ps.exitedType,
          'stateExitedEventDetails',
          stateExitedDetails(ps.name, text, transition.assigned),
        );
        if (transition.next === undefined) {
          this.complete({ status: 'SUCCEEDED', output: transition.output });
        } else {
          this.moveTo(transition.next, transition.output);
        }
        return;
      }
      case 'fail':
        this.complete({ status: 'FAILED', error: transition.error ?? '', cause: transition.cause });
        return;
      case 'wait':
      case 'handled':
        return;
      default: {
        const never: never = transition;
        throw new Error(`unknown transition ${JSON.stringify(never)}`);
      }
    }
  }

  /** Moves the frame to the start of another state. */
  moveTo(next: string, input: unknown): void {
    this.frame.state = next;
    this.frame.input = input;
    this.frame.stage = ENTER_STAGE;
    this.frame.transitions += 1;
  }

  /** Ends the frame: records how, and tells the runtime. */
  complete(outcome: Outcome): void {
    this.frame.stage = DONE_STAGE;
    this.frame.outcome = outcome;
    const frame = this.frame;
    if (frame.kind === 'execution' || frame.detached === true) {
      if (outcome.status === 'SUCCEEDED') {
        this.record('ExecutionSucceeded', {
          executionSucceededEventDetails: { output: this.jsonText(outcome.output), outputDetails: NOT_TRUNCATED },
        });
      } else {
        this.record('ExecutionFailed', {
          executionFailedEventDetails: errorDetails(outcome.error || undefined, outcome.cause),
        });
      }
    } else if (frame.kind === 'iteration' && frame.parent !== undefined) {
      const details = this.iterationDetails(frame.parent);
      if (outcome.status === 'SUCCEEDED')
        this.recordWith('MapIterationSucceeded', 'mapIterationSucceededEventDetails', details);
      else this.recordWith('MapIterationFailed', 'mapIterationFailedEventDetails', details);
    }
    this.emit({ type: 'complete', frameId: frame.id, outcome });
  }

  /**
   * Applies the state's Retry and Catch rules to an error. `States.Runtime` is never retried or
   * caught. Returns how the state ends (a retry or a catch has already moved the frame).
   */
  async handleError(ps: ProgramState, error: StatesError, payload?: unknown): Promise<Transition> {
    const state = ps.state;
    const retry: readonly Retrier[] | undefined = 'Retry' in state ? state.Retry : undefined;
    const catchers: readonly Catcher[] | undefined = 'Catch' in state ? state.Catch : undefined;
    if (error.error !== StatesErrors.Runtime) {
      const found = findRetrier(retry, error.error);
      if (found !== undefined) {
        const counts = [...this.frame.retryCounts];
        const attempts = counts[found.index] ?? 0;
        if (attempts < found.retrier.MaxAttempts) {
          counts[found.index] = attempts + 1;
          this.frame.retryCounts = counts;
          this.frame.retryCount += 1;
          const delay = retryDelayMs(found.retrier, attempts, () => this.env.random());
          this.setStage({ name: 'retry', payload });
          this.emit({ type: 'startTimer', frameId: this.frame.id, dueAt: this.env.now() + delay, purpose: 'retry' });
          return { kind: 'handled' };
        }
      }
      const catcher = findCatcher(catchers, error.error);
      if (catcher !== undefined) return this.applyCatcher(ps, catcher, error);
    }
    this.recordStateFailure(ps, error);
    return { kind: 'fail', error: error.error, cause: error.cause };
  }

  /**
   * A `States.QueryEvaluationError` (a JSONata expression that failed, a JSONata Map's input that is
   * not an array) is recorded as an `EvaluationFailed` event, naming the field when there is one,
   * before the state's failure.
   */
  private recordEvaluationFailure(ps: ProgramState, raw: StatesError, failure: StatesError): void {
    if (raw.error !== StatesErrors.QueryEvaluationError) return;
    const details: Record<string, unknown> = { error: failure.error, cause: failure.cause, state: ps.name };
    if (raw instanceof JsonataEvaluationError && raw.location !== undefined) {
      details.location = raw.location.split('/')[0];
    }
    this.record('EvaluationFailed', { evaluationFailedEventDetails: details });
  }

  /**
   * The events of a state that fails for good: a Parallel or Map whose children failed, or whose
   * expression failed, or a Map whose items could not be read, records `…StateFailed`; a state still in progress in a Parallel branch is
   * aborted with the branch.
   */
  private recordStateFailure(ps: ProgramState, error: StatesError): void {
    const type = ps.state.Type;
    if (
      (type === 'Parallel' || type === 'Map') &&
      (this.frame.stage.name === 'children' ||
        // A Map reading its items with an ItemReader.
        (type === 'Map' && this.frame.stage.name === 'task') ||
        error.error === StatesErrors.QueryEvaluationError)
    ) {
      this.record(`${type}StateFailed`);
    }
    if (this.frame.kind === 'branch' && (type === 'Task' || type === 'Parallel' || type === 'Map' || type === 'Wait')) {
      this.record(`${type}StateAborted`);
    }
  }

  private async applyCatcher(ps: ProgramState, catcher: Catcher, error: StatesError): Promise<Transition> {
    const errorOutput = errorOutputOf(error);
    const input = this.frame.input;
    let output: unknown;
    let assigned: Record<string, unknown> | undefined;
    try {
      if (ps.language === 'JSONata') {
        const bindings = jsonataBindings(this, { input, errorOutput });
        [output, assigned] = await Promise.all([
          catcher.Output === undefined ? errorOutput : outputOf(this, catcher.Output, bindings),
          catcher.Assign === undefined ? undefined : assignJsonata(this, catcher.Assign, bindings),
        ]);
      } else {
        assigned = catcher.Assign === undefined ? undefined : assignJsonPath(this, catcher.Assign, errorOutput);
        output = applyResultPathValue(input, errorOutput, catcher.ResultPath);
      }
    } catch (failure) {
      if (!(failure instanceof StatesError)) throw failure;
      const wrapped = await this.withFinalIds(withCause(failure, ps.name, this.frame.enteredEventId));
      this.recordEvaluationFailure(ps, failure, wrapped);
      return { kind: 'fail', error: wrapped.error, cause: wrapped.cause };
    }
    this.commitVariables(assigned);
    this.recordWith(
      ps.exitedType,
      'stateExitedEventDetails',
      stateExitedDetails(ps.name, this.jsonText(output), assigned),
    );
    this.moveTo(catcher.Next, output);
    return { kind: 'handled' };
  }

  private iterationDetailsCache: { index: number; name: string } | undefined;

  /**
   * `{ index, name }` of a Map iteration's events, made once per step: its start and its end carry
   * the same details (events are never mutated).
   */
  iterationDetails(parent: NonNullable<Frame['parent']>): { index: number; name: string } {
    this.iterationDetailsCache ??= { index: parent.index, name: parent.stateName };
    return this.iterationDetailsCache;
  }

  /** Makes assigned variables visible to the states that follow. */
  commitVariables(assigned: Record<string, unknown> | undefined): void {
    if (assigned === undefined || Object.keys(assigned).length === 0) return;
    this.frame.variables = { ...this.frame.variables, ...assigned };
  }
}

keepShape(new Stepper({} as Program, {} as Frame, {} as StepEnv, {}));

/**
 * The top-level frame of a new execution, before its first state, and its `ExecutionStarted` event
 * (id 1).
 */
export function startFrame(
  program: Program,
  execution: ExecutionInfo,
  inputText: string = toJsonText(execution.input),
): { frame: Frame; events: HistoryEvent[] } {
  const frame: Frame = {
    id: 'root',
    kind: 'execution',
    machine: ROOT_MACHINE,
    state: machineOf(program, ROOT_MACHINE).startAt,
    stage: ENTER_STAGE,
    input: execution.input,
    variables: {},
    enteredTime: execution.startTime,
    enteredEventId: 0,
    // As in Step Functions, the first state's events do not point back at ExecutionStarted.
    lastEventId: 0,
    retryCounts: [],
    retryCount: 0,
    transitions: 0,
  };
  const started: HistoryEvent = {
    id: 1,
    previousEventId: 0,
    timestamp: execution.startTime,
    type: 'ExecutionStarted',
    executionStartedEventDetails: {
      input: inputText,
      inputDetails: NOT_TRUNCATED,
      roleArn: execution.roleArn,
      stateMachineArn: execution.stateMachineArn,
    },
  };
  return { frame, events: [started] };
}

/**
 * Starts an execution: the top-level frame, its `ExecutionStarted` event, and every state up to the
 * first that must wait.
 */
export async function startExecution(program: Program, env: StepEnv, options: StepOptions = {}): Promise<StepResult> {
  const { frame, events } = startFrame(program, env.execution);
  const stepper = new Stepper(program, frame, env, options);
  // The same ExecutionStarted event, numbered by the env like every other.
  const { id: _id, previousEventId: _previous, timestamp: _timestamp, type, ...details } = events[0]!;
  stepper.record(type, details);
  await stepper.runFrom();
  return stepper.result();
}

/** Advances a frame by one event. */
export async function step(
  program: Program,
  frame: Frame,
  event: FrameEvent,
  env: StepEnv,
  options: StepOptions = {},
): Promise<StepResult> {
  return stepNow(program, frame, event, env, options);
}

/**
 * {@link step}, returning its result directly when the step needed no asynchronous work (no JSONata,
 * which is the only thing the interpreter awaits): a runtime stepping thousands of small frames — a
 * Map's iterations run inline — then pays for no promise per frame.
 */
export function stepNow(
  program: Program,
  frame: Frame,
  event: FrameEvent,
  env: StepEnv,
  options: StepOptions = {},
): StepResult | Promise<StepResult> {
  const stepper = new Stepper(program, frame, env, options);
  let pending: void | Promise<void>;
  switch (event.type) {
    case 'start':
      if (frame.detached === true) {
        // A distributed Map's iteration is a child execution: its history starts as an execution's.
        stepper.record('ExecutionStarted', {
          executionStartedEventDetails: {
            input: stepper.jsonText(frame.input),
            inputDetails: NOT_TRUNCATED,
            roleArn: env.execution.roleArn,
          },
        });
        // As in Step Functions, the first state's events do not point back at ExecutionStarted.
        stepper.frame.lastEventId = 0;
      } else if (frame.kind === 'iteration' && frame.parent !== undefined) {
        stepper.recordWith(
          'MapIterationStarted',
          'mapIterationStartedEventDetails',
          stepper.iterationDetails(frame.parent),
        );
      }
      pending = stepper.runFrom();
      break;
    case 'continue':
      pending = stepper.runFrom();
      break;
    default: {
      const ps = stepper.current();
      pending = stepper.guard(ps, () => resumeState(stepper, ps, event)).then(() => stepper.runFrom());
    }
  }
  return pending === undefined ? stepper.result() : pending.then(() => stepper.result());
}
