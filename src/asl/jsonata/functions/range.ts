/**
 * `$range(start, end, step)`: Step Functions' JSONata equivalent of `States.ArrayRange`.
 *
 * The values `start, start + step, …` up to and including `end` when a step lands on it
 * (v2_intrinsic_functions_test_array_jsonata … test_array_range_e0…e3). Like a JSONata sequence,
 * a single value comes back bare, not in an array: `$range(1, 9, 9)` is `1` (range_e2).
 *
 * Edge cases, as measured on AWS by the Floci project (not in the recorded cases here): a missing
 * step, a zero step or one pointing away from `end` evaluates to nothing; a missing or
 * non-numeric argument or a fourth argument raises `T0410`. Numbers round towards zero. Unlike
 * `States.ArrayRange` there is no 1,000-element cap, only JSONata's memory limit.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */

import { JSONATA_MAX_VALUE_BYTES, JSONATA_NUMBER_BYTES, memoryLimitError } from '../limits.js';
import { integerArgument, rejectSurplusArguments } from './function-error.js';

const NAME = 'range';

/**
 * @example
 * range(0, 10, 3); // [0, 3, 6, 9]
 * range(1, 9, 9); // 1
 */
export function range(...args: unknown[]): unknown {
  rejectSurplusArguments(NAME, args, 3);
  const [startArgument, endArgument, stepArgument] = args;
  const start = integerArgument(NAME, startArgument, 1);
  const end = integerArgument(NAME, endArgument, 2);
  if (stepArgument === undefined) return undefined;
  const step = integerArgument(NAME, stepArgument, 3);
  if (step === 0 || (step > 0 && start > end) || (step < 0 && start < end)) return undefined;
  const count = Math.trunc((end - start) / step) + 1;
  if (count === 1) return start;
  if (count * JSONATA_NUMBER_BYTES > JSONATA_MAX_VALUE_BYTES) throw memoryLimitError();
  const values: number[] = [];
  for (let i = 0; i < count; i++) values.push(start + i * step);
  return values;
}
