/**
 * `States.JsonMerge(left, right, deep)`: a shallow merge of two objects, `right` winning on
 * shared keys (which keep their place in `left`'s order).
 *
 * Step Functions supports only the shallow mode: `deep` set to `true` fails. AWS accepts any other
 * value for it (a string `'false'` merges shallowly).
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-json-manipulate
 */
import { argumentValues, type IntrinsicFunction, invalidArguments, isJsonObject } from './function.js';

const NAME = 'States.JsonMerge';

/** `States.JsonMerge`: two objects and the deep-merge flag, which must not be `true`. */
export const statesJsonMerge: IntrinsicFunction = {
  name: NAME,
  minArgs: 3,
  maxArgs: 3,
  evaluate(args) {
    const [left, right, deep] = argumentValues(NAME, args, 3);
    if (!isJsonObject(left) || !isJsonObject(right) || deep === true) throw invalidArguments(NAME);
    const merged: Record<string, unknown> = {};
    for (const source of [left, right]) {
      for (const [key, value] of Object.entries(source)) {
        Object.defineProperty(merged, key, { value, enumerable: true, writable: true, configurable: true });
      }
    }
    return merged;
  },
};
