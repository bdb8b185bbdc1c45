/**
 * `States.ArrayLength(array)`: the number of items in the array.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#arraylength
 */
import { argumentValues, type IntrinsicFunction, invalidArguments } from './function.js';

const NAME = 'States.ArrayLength';

/** `States.ArrayLength`: one array. */
export const statesArrayLength: IntrinsicFunction = {
  name: NAME,
  minArgs: 1,
  maxArgs: 1,
  evaluate(args) {
    const [array] = argumentValues(NAME, args, 1);
    if (!Array.isArray(array)) throw invalidArguments(NAME);
    return array.length;
  },
};
