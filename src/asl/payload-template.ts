/**
 * Payload templates of JSONPath states: `Parameters`, `ResultSelector`, `ItemSelector` (and the
 * `Parameters` of `ItemReader`/`ResultWriter`). A key ending in `.$` takes its value from a path
 * (`$…` the input, `$$…` the Context object, `$name…` a variable) or from an intrinsic function
 * call, and loses the `.$`; nested objects and arrays are walked; every other value is literal.
 *
 * @see https://states-language.net/spec.html#parameters
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html
 */
import { StatesError, StatesErrors } from './errors.js';
import { evaluateIntrinsic, type IntrinsicEnv, isIntrinsicCall } from './intrinsics/index.js';
import { isJsonObject, type JsonObject, NOT_FOUND, setMember } from './jsonpath/evaluate.js';
import { compileExpression, type PathExpression } from './jsonpath/expression.js';
import { JsonPathSyntaxError } from './jsonpath/parser.js';
import { NULL_INPUT_CAUSE, notFoundInInputCause } from './jsonpath/path-errors.js';
import { type PathScope, readExpression } from './jsonpath/scope.js';

const DYNAMIC_SUFFIX = '.$';

/**
 * Resolves a payload template against the scope and returns a new value (the template is not
 * modified).
 *
 * @param template The field's value as written in the definition.
 * @param scope What `$`, `$$` and `$name` refer to (for `ResultSelector`, `$` is the raw result).
 * @param env Injected randomness for `States.UUID` / `States.MathRandom`.
 * @param field The template's field name (`Parameters`, `ResultSelector`, `ItemSelector`, …), used
 *   in messages about the template itself.
 * @throws StatesError `States.Runtime` "The JSONPath '<path>' specified for the field '<key>.$' could
 *   not be found in the input '<input as compact JSON>'" when a path selects nothing, as AWS reports
 *   it; "Unable to apply Path transformation to null or empty input." when a path on `$` meets a
 *   `null` input; the intrinsic's own error when a function call fails.
 * @example
 * resolvePayloadTemplate({ 'id.$': '$.order.id', source: 'web', 'n.$': 'States.ArrayLength($.items)' },
 *   { input: { order: { id: 7 }, items: [1, 2] }, context: {}, variables: {} }, env, 'Parameters');
 * // { id: 7, source: 'web', n: 2 }
 */
export function resolvePayloadTemplate(template: unknown, scope: PathScope, env: IntrinsicEnv, field: string): unknown {
  if (template === null || typeof template !== 'object') return template;
  let byField = compiled.get(template);
  if (byField === undefined) {
    byField = new Map();
    compiled.set(template, byField);
  }
  let resolver = byField.get(field);
  if (resolver === undefined) {
    resolver = compileValue(template, field);
    byField.set(field, resolver);
  }
  return resolver(scope, env);
}

/** Resolves a compiled template; always returns a new value. */
type Resolver = (scope: PathScope, env: IntrinsicEnv) => unknown;

/**
 * Templates compiled on first use, by the template object (a definition's field) and the field's
 * name: a state runs its template many times, and compiling it once takes the key parsing, the
 * path compilation and the intrinsic parsing off each run.
 */
const compiled = new WeakMap<object, Map<string, Resolver>>();

function compileValue(value: unknown, field: string): Resolver {
  if (Array.isArray(value)) {
    const elements = value.map((element) => compileValue(element, field));
    return (scope, env) => {
      const out: unknown[] = new Array(elements.length);
      for (let i = 0; i < elements.length; i++) out[i] = (elements[i] as Resolver)(scope, env);
      return out;
    };
  }
  if (!isJsonObject(value)) return () => value;
  const keys: string[] = [];
  const members: Resolver[] = [];
  for (const key of Object.keys(value)) {
    const member = value[key];
    if (key.length > DYNAMIC_SUFFIX.length && key.endsWith(DYNAMIC_SUFFIX)) {
      keys.push(key.slice(0, -DYNAMIC_SUFFIX.length));
      members.push(compileDynamic(key, member, field));
    } else {
      keys.push(key);
      members.push(compileValue(member, field));
    }
  }
  return (scope, env) => {
    const out: JsonObject = {};
    for (let i = 0; i < keys.length; i++) setMember(out, keys[i] as string, (members[i] as Resolver)(scope, env));
    return out;
  };
}

function compileDynamic(key: string, text: unknown, field: string): Resolver {
  if (typeof text !== 'string') {
    return () => {
      throw new StatesError(
        StatesErrors.Runtime,
        `The value for the field '${key}' in '${field}' must be a STRING that contains a JSONPath or an intrinsic function call`,
      );
    };
  }
  if (isIntrinsicCall(text)) return (scope, env) => evaluateIntrinsic(text, scope, env);
  let expression: PathExpression | undefined;
  try {
    expression = compileExpression(text);
  } catch (error) {
    if (!(error instanceof JsonPathSyntaxError)) throw error;
    // Text that is not a path selects nothing.
  }
  const onInput = expression?.root === 'input';
  return (scope) => {
    if (onInput && scope.input === null) throw new StatesError(StatesErrors.Runtime, NULL_INPUT_CAUSE);
    const value = expression === undefined ? NOT_FOUND : readExpression(expression, scope);
    if (value !== NOT_FOUND) return value;
    throw new StatesError(StatesErrors.Runtime, notFoundInInputCause(text, key, scope.input));
  };
}
