/**
 * Evaluation of an intrinsic call against a state's scope, with AWS's error causes.
 *
 * AWS reports every intrinsic failure as `States.Runtime`, with a cause that starts with the
 * state (`An error occurred while executing the state 'X' (entered at the event id #2). `) and
 * continues with one of two forms, which is what this module produces (the engine adds the prefix):
 *
 * - `There was an error while evaluating the intrinsic function: <expression>. <problem>`, where the
 *   problem is e.g. `Invalid arguments in States.MathAdd`;
 * - `The function '<expression>' had the following error: The JsonPath argument for the field
 *   '$.missing' could not be found in the input '{}'`, when a path argument selects nothing.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
 */
import { StatesError, StatesErrors } from '../errors.js';
import { NOT_FOUND } from '../jsonpath/evaluate.js';
import type { PathScope } from '../jsonpath/scope.js';
import { lookupPathExpression } from '../jsonpath/scope.js';
import type { IntrinsicNode } from './ast.js';
import { type IntrinsicArgument, IntrinsicArgumentError, type IntrinsicEnv } from './function.js';
import { INTRINSIC_FUNCTIONS } from './functions.js';
import { toJacksonJson } from './java-text.js';
import { IntrinsicSyntaxError, parseIntrinsic } from './parser.js';

class MissingPathError extends Error {
  constructor(
    readonly path: string,
    readonly source: unknown,
  ) {
    super(`The JsonPath argument for the field '${path}' could not be found in the input '${toJacksonJson(source)}'`);
  }
}

function evaluateNode(node: IntrinsicNode, scope: PathScope, env: IntrinsicEnv): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'path': {
      const value = lookupPathExpression(node.path, scope);
      if (value === NOT_FOUND) {
        throw new MissingPathError(node.path, scope.input);
      }
      return value;
    }
    case 'call': {
      const fn = INTRINSIC_FUNCTIONS.get(node.name);
      if (fn === undefined) throw new IntrinsicArgumentError(`Unknown intrinsic function ${node.name}`);
      const args: IntrinsicArgument[] = new Array(node.args.length);
      for (let i = 0; i < node.args.length; i++) {
        const arg = node.args[i] as IntrinsicNode;
        args[i] = { value: evaluateNode(arg, scope, env), node: arg };
      }
      return fn.evaluate(args, env);
    }
    default: {
      const unexpected: never = node;
      throw new Error(`Unknown intrinsic node ${JSON.stringify(unexpected)}`);
    }
  }
}

/** Parsed calls by their text: a definition's calls are evaluated many times and parsed once. */
const parsed = new Map<string, IntrinsicNode>();

/** The cause AWS gives when an intrinsic call's arguments do not fit. */
function intrinsicFailure(text: string, problem: string): StatesError {
  return new StatesError(
    StatesErrors.Runtime,
    `There was an error while evaluating the intrinsic function: ${text}. ${problem}`,
  );
}

/**
 * Evaluates an intrinsic call such as `States.Format('Hello, {}', $.name)`.
 *
 * Paths resolve through {@link resolvePathExpression}: `$…` in `scope.input`, `$$…` in
 * `scope.context`, `$name…` among `scope.variables`. The result may share structure with the
 * scope's values; it must not be mutated in place.
 *
 * When a path selects nothing, the cause quotes the state input as compact JSON, a `$$…` path too:
 * AWS quotes the state input for a `$$…` path of a payload template (recorded
 * INVALID_JSONPATH_IN_STRING_EXPR_CONTEXTPATH), and an intrinsic's argument is read the same way.
 *
 * @throws StatesError `States.Runtime` with AWS's cause, without the state prefix the engine adds
 * @example
 * evaluateIntrinsic('States.MathAdd($.n, 1)', { input: { n: 2 }, context: {}, variables: {} }, env) // 3
 */
export function evaluateIntrinsic(text: string, scope: PathScope, env: IntrinsicEnv): unknown {
  let call = parsed.get(text);
  if (call === undefined) {
    try {
      call = parseIntrinsic(text);
    } catch (error) {
      if (error instanceof IntrinsicSyntaxError) throw intrinsicFailure(text, error.message);
      throw error;
    }
    if (parsed.size >= 2000) parsed.clear();
    parsed.set(text, call);
  }
  try {
    return evaluateNode(call, scope, env);
  } catch (error) {
    if (error instanceof IntrinsicArgumentError) throw intrinsicFailure(text, error.message);
    if (error instanceof MissingPathError) {
      throw new StatesError(StatesErrors.Runtime, `The function '${text}' had the following error: ${error.message}`);
    }
    throw error;
  }
}
