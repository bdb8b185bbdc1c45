/**
 * `States.StringToJson(text)`: the JSON value the text holds.
 *
 * As on AWS, empty or blank text gives `null`, what follows the first value is ignored, and
 * malformed text fails with `Cannot convert String to Json in States.StringToJson, caused by: `
 * and the Jackson parser's message.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-json-manipulate
 */
import { argumentValues, IntrinsicArgumentError, type IntrinsicFunction, invalidArguments } from './function.js';
import { JacksonParseError, parseJsonLikeJackson } from './jackson-parse.js';

const NAME = 'States.StringToJson';

/** `States.StringToJson`: one string argument. */
export const statesStringToJson: IntrinsicFunction = {
  name: NAME,
  minArgs: 1,
  maxArgs: 1,
  evaluate(args) {
    const [text] = argumentValues(NAME, args, 1);
    if (typeof text !== 'string') throw invalidArguments(NAME);
    try {
      return parseJsonLikeJackson(text);
    } catch (error) {
      if (!(error instanceof JacksonParseError)) throw error;
      throw new IntrinsicArgumentError(`Cannot convert String to Json in ${NAME}, caused by: ${error.message}`);
    }
  },
};
