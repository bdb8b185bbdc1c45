/**
 * `States.ArrayContains(array, value)`: whether the array holds the value.
 *
 * AWS compares the Java text of each item with that of the value, so `true` matches `"true"`,
 * `9007199254740991` matches `"9007199254740991"`, and objects match only with their keys in the
 * same order (all three observed on AWS).
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#arraycontains
 */
import { argumentValues, type IntrinsicFunction, invalidArguments } from './function.js';
import { javaToString } from './java-text.js';

const NAME = 'States.ArrayContains';

/** `States.ArrayContains`: an array and a value. */
export const statesArrayContains: IntrinsicFunction = {
  name: NAME,
  minArgs: 2,
  maxArgs: 2,
  evaluate(args) {
    const [array, value] = argumentValues(NAME, args, 2);
    if (!Array.isArray(array)) throw invalidArguments(NAME);
    const wanted = javaToString(value);
    return array.some((item) => javaToString(item) === wanted);
  },
};
