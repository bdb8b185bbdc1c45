/**
 * `States.StringSplit(text, delimiters)`: the pieces of the text between delimiter characters.
 *
 * As Java's `StringTokenizer` (and AWS): every character of the second argument is a delimiter,
 * and empty pieces are dropped (`',,,,'` splits into `[]`, `'a,,b'` into `['a', 'b']`).
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-string-operation
 */
import { argumentValues, type IntrinsicFunction, invalidArguments } from './function.js';

const NAME = 'States.StringSplit';

/** `States.StringSplit`: two strings. */
export const statesStringSplit: IntrinsicFunction = {
  name: NAME,
  minArgs: 2,
  maxArgs: 2,
  evaluate(args) {
    const [text, delimiters] = argumentValues(NAME, args, 2);
    if (typeof text !== 'string' || typeof delimiters !== 'string') throw invalidArguments(NAME);
    const separators = new Set(delimiters);
    const pieces: string[] = [];
    let piece = '';
    for (const char of text) {
      if (separators.has(char)) {
        if (piece !== '') pieces.push(piece);
        piece = '';
      } else {
        piece += char;
      }
    }
    if (piece !== '') pieces.push(piece);
    return pieces;
  },
};
