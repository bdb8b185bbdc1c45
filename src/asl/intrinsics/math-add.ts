/**
 * `States.MathAdd(a, b)`: the sum of two integers.
 *
 * AWS rounds fractional operands to the nearest integer (1.6 + 2.7 = 5; halves round up, as
 * Java's `Math.round`) and fails when an operand or the sum leaves the 32-bit range
 * -2147483648..2147483647.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-math-operation
 */
import { type IntrinsicFunction, invalidArguments } from './function.js';

const NAME = 'States.MathAdd';

function toInt(value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const rounded = Math.round(value);
  return isInt32(rounded) ? rounded + 0 : undefined;
}

function isInt32(value: number): boolean {
  return value >= -2147483648 && value <= 2147483647;
}

/** `States.MathAdd`: two numbers. */
export const statesMathAdd: IntrinsicFunction = {
  name: NAME,
  minArgs: 2,
  maxArgs: 2,
  evaluate(args) {
    // Without the arrays argumentValues builds: a counting loop's every step runs this.
    if (args.length !== 2) throw invalidArguments(NAME);
    const a = toInt(args[0]?.value);
    const b = toInt(args[1]?.value);
    if (a === undefined || b === undefined || !isInt32(a + b)) throw invalidArguments(NAME);
    return a + b;
  },
};
