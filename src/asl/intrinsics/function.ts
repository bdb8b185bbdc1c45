/**
 * What every intrinsic function implementation shares: its declared arity, its evaluation
 * signature and the error it raises for arguments it cannot accept.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
 */
import type { IntrinsicNode } from './ast.js';

/** Injected non-determinism for intrinsics (the engine supplies seeded/recorded sources). */
export interface IntrinsicEnv {
  /** A version 4 UUID, for `States.UUID()`. */
  uuid(): string;
  /** A number in [0, 1), for `States.MathRandom` without a seed. */
  random(): number;
}

/** One evaluated argument, with the syntax it came from. */
export interface IntrinsicArgument {
  readonly value: unknown;
  readonly node: IntrinsicNode;
}

/** An intrinsic function: its name, how many arguments the definition may give it, its body. */
export interface IntrinsicFunction {
  /** The full name, e.g. `States.ArrayPartition`. */
  readonly name: string;
  /** Fewest arguments a definition may pass. */
  readonly minArgs: number;
  /** Most arguments a definition may pass (`Infinity` for `States.Array`). */
  readonly maxArgs: number;
  /**
   * Computes the result. Throws {@link IntrinsicArgumentError} for arguments AWS rejects.
   * Must not mutate the argument values.
   */
  evaluate(args: readonly IntrinsicArgument[], env: IntrinsicEnv): unknown;
}

/**
 * Raised by a function for arguments it cannot accept; the message is AWS's text after the
 * expression, e.g. `Invalid arguments in States.MathAdd`.
 */
export class IntrinsicArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntrinsicArgumentError';
  }
}

/** AWS's generic failure for a function: `Invalid arguments in States.X`. */
export function invalidArguments(name: string): IntrinsicArgumentError {
  return new IntrinsicArgumentError(`Invalid arguments in ${name}`);
}

/** The argument values, after checking their count against what AWS accepts at run time. */
export function argumentValues(name: string, args: readonly IntrinsicArgument[], min: number, max = min): unknown[] {
  if (args.length < min || args.length > max) throw invalidArguments(name);
  return args.map((arg) => arg.value);
}

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A number argument converted as Java's `(int)` cast does (truncation toward zero), the rule AWS
 * applies to ArrayRange, ArrayPartition, ArrayGetItem and MathRandom arguments; `undefined` when
 * the value is not a number or falls outside 32-bit range.
 */
export function truncateToInt(value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const truncated = Math.trunc(value);
  if (truncated < -2147483648 || truncated > 2147483647) return undefined;
  return truncated === 0 ? 0 : truncated;
}
