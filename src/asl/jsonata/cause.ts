/**
 * The `States.QueryEvaluationError` a failed JSONata expression raises, with AWS's cause text.
 *
 * AWS's cause has up to three parts, e.g. (v2_assign … BASE_UNDEFINED_OUTPUT_FIELD):
 *
 * `An error occurred while executing the state 'State0' (entered at the event id #2). ` (state)
 * `The JSONata expression '$doesNotExist' specified for the field 'Output/result' ` (expression, field)
 * `returned nothing (undefined).` (reason)
 *
 * The reasons AWS writes:
 * - `returned nothing (undefined).`
 * - `returned an unexpected result type. Expected 'array', but was 'number' for value: 1`
 * - `threw an error during evaluation. T1006: Attempted to invoke a non-function` (a JSONata error with a code)
 * - `threw an error during evaluation: Expression evaluation memory limit exceeded: …` (an error without a code)
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */

import { StatesError, StatesErrors } from '../errors.js';
import type { JsonataLocation } from './types.js';

/** The part of AWS's cause that says what went wrong, e.g. `returned nothing (undefined).`. */
export type JsonataFailureReason = string;

/** AWS's reason when an expression evaluates to nothing. */
export const UNDEFINED_RESULT_REASON: JsonataFailureReason = 'returned nothing (undefined).';

/**
 * AWS's reason when a result has the wrong JSON type for its field (`Items` must be an array).
 *
 * @example
 * unexpectedTypeReason('array', 'object', { foo: 'bar' });
 * // "returned an unexpected result type. Expected 'array', but was 'object' for value: {\"foo\":\"bar\"}"
 */
export function unexpectedTypeReason(expected: string, actual: string, value: unknown): JsonataFailureReason {
  return `returned an unexpected result type. Expected '${expected}', but was '${actual}' for value: ${JSON.stringify(value)}`;
}

/**
 * The reason for a result JSON cannot hold (a function). AWS words the field of this one without
 * "specified": "The JSONata expression '$fn := function($x){$x}' for the field 'Items' returned an
 * unsupported result type." (LocalStack's `items.py`, beside its AWS-only test of a function-valued
 * `Items`).
 */
export const UNSUPPORTED_RESULT_REASON: JsonataFailureReason = 'returned an unsupported result type.';

/**
 * AWS's reason for an error thrown while evaluating: `. CODE: message` after a JSONata error
 * with a code, `: message` after one without.
 */
export function thrownErrorReason(code: string | undefined, message: string): JsonataFailureReason {
  return code === undefined
    ? `threw an error during evaluation: ${message}`
    : `threw an error during evaluation. ${code}: ${message}`;
}

/**
 * The full cause text: the optional state sentence, the expression and its field, the reason.
 *
 * @example
 * formatQueryEvaluationCause('$x', UNDEFINED_RESULT_REASON, { field: 'Assign/result', state: { name: 'State0', enteredEventId: 2 } });
 * // "An error occurred while executing the state 'State0' (entered at the event id #2). The JSONata expression '$x' specified for the field 'Assign/result' returned nothing (undefined)."
 */
export function formatQueryEvaluationCause(
  expression: string,
  reason: JsonataFailureReason,
  location: JsonataLocation = {},
): string {
  const state =
    location.state === undefined
      ? ''
      : `An error occurred while executing the state '${location.state.name}' (entered at the event id #${location.state.enteredEventId}). `;
  const specified = reason === UNSUPPORTED_RESULT_REASON ? '' : ' specified';
  const field = location.field === undefined ? '' : `${specified} for the field '${location.field}'`;
  return `${state}The JSONata expression '${expression}'${field} ${reason}`;
}

/**
 * A failed JSONata expression: `States.QueryEvaluationError` with AWS's cause, plus the parts
 * of that cause, so that the interpreter can write the `EvaluationFailed` history event
 * (`location` is its `location` field) or add the state sentence afterwards with {@link withState}.
 */
export class JsonataEvaluationError extends StatesError {
  /** The expression without its `{% %}` delimiters, as the cause quotes it. */
  readonly expression: string;
  /** The field path, e.g. `Output/result`; `undefined` when the caller gave none. */
  readonly location: string | undefined;
  /** What went wrong, e.g. `returned nothing (undefined).`. */
  readonly reason: JsonataFailureReason;
  /** The state sentence's parts, when the cause carries it. */
  readonly state: JsonataLocation['state'];

  constructor(expression: string, reason: JsonataFailureReason, where: JsonataLocation = {}) {
    super(StatesErrors.QueryEvaluationError, formatQueryEvaluationCause(expression, reason, where));
    this.name = 'JsonataEvaluationError';
    this.expression = expression;
    this.location = where.field;
    this.reason = reason;
    this.state = where.state;
  }

  /**
   * The same failure with AWS's opening sentence naming the state and its entered event.
   *
   * @example
   * err.withState('State0', 2).cause; // "An error occurred while executing the state 'State0' (entered at the event id #2). The JSONata …"
   */
  withState(name: string, enteredEventId: number): JsonataEvaluationError {
    return new JsonataEvaluationError(this.expression, this.reason, {
      field: this.location,
      state: { name, enteredEventId },
    });
  }
}

/** True when `value` is a {@link JsonataEvaluationError}. */
export function isJsonataEvaluationError(value: unknown): value is JsonataEvaluationError {
  return value instanceof JsonataEvaluationError;
}
