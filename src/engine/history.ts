/**
 * History events in `GetExecutionHistory`'s shape, one constructor per detail kind.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html
 */
import type { StateType } from '../asl/model/index.js';

/** `{ truncated: false }`: payloads are never truncated here (they are capped at 256 KiB instead). */
export const NOT_TRUNCATED = Object.freeze({ truncated: false });

/** Serialises a payload as history events carry it: a JSON string. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value);
}

/** The `…StateEntered` event type of a state type, e.g. `TaskStateEntered`. */
export function enteredType(type: StateType): string {
  return `${type}StateEntered`;
}

/** The `…StateExited` event type of a state type, e.g. `PassStateExited`. */
export function exitedType(type: StateType): string {
  return `${type}StateExited`;
}

/** `stateEnteredEventDetails` of a `…StateEntered` event, given its input as JSON text. */
export function stateEnteredDetails(name: string, inputText: string) {
  return { name, input: inputText, inputDetails: NOT_TRUNCATED };
}

/**
 * `stateExitedEventDetails` of a `…StateExited` event, given its output as JSON text, with the
 * variables the state assigned, if any.
 */
export function stateExitedDetails(
  name: string,
  text: string,
  assigned?: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  if (assigned === undefined || Object.keys(assigned).length === 0) {
    return { name, output: text, outputDetails: NOT_TRUNCATED };
  }
  return {
    name,
    output: text,
    outputDetails: NOT_TRUNCATED,
    assignedVariables: Object.fromEntries(Object.entries(assigned).map(([k, v]) => [k, toJsonText(v)])),
    assignedVariablesDetails: NOT_TRUNCATED,
  };
}

/** `{ error, cause }` with `cause` left out when absent, as AWS omits it. */
export function errorDetails(error: string | undefined, cause: string | undefined): Record<string, string> {
  const details: Record<string, string> = {};
  if (error !== undefined) details.error = error;
  if (cause !== undefined) details.cause = cause;
  return details;
}
