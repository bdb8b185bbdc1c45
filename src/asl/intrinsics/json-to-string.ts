/**
 * `States.JsonToString(value)`: the value as compact JSON text, written as AWS's Jackson writer
 * writes it (see {@link toJacksonJson}).
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#jsontostring
 */
import { IntrinsicArgumentError, type IntrinsicFunction } from './function.js';
import { toJacksonJson } from './java-text.js';

const NAME = 'States.JsonToString';

/** `States.JsonToString`: exactly one argument (AWS also accepts a literal). */
export const statesJsonToString: IntrinsicFunction = {
  name: NAME,
  minArgs: 1,
  maxArgs: 1,
  evaluate(args) {
    const [arg] = args;
    if (args.length !== 1 || arg === undefined) {
      throw new IntrinsicArgumentError(`Invalid arguments in ${NAME}: only a single argument is allowed.`);
    }
    return toJacksonJson(arg.value);
  },
};
