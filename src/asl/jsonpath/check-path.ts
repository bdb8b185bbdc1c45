/**
 * Validation of path fields, for the definition checker: paths (`InputPath`, `OutputPath`,
 * `ItemsPath`, the values of `"….$"` keys) and reference paths (`ResultPath`, a Choice rule's
 * `Variable`, and the `…Path` fields that name one value).
 *
 * @see https://states-language.net/spec.html#path
 * @see https://states-language.net/spec.html#ref-paths
 */
import { compileExpression } from './expression.js';
import { JsonPathSyntaxError } from './parser.js';
import type { PathToken } from './tokens.js';

/** Which kind of path a field demands. */
export type PathKind = 'path' | 'reference';

/**
 * Checks a path expression (`$…`, `$$…` or `$name…`). A reference path may only use `.name`,
 * `['name']` and `[n]` steps, so that it names exactly one value.
 *
 * @returns undefined when the path is fine, else a message naming the problem.
 * @example
 * checkPath('$.items[*].id', 'path'); // undefined
 * checkPath('$.items[*].id', 'reference'); // "'$.items[*].id' is not a reference path: …"
 * checkPath('$.a[', 'path'); // "'$.a[' is not a valid JSONPath: …"
 */
export function checkPath(path: string, kind: PathKind): string | undefined {
  if (!path.startsWith('$')) return `'${path}' is not a valid JSONPath: a path must start with '$'`;
  let tokens: readonly PathToken[];
  try {
    tokens = compileExpression(path).path.tokens;
  } catch (error) {
    if (error instanceof JsonPathSyntaxError) return `'${path}' is not a valid JSONPath: ${error.message}`;
    throw error;
  }
  if (kind === 'path') return undefined;
  for (const token of tokens) {
    const single =
      (token.kind === 'property' && token.names.length === 1) || (token.kind === 'index' && token.indexes.length === 1);
    if (!single) {
      return `'${path}' is not a reference path: only '.name', '['name']' and '[n]' steps are allowed, so that it identifies a single node`;
    }
  }
  return undefined;
}
