/**
 * Error names and the error value that the interpreter raises, as Amazon States Language defines them.
 *
 * @see https://states-language.net/spec.html#appendix-a
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */

/** The predefined `States.*` error names. */
export const StatesErrors = {
  ALL: 'States.ALL',
  HeartbeatTimeout: 'States.HeartbeatTimeout',
  Timeout: 'States.Timeout',
  TaskFailed: 'States.TaskFailed',
  Permissions: 'States.Permissions',
  ResultPathMatchFailure: 'States.ResultPathMatchFailure',
  ParameterPathFailure: 'States.ParameterPathFailure',
  QueryEvaluationError: 'States.QueryEvaluationError',
  BranchFailed: 'States.BranchFailed',
  NoChoiceMatched: 'States.NoChoiceMatched',
  IntrinsicFailure: 'States.IntrinsicFailure',
  ExceedToleratedFailureThreshold: 'States.ExceedToleratedFailureThreshold',
  ItemReaderFailed: 'States.ItemReaderFailed',
  ResultWriterFailed: 'States.ResultWriterFailed',
  DataLimitExceeded: 'States.DataLimitExceeded',
  Runtime: 'States.Runtime',
} as const;

/** One of the predefined `States.*` error names. */
export type StatesErrorName = (typeof StatesErrors)[keyof typeof StatesErrors];

/**
 * A failure raised while interpreting a state: an ASL error name and a human-readable cause.
 * The interpreter turns it into a `...Failed` history event and hands it to the state's Retry and
 * Catch rules, exactly as Step Functions does.
 *
 * @example
 * throw new StatesError(StatesErrors.Runtime, "The JSONPath '$.missing' could not be found in the input '{}'");
 */
export class StatesError extends Error {
  /** The ASL error name, e.g. `States.Runtime` or a task's own error type. */
  readonly error: string;
  /** The cause, as Step Functions reports it (often a JSON document for task errors). */
  override readonly cause: string | undefined;

  constructor(error: string, cause?: string) {
    super(cause === undefined ? error : `${error}: ${cause}`);
    this.name = 'StatesError';
    this.error = error;
    this.cause = cause;
  }
}

/** True when `value` is a {@link StatesError}. */
export function isStatesError(value: unknown): value is StatesError {
  return value instanceof StatesError;
}

/**
 * The error output a `Catch` hands on (at `ResultPath`, or as `$states.errorOutput`): always both
 * members, `Cause` an empty string when the error has none — a `States.Timeout` carries no cause,
 * and AWS still binds `"Cause": ""` (LocalStack's `execute_state.py`, written against AWS snapshots:
 * "If no cause or error fields are given, AWS binds an empty string").
 *
 * A task-token failure sent with no error (SendTaskFailure without `error`) is the exception: AWS's
 * error output then has `"Error": null`, and `"Cause": null` unless a cause was sent (recorded in the
 * services corpus's callback cases).
 *
 * @example
 * errorOutputOf(new StatesError(StatesErrors.Timeout)); // { Error: 'States.Timeout', Cause: '' }
 */
export function errorOutputOf(error: StatesError): { Error: string | null; Cause: string | null } {
  if (error.error === '') return { Error: null, Cause: error.cause ?? null };
  return { Error: error.error, Cause: error.cause ?? '' };
}
