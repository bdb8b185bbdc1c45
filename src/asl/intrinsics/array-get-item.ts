/**
 * `States.ArrayGetItem(array, index)`: the item at a zero-based index.
 *
 * As observed on AWS: a fractional index is truncated (1.2 reads item 1), an index outside a
 * non-empty array fails, and an empty array gives `null` whatever the index.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#arraygetitem
 */
import { argumentValues, type IntrinsicFunction, invalidArguments, truncateToInt } from './function.js';

const NAME = 'States.ArrayGetItem';

/** `States.ArrayGetItem`: an array and a numeric index. */
export const statesArrayGetItem: IntrinsicFunction = {
  name: NAME,
  minArgs: 2,
  maxArgs: 2,
  evaluate(args) {
    const [array, index] = argumentValues(NAME, args, 2);
    const position = truncateToInt(index);
    if (!Array.isArray(array) || position === undefined) throw invalidArguments(NAME);
    if (array.length === 0) return null;
    if (position < 0 || position >= array.length) throw invalidArguments(NAME);
    return array[position];
  },
};
