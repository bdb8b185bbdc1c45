/**
 * `States.ArrayUnique(array)`: the distinct items of the array.
 *
 * AWS returns them in the iteration order of a Java `HashSet`, not in first-seen order
 * (`[true, false, true]` gives `[false, true]`); see {@link javaHashSetOrder}. Objects with the
 * same entries in another key order are duplicates.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#arrayunique
 */
import { argumentValues, type IntrinsicFunction, invalidArguments } from './function.js';
import { javaHashSetOrder } from './java-hash.js';

const NAME = 'States.ArrayUnique';

/** `States.ArrayUnique`: one array. */
export const statesArrayUnique: IntrinsicFunction = {
  name: NAME,
  minArgs: 1,
  maxArgs: 1,
  evaluate(args) {
    const [array] = argumentValues(NAME, args, 1);
    if (!Array.isArray(array)) throw invalidArguments(NAME);
    return javaHashSetOrder(array);
  },
};
