/**
 * `States.ArrayRange(first, last, step)`: the integers from `first` to at most `last` by `step`.
 *
 * AWS truncates fractional arguments, accepts a negative step for a descending range, returns `[]`
 * when the step points away from `last`, and rejects a zero step or a result over 1000 items.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#arrayrange
 */
import { argumentValues, type IntrinsicFunction, invalidArguments, truncateToInt } from './function.js';

const NAME = 'States.ArrayRange';

/** The most items a range may hold. */
export const ARRAY_RANGE_MAX_ITEMS = 1000;

/** `States.ArrayRange`: three numbers, the step not zero. */
export const statesArrayRange: IntrinsicFunction = {
  name: NAME,
  minArgs: 3,
  maxArgs: 3,
  evaluate(args) {
    const [first, last, step] = argumentValues(NAME, args, 3).map(truncateToInt);
    if (first === undefined || last === undefined || step === undefined || step === 0) throw invalidArguments(NAME);
    const count = (last - first) / step < 0 ? 0 : Math.floor((last - first) / step) + 1;
    if (count > ARRAY_RANGE_MAX_ITEMS) throw invalidArguments(NAME);
    return Array.from({ length: count }, (_, i) => first + i * step);
  },
};
