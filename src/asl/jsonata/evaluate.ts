/**
 * Evaluating one `{% … %}` string with `$states`, the workflow variables and Step Functions'
 * JSONata functions bound, and applying AWS's rules to the result.
 *
 * What AWS does with a result, per field (recorded cases named in the tests):
 * - nothing (`undefined`), in any field: the state fails, `States.QueryEvaluationError`,
 *   `… returned nothing (undefined).` A template key is never silently dropped;
 * - the wrong JSON type for the field (`Items` not an array): `… returned an unexpected result
 *   type. Expected 'array', but was 'number' for value: 1`. Pass `expect` to have it checked;
 *   ranges (`TimeoutSeconds` > 0, `ToleratedFailurePercentage` ≤ 100) are the interpreter's to check;
 * - an error thrown while evaluating: `… threw an error during evaluation. T1006: …`.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */

import {
  JsonataEvaluationError,
  thrownErrorReason,
  UNDEFINED_RESULT_REASON,
  UNSUPPORTED_RESULT_REASON,
  unexpectedTypeReason,
} from './cause.js';
import { compileJsonata } from './compile.js';
import { jsonataBody } from './expression.js';
import { stepFunctionsFunctions } from './functions/index.js';
import { EvaluationBudget, JSONATA_EVALUATION_KEY } from './limits.js';
import { jsonTypeName, toJsonValue, UnsupportedJsonataResult } from './result.js';
import type { JsonataBindings, JsonataEnv, JsonataEvaluationOptions, JsonataResultType } from './types.js';

/** The code and message of something jsonata threw. */
function describeThrown(err: unknown): { code: string | undefined; message: string } {
  if (typeof err === 'object' && err !== null) {
    const record = err as Record<string, unknown>;
    const code = typeof record.code === 'string' ? record.code : undefined;
    const message = typeof record.message === 'string' ? record.message : String(err);
    return { code, message };
  }
  return { code: undefined, message: String(err) };
}

/** True when `value` has the JSON type a field requires. */
export function matchesResultType(value: unknown, expected: JsonataResultType): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    default: {
      const unreachable: never = expected;
      return unreachable;
    }
  }
}

/**
 * Evaluates one `{% … %}` string. `$states` and every workflow variable are bound by name
 * (`$states` last, so a variable cannot hide it; a variable may shadow an added function such as
 * `$uuid`). `$now()`/`$millis()` return `env.now()`, read once per evaluation; `$uuid()` and an
 * unseeded `$random()` draw from `env`.
 *
 * The result is plain JSON (see `toJsonValue`): never `undefined`, never a function.
 *
 * @param text the whole field value, delimiters included, e.g. `'{% $states.input.items %}'`
 * @param options where the expression sits (named in the cause) and the type its field requires
 * @throws JsonataEvaluationError (a `StatesError`, `States.QueryEvaluationError`) as AWS fails the state
 * @throws Error when `text` is not a `{% … %}` string (a caller bug, not a workflow failure)
 *
 * @example
 * await evaluateJsonata('{% $sum($states.input.values) + $bonus %}', { states: { input: { values: [1, 2, 3] }, context: {} }, variables: { bonus: 1 } }, env);
 * // 7 (v2_outputdecl … BASE_DIRECT_EXPR)
 */
export async function evaluateJsonata(
  text: string,
  bindings: JsonataBindings,
  env: JsonataEnv,
  options: JsonataEvaluationOptions = {},
): Promise<unknown> {
  const body = jsonataBody(text);
  const fail = (reason: string): JsonataEvaluationError =>
    new JsonataEvaluationError(body, reason, { field: options.field, state: options.state });

  const compiled = compileJsonata(body);
  if (!compiled.ok) throw fail(thrownErrorReason(compiled.error.code, compiled.error.message));

  const nowMs = env.now();
  const scope: Record<string, unknown> = {
    ...stepFunctionsFunctions(env, nowMs),
    ...bindings.variables,
    states: bindings.states,
    [JSONATA_EVALUATION_KEY]: new EvaluationBudget(nowMs),
  };

  let raw: unknown;
  try {
    raw = await compiled.expression.evaluate(undefined, scope);
  } catch (err) {
    const { code, message } = describeThrown(err);
    throw fail(thrownErrorReason(code, message));
  }
  if (raw === undefined) throw fail(UNDEFINED_RESULT_REASON);

  let value: unknown;
  try {
    value = toJsonValue(raw);
  } catch (err) {
    if (err instanceof UnsupportedJsonataResult) throw fail(UNSUPPORTED_RESULT_REASON);
    throw err;
  }
  const expected = options.expect ?? 'any';
  if (!matchesResultType(value, expected)) {
    throw fail(unexpectedTypeReason(expected, jsonTypeName(value), value));
  }
  return value;
}
