/**
 * Writing a value into a document at a reference path: what `ResultPath` does.
 *
 * @see https://states-language.net/spec.html#filters
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html
 */
import { StatesError, StatesErrors } from '../errors.js';
import { copyObject, isJsonObject, setMember } from './evaluate.js';
import { compileExpression, type PathExpression } from './expression.js';
import { compactJson } from './json-text.js';
import { JsonPathSyntaxError } from './parser.js';

class CannotApply extends Error {}

/**
 * Returns a copy of `target` with `value` placed at the reference path `path`; `target` itself is
 * never modified (it may be shared). `$` replaces the whole document. Missing members on the way
 * are created as objects; an array index must name an existing element.
 *
 * @throws StatesError `States.ResultPathMatchFailure` "Unable to apply ReferencePath <path> to input
 *   <input as JSON>" when the path cannot be applied (the document, or a value on the way, is not an
 *   object), as AWS reports it.
 * @throws StatesError `States.Runtime` when `path` is not a reference path on `$`.
 * @example
 * setByReferencePath({ a: 1 }, '$.b.c', 2); // { a: 1, b: { c: 2 } }
 * setByReferencePath({ a: 1 }, '$', 'x'); // 'x'
 * setByReferencePath('text', '$.b', 2); // throws States.ResultPathMatchFailure
 */
export function setByReferencePath(target: unknown, path: string, value: unknown): unknown {
  const steps = referenceSteps(path);
  if (steps.length === 0) return value;
  try {
    return setAt(target, steps, 0, value);
  } catch (error) {
    if (!(error instanceof CannotApply)) throw error;
    throw new StatesError(
      StatesErrors.ResultPathMatchFailure,
      `Unable to apply ReferencePath ${path} to input ${compactJson(target)}`,
    );
  }
}

const MAX_CACHED = 10_000;
const stepsCache = new Map<string, readonly (string | number)[]>();

/** The steps of a reference path on `$` (a name or an index each), compiled once per text. */
function referenceSteps(path: string): readonly (string | number)[] {
  const cached = stepsCache.get(path);
  if (cached !== undefined) return cached;
  let expression: PathExpression;
  try {
    expression = compileExpression(path);
  } catch (error) {
    if (error instanceof JsonPathSyntaxError) {
      throw new StatesError(StatesErrors.Runtime, `Invalid path '${path}' : ${error.message}`);
    }
    throw error;
  }
  const steps: (string | number)[] = [];
  for (const token of expression.path.tokens) {
    if (token.kind === 'property' && token.names.length === 1) steps.push(token.names[0] ?? '');
    else if (token.kind === 'index' && token.indexes.length === 1) steps.push(token.indexes[0] ?? -1);
    else throw new StatesError(StatesErrors.Runtime, `Invalid path '${path}' : not a reference path`);
  }
  if (expression.root !== 'input') {
    throw new StatesError(StatesErrors.Runtime, `Invalid path '${path}' : not a reference path on the input`);
  }
  if (stepsCache.size >= MAX_CACHED) stepsCache.clear();
  stepsCache.set(path, steps);
  return steps;
}

function setAt(node: unknown, steps: readonly (string | number)[], i: number, value: unknown): unknown {
  const step = steps[i];
  if (step === undefined) return value;
  if (typeof step === 'string') {
    if (!isJsonObject(node)) throw new CannotApply();
    const child = Object.hasOwn(node, step) ? node[step] : undefined;
    const copy = copyObject(node);
    setMember(
      copy,
      step,
      i + 1 === steps.length ? value : setAt(child === undefined ? {} : child, steps, i + 1, value),
    );
    return copy;
  }
  if (!Array.isArray(node) || step < 0 || step >= node.length) throw new CannotApply();
  const copy = node.slice();
  copy[step] = setAt(node[step], steps, i + 1, value);
  return copy;
}
