/**
 * `States.ArrayPartition(array, size)`: the array cut into chunks of `size` items, the last one
 * possibly shorter.
 *
 * AWS truncates a fractional size (2.6 partitions by 2) and rejects a size below 1 after that.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#arraypartition
 */
import { argumentValues, type IntrinsicFunction, invalidArguments, truncateToInt } from './function.js';

const NAME = 'States.ArrayPartition';

/** `States.ArrayPartition`: an array and a chunk size of at least 1. */
export const statesArrayPartition: IntrinsicFunction = {
  name: NAME,
  minArgs: 2,
  maxArgs: 2,
  evaluate(args) {
    const [array, size] = argumentValues(NAME, args, 2);
    const chunk = truncateToInt(size);
    if (!Array.isArray(array) || chunk === undefined || chunk < 1) throw invalidArguments(NAME);
    const chunks: unknown[][] = [];
    for (let i = 0; i < array.length; i += chunk) chunks.push(array.slice(i, i + chunk));
    return chunks;
  },
};
