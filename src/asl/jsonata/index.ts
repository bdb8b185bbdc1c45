/**
 * JSONata for ASL: `"QueryLanguage": "JSONata"` states hold `{% expression %}` strings in
 * `Arguments`, `Output`, `Assign`, `Condition`, `Items`, `ItemSelector`, `TimeoutSeconds`,
 * `HeartbeatSeconds`, `Seconds`, `Timestamp`, `Error`, `Cause`, `MaxConcurrency`,
 * `ToleratedFailureCount`, `ToleratedFailurePercentage`, `Credentials`…, evaluated with the
 * `jsonata` package (2.0.6, the version AWS implements) plus the functions Step Functions adds.
 *
 * How the interpreter uses it, per field (AWS's rules, recorded cases named in the tests):
 * - templates (`Arguments`, `Output`, `Assign`, `ItemSelector`, `Items` given as an array):
 *   `resolveJsonataTemplate(value, bindings, env, { field: 'Output', state })`;
 * - single-valued fields: `evaluateJsonata(text, bindings, env, { field, state, expect })` with
 *   `expect: 'boolean'` for `Condition`, `'array'` for `Items`, `'integer'` for `Seconds`,
 *   `TimeoutSeconds`, `HeartbeatSeconds`, `MaxConcurrency`, `ToleratedFailureCount`, `'number'`
 *   for `ToleratedFailurePercentage`, `'string'` for `Timestamp`, `Error`, `Cause`;
 * - any expression returning nothing fails the state (`… returned nothing (undefined).`), in every field;
 * - the failure is a `JsonataEvaluationError` (`States.QueryEvaluationError`, catchable and
 *   retryable); its `location` is the `location` of the `EvaluationFailed` history event.
 *
 * For validation: `checkJsonata` (AWS's `INVALID_JSONATA_EXPRESSION` message), `diagnoseJsonata`
 * (with the position) and `findTopLevelReferences` (AWS's `UNSUPPORTED_JSONATA_EXPRESSION`).
 * Restrictions AWS applies and this module reproduces: `$eval` is disabled (`T1006`); evaluation
 * depth, value size and (as a step budget, not a clock) run time are bounded (`JSONATA_MAX_*`);
 * `$now`, `$millis`, `$random`, `$shuffle` and `$uuid` draw only from the injected `JsonataEnv`.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */

export {
  formatQueryEvaluationCause,
  isJsonataEvaluationError,
  JsonataEvaluationError,
  type JsonataFailureReason,
  thrownErrorReason,
  UNDEFINED_RESULT_REASON,
  UNSUPPORTED_RESULT_REASON,
  unexpectedTypeReason,
} from './cause.js';
export {
  type CompiledJsonata,
  checkJsonata,
  compileJsonata,
  diagnoseJsonata,
  JSONATA_CACHE_SIZE,
  type JsonataSyntaxError,
} from './compile.js';
export { evaluateJsonata, matchesResultType } from './evaluate.js';
export { isJsonataExpression, jsonataBody } from './expression.js';
export {
  JSONATA_MAX_DEPTH,
  JSONATA_MAX_STEPS,
  JSONATA_MAX_VALUE_BYTES,
} from './limits.js';
export { findTopLevelReferences } from './references.js';
export { jsonTypeName } from './result.js';
export { childField, resolveJsonataTemplate } from './template.js';
export type {
  JsonataBindings,
  JsonataEnv,
  JsonataEvaluationOptions,
  JsonataLocation,
  JsonataResultType,
} from './types.js';
