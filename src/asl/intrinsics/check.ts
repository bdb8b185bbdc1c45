/**
 * Definition-time checks of an intrinsic call: syntax, known function names, argument counts,
 * path arguments and the nesting limit.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
 */
import { checkPath } from '../jsonpath/check-path.js';
import type { IntrinsicNode } from './ast.js';
import { INTRINSIC_FUNCTIONS } from './functions.js';
import { callDepth, IntrinsicSyntaxError, parseIntrinsic } from './parser.js';

/** How deeply Step Functions lets intrinsic calls nest within one field. */
export const MAX_INTRINSIC_NESTING = 10;

function describeArity(min: number, max: number): string {
  if (min === max) return `${min} argument${min === 1 ? '' : 's'}`;
  if (max === Number.POSITIVE_INFINITY) return `at least ${min} argument${min === 1 ? '' : 's'}`;
  return `${min} to ${max} arguments`;
}

function checkNode(node: IntrinsicNode): string | undefined {
  if (node.kind === 'path') return checkPath(node.path, 'path');
  if (node.kind !== 'call') return undefined;
  const fn = INTRINSIC_FUNCTIONS.get(node.name);
  if (fn === undefined) return `Unknown intrinsic function '${node.name}'`;
  if (node.args.length < fn.minArgs || node.args.length > fn.maxArgs) {
    return `${node.name} takes ${describeArity(fn.minArgs, fn.maxArgs)} but is given ${node.args.length}`;
  }
  for (const arg of node.args) {
    const problem = checkNode(arg);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/**
 * Syntax and arity check for validation: `undefined` when the call is well formed, else a message
 * naming the problem.
 *
 * AWS itself rejects malformed calls, unknown names and invalid escapes when a definition is
 * created, but accepts a wrong argument count and fails only when the state runs; this check
 * reports wrong counts early (except for `States.UUID`, whose extra arguments AWS ignores).
 *
 * @example
 * checkIntrinsic("States.Format('{}', $.a)") // undefined
 * checkIntrinsic('States.MathAdd(1)') // 'States.MathAdd takes 2 arguments but is given 1'
 */
export function checkIntrinsic(text: string): string | undefined {
  let call: IntrinsicNode;
  try {
    call = parseIntrinsic(text);
  } catch (error) {
    if (error instanceof IntrinsicSyntaxError) return error.message;
    throw error;
  }
  const depth = callDepth(call);
  if (depth > MAX_INTRINSIC_NESTING) {
    return `Intrinsic functions are nested ${depth} deep; at most ${MAX_INTRINSIC_NESTING} are allowed`;
  }
  return checkNode(call);
}
