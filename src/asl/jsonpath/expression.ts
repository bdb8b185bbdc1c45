/**
 * A path expression as it appears in a state: `$…` (the state's input), `$$…` (the Context
 * object) or `$name…` (a workflow variable), compiled once and cached by its text.
 *
 * @see https://states-language.net/spec.html#path
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
 */
import { compilePath } from './parser.js';
import type { CompiledPath } from './tokens.js';
import { isValidVariableName } from './variable-name.js';

/** Where a path expression starts. */
export type PathRoot = 'input' | 'context' | 'variable';

/** A compiled path expression. */
export interface PathExpression {
  /** The expression as written. */
  readonly text: string;
  readonly root: PathRoot;
  /** For a variable path, the variable's name (without `$`). */
  readonly variable: string | undefined;
  /** The path relative to its root, rewritten to start with `$` (`$$.A.B` → `$.A.B`). */
  readonly path: CompiledPath;
}

const MAX_CACHED = 10_000;
const cache = new Map<string, PathExpression>();

/**
 * Compiles `$…`, `$$…` or `$name…`, once per distinct text.
 *
 * @throws JsonPathSyntaxError when the text is not a valid path expression.
 * @example
 * compileExpression('$$.Execution.Id').root; // 'context'
 * compileExpression('$order.items[0]').variable; // 'order'
 */
export function compileExpression(text: string): PathExpression {
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  const compiled = compileUncached(text);
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(text, compiled);
  return compiled;
}

function compileUncached(text: string): PathExpression {
  const trimmed = text.trim();
  if (trimmed.startsWith('$$')) {
    return { text, root: 'context', variable: undefined, path: compilePath(trimmed.slice(1)) };
  }
  const second = trimmed[1];
  if (trimmed[0] !== '$' || second === undefined || second === '.' || second === '[') {
    return { text, root: 'input', variable: undefined, path: compilePath(trimmed) };
  }
  let end = 1;
  while (end < trimmed.length && trimmed[end] !== '.' && trimmed[end] !== '[') end++;
  const name = trimmed.slice(1, end);
  if (!isValidVariableName(name)) {
    return { text, root: 'input', variable: undefined, path: compilePath(trimmed) };
  }
  return { text, root: 'variable', variable: name, path: compilePath(`$${trimmed.slice(end)}`) };
}
