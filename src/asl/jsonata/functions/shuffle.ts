/**
 * `$shuffle(array)`: JSONata's shuffle, drawing from the engine's injected random source instead
 * of `Math.random`, so that a replayed evaluation shuffles the same way. Same contract as
 * JSONata's: nothing in, nothing out; a non-array is a one-element array.
 *
 * @see https://docs.jsonata.org/array-functions#shuffle
 */

/**
 * `$shuffle` bound to an injected source of numbers in [0, 1) (a Fisher–Yates shuffle of a copy).
 *
 * @example
 * shuffleFunction(() => 0)([1, 2, 3]); // [2, 3, 1]
 */
export function shuffleFunction(random: () => number): (array: unknown) => unknown {
  return (array: unknown): unknown => {
    if (array === undefined) return undefined;
    const items = Array.isArray(array) ? [...array] : [array];
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const held = items[i];
      items[i] = items[j];
      items[j] = held;
    }
    return items;
  };
}
