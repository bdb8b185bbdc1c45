/**
 * `$random([seed])`: Step Functions' `$random`, which, unlike JSONata's, takes an optional seed.
 *
 * Unseeded it returns the engine's injected random number in [0, 1) (never `Math.random`).
 * Seeded it is reproducible: the first `nextDouble()` of `java.util.Random(seed)`, which is what
 * AWS returns (measured by the Floci project: `$random(42)` is `0.7275636800328681`). The seed
 * rounds towards zero; a non-numeric seed or a second argument raises `T0410`.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */

import { integerArgument, rejectSurplusArguments } from './function-error.js';
import { javaRandomFirstDouble } from './java-random.js';

const NAME = 'random';

/**
 * `$random` bound to an injected source of unseeded numbers.
 *
 * @example
 * randomFunction(() => 0.5)(42); // 0.7275636800328681
 */
export function randomFunction(unseeded: () => number): (...args: unknown[]) => number {
  return (...args: unknown[]): number => {
    rejectSurplusArguments(NAME, args, 1);
    const [seed] = args;
    if (seed === undefined) return unseeded();
    return javaRandomFirstDouble(integerArgument(NAME, seed, 1));
  };
}
