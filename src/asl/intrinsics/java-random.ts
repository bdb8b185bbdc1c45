/**
 * A reproduction of `java.util.Random`'s 48-bit linear congruential generator, used to make
 * `States.MathRandom(start, end, seed)` deterministic per seed as AWS documents ("if you use this
 * function with the same seed value, it returns identical numbers").
 *
 * @see https://docs.oracle.com/en/java/javase/21/docs/api/java.base/java/util/Random.html
 */

const MULTIPLIER = 0x5deece66dn;
const ADDEND = 0xbn;
const MASK = (1n << 48n) - 1n;

/** `java.util.Random` seeded with a 64-bit seed; `nextInt(bound)` as the JDK defines it. */
export class JavaRandom {
  private seed: bigint;

  /** @param seed - a Java `long`; values outside 64 bits wrap as a Java cast would. */
  constructor(seed: bigint) {
    this.seed = (BigInt.asIntN(64, seed) ^ MULTIPLIER) & MASK;
  }

  private next(bits: number): number {
    this.seed = (this.seed * MULTIPLIER + ADDEND) & MASK;
    return Number(BigInt.asIntN(32, this.seed >> BigInt(48 - bits)));
  }

  /**
   * A uniformly distributed integer in `[0, bound)`.
   *
   * @example
   * new JavaRandom(42n).nextInt(10) // 0, as `new java.util.Random(42).nextInt(10)`
   */
  nextInt(bound: number): number {
    if (!Number.isInteger(bound) || bound <= 0 || bound > 0x7fffffff) {
      throw new RangeError('bound must be a positive 32-bit integer');
    }
    const m = bound - 1;
    let u = this.next(31);
    if ((bound & m) === 0) return Number((BigInt(bound) * BigInt(u)) >> 31n);
    let r = u % bound;
    // Reject draws from the incomplete last block, as the JDK does to avoid modulo bias.
    while (u - r + m > 0x7fffffff) {
      u = this.next(31);
      r = u % bound;
    }
    return r;
  }
}
