/**
 * `States.Array(value…)`: an array of the arguments, in order.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-arrays
 */
import type { IntrinsicFunction } from './function.js';

/** `States.Array`: zero or more arguments. */
export const statesArray: IntrinsicFunction = {
  name: 'States.Array',
  minArgs: 0,
  maxArgs: Number.POSITIVE_INFINITY,
  evaluate(args) {
    return args.map((arg) => arg.value);
  },
};
