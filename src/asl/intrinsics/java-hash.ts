/**
 * Java `hashCode`/`equals` of JSON values and the iteration order of a `java.util.HashSet`.
 *
 * `States.ArrayUnique` on AWS returns the distinct values in the order a Java `HashSet` iterates
 * them, not in first-seen order: AWS returns `[false, true]` for `[true, false, true, false]` and
 * `[[2, 1], [1, 2]]` for `[[1, 2], [1, 2], [2, 1]]`, and `[null, 1]` for `[null, null, 1, null]`.
 * Those are exactly the orders a `HashSet` of the plain Java values (`Boolean`, `ArrayList`,
 * `Integer`, `null`) gives, so this module reproduces `hashCode`, `HashMap.hash`'s spreading and
 * the table's growth. Buckets that a real `HashMap` would turn into trees (9+ colliding values in
 * a table of 64+ slots) are iterated here in insertion order, which Java may not do.
 */

/** Java's `String.hashCode()`: over UTF-16 code units, `31 * h + c` in 32-bit arithmetic. */
export function javaStringHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) {
    hash = (Math.imul(31, hash) + text.charCodeAt(i)) | 0;
  }
  return hash;
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

function longHash(value: bigint): number {
  const bits = BigInt.asUintN(64, value);
  return Number(BigInt.asIntN(32, bits ^ (bits >> 32n)));
}

function bigIntegerHash(value: bigint): number {
  // BigInteger.hashCode: over the big-endian 32-bit words of the magnitude, times the signum.
  const signum = value < 0n ? -1 : value > 0n ? 1 : 0;
  let magnitude = value < 0n ? -value : value;
  const words: bigint[] = [];
  while (magnitude > 0n) {
    words.unshift(magnitude & 0xffffffffn);
    magnitude >>= 32n;
  }
  let hash = 0;
  for (const word of words) {
    hash = Number(BigInt.asIntN(32, BigInt(Math.imul(31, hash)) + word));
  }
  return Math.imul(hash, signum);
}

function doubleHash(value: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Number.isNaN(value) ? Number.NaN : value);
  return longHash(view.getBigUint64(0));
}

function numberHash(value: number): number {
  if (!Number.isInteger(value)) return doubleHash(value);
  if (value >= INT_MIN && value <= INT_MAX) return value | 0;
  const big = BigInt(value);
  if (big >= LONG_MIN && big <= LONG_MAX) return longHash(big);
  return bigIntegerHash(big);
}

/**
 * The `hashCode()` of the Java value AWS holds for a JSON value: `Integer`/`Long`/`BigInteger` or
 * `Double` for numbers, `String`, `Boolean` (1231/1237), `ArrayList`, `LinkedHashMap`; 0 for null.
 */
export function javaHashCode(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'string') return javaStringHash(value);
  if (typeof value === 'number') return numberHash(value);
  if (typeof value === 'boolean') return value ? 1231 : 1237;
  if (Array.isArray(value)) {
    let hash = 1;
    for (const item of value) hash = (Math.imul(31, hash) + javaHashCode(item)) | 0;
    return hash;
  }
  if (typeof value === 'object') {
    let hash = 0;
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      hash = (hash + (javaStringHash(key) ^ javaHashCode(item))) | 0;
    }
    return hash;
  }
  return 0;
}

/** Java `equals` between the values AWS holds: structural, with object key order ignored. */
export function javaEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => javaEquals(item, b[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => Object.hasOwn(right, key) && javaEquals(left[key], right[key]));
}

interface Slot {
  readonly hash: number;
  readonly value: unknown;
}

const DEFAULT_CAPACITY = 16;
const LOAD_FACTOR = 0.75;
const TREEIFY_THRESHOLD = 8;
const MIN_TREEIFY_CAPACITY = 64;

function spread(hash: number): number {
  return hash ^ (hash >>> 16);
}

function resize(table: Slot[][]): Slot[][] {
  const next: Slot[][] = Array.from({ length: table.length * 2 }, () => []);
  for (const bucket of table) {
    for (const slot of bucket) next[slot.hash & (next.length - 1)]!.push(slot);
  }
  return next;
}

/**
 * The distinct values of `values` in the order `new HashSet<>()` filled by `add` iterates them.
 *
 * @example
 * javaHashSetOrder([true, false, true, false]) // [false, true]
 * javaHashSetOrder([1, 2, 2, 3]) // [1, 2, 3]
 */
export function javaHashSetOrder(values: readonly unknown[]): unknown[] {
  let table: Slot[][] = Array.from({ length: DEFAULT_CAPACITY }, () => []);
  let size = 0;
  for (const value of values) {
    const hash = spread(javaHashCode(value));
    const bucket = table[hash & (table.length - 1)]!;
    if (bucket.some((slot) => slot.hash === hash && javaEquals(slot.value, value))) continue;
    bucket.push({ hash, value });
    // HashMap.putVal: a chain that reaches 9 nodes is treeified, or the table grows when small.
    if (bucket.length > TREEIFY_THRESHOLD && table.length < MIN_TREEIFY_CAPACITY) table = resize(table);
    size++;
    if (size > table.length * LOAD_FACTOR) table = resize(table);
  }
  return table.flatMap((bucket) => bucket.map((slot) => slot.value));
}
