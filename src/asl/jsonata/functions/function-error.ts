/**
 * Errors thrown by the functions Step Functions adds to JSONata, shaped as JSONata's own errors
 * (a `code` the library turns into its catalog message), so that AWS's cause reads
 * `threw an error during evaluation. T0410: Argument 2 of function "partition" does not match function signature`.
 *
 * @see https://docs.jsonata.org/2.0.0/overview
 */

/** A JSONata-style error: `code` plus the fields the library's message template reads. */
export class JsonataFunctionError extends Error {
  /** The JSONata error code, e.g. `T0410`. */
  readonly code: string;
  /** 1-based argument number, for `T0410` and `T0412`. */
  readonly index: number | undefined;
  /** The function's name, for `T0410` and `T0412`. */
  token: string | undefined;

  constructor(code: string, message: string, index?: number, token?: string) {
    super(message);
    this.name = 'JsonataFunctionError';
    this.code = code;
    this.index = index;
    this.token = token;
  }
}

/**
 * JSONata's `T0410`: an argument of the wrong type, or one too many.
 *
 * @example
 * signatureError('hash', 1).message; // 'Argument 1 of function "hash" does not match function signature'
 */
export function signatureError(functionName: string, argumentNumber: number): JsonataFunctionError {
  return new JsonataFunctionError(
    'T0410',
    `Argument ${argumentNumber} of function "${functionName}" does not match function signature`,
    argumentNumber,
    functionName,
  );
}

/**
 * JSONata's `T0412` as AWS reports it for a non-array where an array is required; AWS leaves the
 * element type unfilled, so the sentence ends `must be an array of undefined`.
 */
export function arrayArgumentError(functionName: string, argumentNumber: number): JsonataFunctionError {
  return new JsonataFunctionError(
    'T0412',
    `Argument ${argumentNumber} of function "${functionName}" must be an array of undefined`,
    argumentNumber,
    functionName,
  );
}

/** The `D3137` code (JSONata's `$error`), which AWS's added functions use for a bad argument value. */
export function valueError(message: string): JsonataFunctionError {
  return new JsonataFunctionError('D3137', message);
}

/** JSONata's `T1006`: calling something that is not a function (AWS's answer for `$eval`). */
export function notAFunctionError(): JsonataFunctionError {
  return new JsonataFunctionError('T1006', 'Attempted to invoke a non-function');
}

/**
 * Throws `T0410` naming the first argument past `arity` when the call passed one: AWS refuses a
 * call with more arguments than the function takes.
 */
export function rejectSurplusArguments(functionName: string, args: readonly unknown[], arity: number): void {
  if (args.length > arity && args[arity] !== undefined) {
    throw signatureError(functionName, arity + 1);
  }
}

/**
 * A numeric argument rounded towards zero, as AWS rounds the arguments of `$partition`,
 * `$range` and `$random` (`-1.7` → `-1`, `2.9` → `2`).
 *
 * @throws JsonataFunctionError `T0410` when the argument is not a number (or is missing).
 */
export function integerArgument(functionName: string, value: unknown, argumentNumber: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw signatureError(functionName, argumentNumber);
  }
  const truncated = Math.trunc(value);
  return truncated === 0 ? 0 : truncated;
}
