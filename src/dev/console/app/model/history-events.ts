/**
 * History events as `GetExecutionHistory` returns them, and what the console reads from each: the
 * details member, the state it names, its error and cause. Event types and detail members are Step
 * Functions' own.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html
 */

/** One event of `GetExecutionHistory` (dates as epoch seconds, as the JSON protocol sends them). */
export interface HistoryEvent {
  readonly id: number;
  readonly previousEventId?: number;
  readonly timestamp: number;
  readonly type: string;
  readonly [details: string]: unknown;
}

/** An event's `…EventDetails` member (`{}` when it has none). */
export function details(event: HistoryEvent): Readonly<Record<string, unknown>> {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventDetails') && value !== null && typeof value === 'object')
      return value as Record<string, unknown>;
  }
  return {};
}

/** The error and cause an event reports, if it reports one (task failures, state and execution failures). */
export function failureOf(event: HistoryEvent): { error: string; cause: string } | undefined {
  const d = details(event);
  if (d.error === undefined && d.cause === undefined) return undefined;
  return { error: typeof d.error === 'string' ? d.error : '', cause: typeof d.cause === 'string' ? d.cause : '' };
}

/** `TaskStateEntered` → `Task`; undefined for other events. */
export function enteredStateType(event: HistoryEvent): string | undefined {
  return /^(\w+)StateEntered$/.exec(event.type)?.[1];
}

/** Whether an event ends a state (`TaskStateExited`, …). */
export function isStateExited(event: HistoryEvent): boolean {
  return /^\w+StateExited$/.test(event.type);
}

/** The events that begin one attempt of a task. */
export const ATTEMPT_STARTS: ReadonlySet<string> = new Set([
  'TaskScheduled',
  'LambdaFunctionScheduled',
  'ActivityScheduled',
  'ParallelStateStarted',
  'MapStateStarted',
]);

/** The events that end an execution. */
export const EXECUTION_ENDS: ReadonlySet<string> = new Set([
  'ExecutionSucceeded',
  'ExecutionFailed',
  'ExecutionTimedOut',
  'ExecutionAborted',
]);

/** Events that belong to the Parallel state around the event they follow. */
export const PARALLEL_EVENTS: ReadonlySet<string> = new Set([
  'ParallelStateStarted',
  'ParallelStateSucceeded',
  'ParallelStateFailed',
  'ParallelStateAborted',
  'ParallelStateExited',
]);

/** Events that belong to the Map state around the event they follow. */
export const MAP_EVENTS: ReadonlySet<string> = new Set([
  'MapStateStarted',
  'MapStateSucceeded',
  'MapStateFailed',
  'MapStateAborted',
  'MapStateExited',
  'MapIterationStarted',
]);

/** Events that end one Map iteration. */
export const ITERATION_ENDS: ReadonlySet<string> = new Set([
  'MapIterationSucceeded',
  'MapIterationFailed',
  'MapIterationAborted',
]);

/** Milliseconds since the epoch of an event's timestamp. */
export function timeOf(event: HistoryEvent): number {
  return Math.round(event.timestamp * 1000);
}
