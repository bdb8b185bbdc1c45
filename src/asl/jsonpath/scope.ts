/**
 * Resolving the path expressions of a JSONPath state against what the state can see.
 *
 * @see https://states-language.net/spec.html#path
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html
 */
import { NOT_FOUND, readPath } from './evaluate.js';
import { compileExpression, type PathExpression } from './expression.js';
import { JsonPathSyntaxError } from './parser.js';

/** What a JSONPath expression in a state can see. */
export interface PathScope {
  /** What `$` refers to: the state's effective input (or the raw result, for ResultSelector). */
  readonly input: unknown;
  /** What `$$` refers to: the Context object. */
  readonly context: unknown;
  /** Workflow variables visible to the state (`$name`, `$name.field`). */
  readonly variables: Readonly<Record<string, unknown>>;
}

/** The outcome of resolving a path expression: the value, or nothing selected. */
export type PathResult = { readonly found: true; readonly value: unknown } | { readonly found: false };

const NOTHING: PathResult = Object.freeze({ found: false });

/**
 * The document an expression is evaluated against: the input, the Context object, or the
 * variable's value; {@link NOT_FOUND} for a variable that is not set.
 */
export function documentOf(expression: PathExpression, scope: PathScope): unknown {
  switch (expression.root) {
    case 'input':
      return scope.input;
    case 'context':
      return scope.context;
    case 'variable': {
      const name = expression.variable ?? '';
      return Object.hasOwn(scope.variables, name) ? scope.variables[name] : NOT_FOUND;
    }
    default: {
      const unexpected: never = expression.root;
      throw new Error(`unknown path root ${String(unexpected)}`);
    }
  }
}

/**
 * Evaluates `$…` against scope.input, `$$…` against scope.context, `$name…` against
 * scope.variables. A definite path (names and single indexes only) yields its value; an
 * indefinite one (wildcards, slices, unions, `..`, filters) yields the array of its matches, which
 * may be empty. Text that is not a valid path expression selects nothing.
 *
 * @example
 * resolvePathExpression('$.a.b[0]', { input: { a: { b: [7] } }, context: {}, variables: {} }); // { found: true, value: 7 }
 * resolvePathExpression('$$.State.Name', scope); // the state's name from the Context object
 * resolvePathExpression('$missing', scope); // { found: false } when no variable `missing` is set
 */
export function resolvePathExpression(expression: string, scope: PathScope): PathResult {
  const value = lookupPathExpression(expression, scope);
  return value === NOT_FOUND ? NOTHING : { found: true, value };
}

/**
 * {@link resolvePathExpression} without a result object: the value, or {@link NOT_FOUND} when the
 * expression selects nothing (or is not a path). For the interpreter's hot paths.
 */
export function lookupPathExpression(expression: string, scope: PathScope): unknown {
  let compiled: PathExpression;
  try {
    compiled = compileExpression(expression);
  } catch (error) {
    if (error instanceof JsonPathSyntaxError) return NOT_FOUND;
    throw error;
  }
  return readExpression(compiled, scope);
}

/** A compiled expression's value in the scope, or {@link NOT_FOUND} when it selects nothing. */
export function readExpression(expression: PathExpression, scope: PathScope): unknown {
  const document = documentOf(expression, scope);
  return document === NOT_FOUND ? NOT_FOUND : readPath(expression.path, document);
}
