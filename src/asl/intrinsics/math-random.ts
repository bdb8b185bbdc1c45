/**
 * `States.MathRandom(start, end[, seed])`: a random integer with `start <= n < end`.
 *
 * As observed on AWS, fractional bounds are truncated (`(1.6, 5.4)` can give 1) and the call
 * fails unless `start < end`. Without a seed the number comes from the injected
 * {@link IntrinsicEnv.random}. With a seed (a number, truncated to a Java `long`) the result is
 * `start + new java.util.Random(seed).nextInt(end - start)`: the same seed always gives the same
 * number, as AWS documents. AWS's own generator is not public, so the values for a given seed
 * may differ from AWS's.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-math-operation
 */
import {
  argumentValues,
  type IntrinsicEnv,
  type IntrinsicFunction,
  invalidArguments,
  truncateToInt,
} from './function.js';
import { JavaRandom } from './java-random.js';

const NAME = 'States.MathRandom';
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

function seedToLong(seed: number): bigint {
  const value = BigInt(Math.trunc(seed));
  if (value < LONG_MIN) return LONG_MIN;
  return value > LONG_MAX ? LONG_MAX : value;
}

/** `States.MathRandom`: two integer bounds and an optional numeric seed. */
export const statesMathRandom: IntrinsicFunction = {
  name: NAME,
  minArgs: 2,
  maxArgs: 3,
  evaluate(args, env: IntrinsicEnv) {
    const [startValue, endValue, ...rest] = argumentValues(NAME, args, 2, 3);
    const start = truncateToInt(startValue);
    const end = truncateToInt(endValue);
    if (start === undefined || end === undefined || start >= end || end - start > 0x7fffffff) {
      throw invalidArguments(NAME);
    }
    if (rest.length === 0) return start + Math.floor(env.random() * (end - start));
    const [seed] = rest;
    if (typeof seed !== 'number' || !Number.isFinite(seed)) throw invalidArguments(NAME);
    return start + new JavaRandom(seedToLong(seed)).nextInt(end - start);
  },
};
