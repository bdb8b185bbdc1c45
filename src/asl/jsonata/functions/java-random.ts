/**
 * The first `nextDouble()` of a `java.util.Random` seeded with a given seed: what AWS's seeded
 * `$random(seed)` returns (`$random(42)` is `0.7275636800328681` on AWS, as measured by the Floci
 * project). A 48-bit linear congruential generator, computed with BigInt.
 *
 * @see https://docs.oracle.com/en/java/javase/21/docs/api/java.base/java/util/Random.html
 */

const MULTIPLIER = 0x5deece66dn;
const ADDEND = 0xbn;
const MASK = (1n << 48n) - 1n;
const LONG_MIN = -(1n << 63n);
const LONG_MAX = (1n << 63n) - 1n;

/** Java's `(long) value` for a finite double: truncated towards zero, saturated to the long range. */
function toJavaLong(value: number): bigint {
  const truncated = BigInt(Math.trunc(value));
  if (truncated < LONG_MIN) return LONG_MIN;
  if (truncated > LONG_MAX) return LONG_MAX;
  return truncated;
}

/**
 * `new java.util.Random(seed).nextDouble()`, a number in [0, 1).
 *
 * @example
 * javaRandomFirstDouble(42); // 0.7275636800328681
 */
export function javaRandomFirstDouble(seed: number): number {
  let state = (BigInt.asUintN(64, toJavaLong(seed)) ^ MULTIPLIER) & MASK;
  const next = (bits: bigint): bigint => {
    state = (state * MULTIPLIER + ADDEND) & MASK;
    return state >> (48n - bits);
  };
  const high = next(26n);
  const low = next(27n);
  return Number((high << 27n) + low) / 2 ** 53;
}
