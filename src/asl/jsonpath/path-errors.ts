/**
 * The errors AWS raises when a path selects nothing, per field. The interpreter prefixes each cause
 * with "An error occurred while executing the state '…' (entered at the event id #…). ".
 *
 * Observed on AWS (recorded cases):
 * - `InputPath`, `OutputPath`: "Invalid path '$.NoSuchOutputPath' : No results for path:
 *   $['NoSuchOutputPath']", "Invalid path '$.no.such.result.path' : Missing property in path $['no']";
 * - a payload template key, `ErrorPath`, `CausePath`: "The JSONPath '$.ErrorX' specified for the
 *   field 'ErrorPath' could not be found in the input '{"int-literal":0}'";
 * - `SecondsPath`: "The SecondsPath parameter does not reference an input value: $.input.waitSeconds";
 * - `TimeoutSecondsPath`, `HeartbeatSecondsPath`: as `InputPath` (LocalStack's `timeout.py`, written
 *   against AWS's INVALID_JSONPATH_IN_TIMEOUTSECONDSPATH recording).
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */
import { StatesError, StatesErrors } from '../errors.js';
import { explainMiss, NOT_FOUND } from './evaluate.js';
import { compileExpression } from './expression.js';
import { compactJson } from './json-text.js';
import { JsonPathSyntaxError } from './parser.js';
import { documentOf, type PathScope } from './scope.js';

/**
 * The Jayway explanation AWS appends to "Invalid path '…' : ", for a path that selects nothing in
 * the scope.
 *
 * @example
 * invalidPathCause('$.no.such.path', { input: {}, context: {}, variables: {} });
 * // "Invalid path '$.no.such.path' : Missing property in path $['no']"
 */
export function invalidPathCause(path: string, scope: PathScope): string {
  return `Invalid path '${path}' : ${explainPath(path, scope)}`;
}

function explainPath(path: string, scope: PathScope): string {
  try {
    const expression = compileExpression(path);
    const document = documentOf(expression, scope);
    if (document === NOT_FOUND) return `No results for path: ${path}`;
    return explainMiss(expression.path, document) ?? `No results for path: ${expression.path.normalized}`;
  } catch (error) {
    if (error instanceof JsonPathSyntaxError) return error.message;
    throw error;
  }
}

/**
 * The cause for a path in a payload template (or `ErrorPath`, `CausePath`, …) that selects
 * nothing: the field is the key as written (`"value.$"`), the input the state's input as compact
 * JSON.
 *
 * @example
 * notFoundInInputCause('$.no_such_jsonpath', 'value.$', { 'int-literal': 0 });
 * // "The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{\"int-literal\":0}'"
 */
export function notFoundInInputCause(path: string, field: string, input: unknown): string {
  return `The JSONPath '${path}' specified for the field '${field}' could not be found in the input '${compactJson(input)}'`;
}

/**
 * The `States.Runtime` error AWS raises when the path of `field` selects nothing:
 *
 * - `InputPath`, `OutputPath`, `TimeoutSecondsPath`, `HeartbeatSecondsPath`: "Invalid path '<path>' :
 *   <Jayway's explanation>" (the last two as LocalStack's `timeout.py` and `heartbeat.py` word them,
 *   from AWS-recorded INVALID_JSONPATH_IN_TIMEOUTSECONDSPATH/…HEARTBEATSECONDSPATH);
 * - `SecondsPath`, `TimestampPath`: "The <field> parameter does not reference an input value: <path>";
 * - any other field (a `"key.$"` of a payload template, `ErrorPath`, `CausePath`, `ItemsPath`,
 *   `MaxConcurrencyPath`, …): "The JSONPath '<path>' specified for the field '<field>' could not
 *   be found in the input '<input as compact JSON>'".
 *
 * @param field The field as written in the definition, e.g. `OutputPath` or `"value.$"`.
 * @param scope What the path was evaluated against (its input is the one AWS prints).
 * @example
 * throw pathNotFoundError('OutputPath', '$.NoSuchOutputPath', scope);
 */
export function pathNotFoundError(field: string, path: string, scope: PathScope): StatesError {
  switch (field) {
    case 'InputPath':
    case 'OutputPath':
    case 'TimeoutSecondsPath':
    case 'HeartbeatSecondsPath':
      return new StatesError(StatesErrors.Runtime, invalidPathCause(path, scope));
    case 'SecondsPath':
    case 'TimestampPath':
      return new StatesError(StatesErrors.Runtime, `The ${field} parameter does not reference an input value: ${path}`);
    default:
      return new StatesError(StatesErrors.Runtime, notFoundInInputCause(path, field, scope.input));
  }
}

/**
 * The cause AWS reports when a payload template applies a path to a `null` input.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html
 */
export const NULL_INPUT_CAUSE = 'Unable to apply Path transformation to null or empty input.';
