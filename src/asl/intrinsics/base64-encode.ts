/**
 * `States.Base64Encode(text)`: the Base64 encoding (standard alphabet, padded) of the text's UTF-8
 * bytes. AWS rejects text longer than 10,000 characters.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#base64encode
 */
import { argumentValues, type IntrinsicFunction, invalidArguments } from './function.js';

const NAME = 'States.Base64Encode';

/** The longest text, in UTF-16 code units, that `States.Base64Encode` accepts. */
export const BASE64_ENCODE_MAX_LENGTH = 10_000;

/** `States.Base64Encode`: one string of at most 10,000 characters. */
export const statesBase64Encode: IntrinsicFunction = {
  name: NAME,
  minArgs: 1,
  maxArgs: 1,
  evaluate(args) {
    const [text] = argumentValues(NAME, args, 1);
    if (typeof text !== 'string' || text.length > BASE64_ENCODE_MAX_LENGTH) throw invalidArguments(NAME);
    return Buffer.from(text, 'utf8').toString('base64');
  },
};
