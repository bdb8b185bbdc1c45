/**
 * `$partition(array, chunkSize)`: Step Functions' JSONata equivalent of `States.ArrayPartition`.
 *
 * Splits `array` into chunks of `chunkSize` elements, the last chunk holding the remainder
 * (v2_intrinsic_functions_test_array_jsonata … test_array_partition_e0…e19). A chunk size at
 * least the array's length gives one chunk.
 *
 * Edge cases, as measured on AWS by the Floci project (not in the recorded cases here): a missing
 * or empty array, or a chunk size that rounds to 0, evaluates to nothing; a missing chunk size
 * gives the whole array as one chunk; a negative chunk size raises `D3137`; a non-array raises
 * `T0412`; a non-numeric chunk size or a third argument raises `T0410`. Numbers round towards zero.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */

import { arrayArgumentError, integerArgument, rejectSurplusArguments, valueError } from './function-error.js';

const NAME = 'partition';

/**
 * @example
 * partition([0, 1, 2], 2); // [[0, 1], [2]]
 */
export function partition(...args: unknown[]): unknown {
  rejectSurplusArguments(NAME, args, 2);
  const [array, chunkSizeArgument] = args;
  if (array === undefined) return undefined;
  if (!Array.isArray(array)) throw arrayArgumentError(NAME, 1);
  if (array.length === 0) return undefined;
  if (chunkSizeArgument === undefined) return [[...array]];
  const chunkSize = integerArgument(NAME, chunkSizeArgument, 2);
  if (chunkSize < 0) throw valueError('Second argument must be zero or greater');
  if (chunkSize === 0) return undefined;
  const chunks: unknown[][] = [];
  for (let start = 0; start < array.length; start += chunkSize) {
    chunks.push(array.slice(start, start + chunkSize));
  }
  return chunks;
}
