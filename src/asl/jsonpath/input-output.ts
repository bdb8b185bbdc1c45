/**
 * `InputPath`, `OutputPath` and `ResultPath`, with the Amazon States Language defaults: an absent
 * field means `$` (the whole value), `InputPath`/`OutputPath` `null` mean `{}`, and `ResultPath`
 * `null` discards the result and keeps the input.
 *
 * @see https://states-language.net/spec.html#filters
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html
 */
import { NOT_FOUND, readPath } from './evaluate.js';
import { compileExpression } from './expression.js';
import { JsonPathSyntaxError } from './parser.js';
import { pathNotFoundError } from './path-errors.js';
import { setByReferencePath } from './reference-path.js';
import { documentOf, type PathScope } from './scope.js';

/**
 * Applies a state's `InputPath` to its raw input: `$…` selects from `input`, `$$…` from the
 * Context object, `$name…` from a variable.
 *
 * @param path The field as written: `undefined` when absent (same as `$`), `null` for `{}`.
 * @throws StatesError `States.Runtime` "Invalid path '<path>' : …" when the path selects nothing.
 * @example
 * applyInputPath({ a: { b: 1 } }, '$.a', scope); // { b: 1 }
 * applyInputPath({ a: 1 }, null, scope); // {}
 */
export function applyInputPath(input: unknown, path: string | null | undefined, scope: PathScope): unknown {
  return select('InputPath', input, path, scope);
}

/**
 * Applies a state's `OutputPath` to its output (after `ResultPath`).
 *
 * @param path The field as written: `undefined` when absent (same as `$`), `null` for `{}`.
 * @throws StatesError `States.Runtime` "Invalid path '<path>' : …" when the path selects nothing.
 * @example
 * applyOutputPath({ result: 42 }, '$.result', scope); // 42
 */
export function applyOutputPath(output: unknown, path: string | null | undefined, scope: PathScope): unknown {
  return select('OutputPath', output, path, scope);
}

/**
 * Applies a state's `ResultPath`: places `result` into a copy of the state's raw `input`.
 *
 * @param path The field as written: `undefined` when absent or `$` (the result replaces the input),
 *   `null` (the result is discarded and the input passes through).
 * @throws StatesError `States.ResultPathMatchFailure` when the path cannot be applied to the input.
 * @example
 * applyResultPath({ a: 1 }, 'r', '$.out'); // { a: 1, out: 'r' }
 * applyResultPath({ a: 1 }, 'r', null); // { a: 1 }
 */
export function applyResultPath(input: unknown, result: unknown, path: string | null | undefined): unknown {
  if (path === undefined || path === '$') return result;
  if (path === null) return input;
  return setByReferencePath(input, path, result);
}

/** True for an `InputPath`/`OutputPath` that selects the whole value: absent, or `$`. */
export function selectsWhole(path: string | null | undefined): path is undefined | '$' {
  return path === undefined || path === '$';
}

function select(field: string, value: unknown, path: string | null | undefined, scope: PathScope): unknown {
  if (selectsWhole(path)) return value;
  if (path === null) return {};
  try {
    const expression = compileExpression(path);
    const document = expression.root === 'input' ? value : documentOf(expression, scope);
    const selected = document === NOT_FOUND ? NOT_FOUND : readPath(expression.path, document);
    if (selected !== NOT_FOUND) return selected;
  } catch (error) {
    if (!(error instanceof JsonPathSyntaxError)) throw error;
  }
  throw pathNotFoundError(field, path, { input: value, context: scope.context, variables: scope.variables });
}
