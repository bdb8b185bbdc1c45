/**
 * `States.Base64Decode(data)`: the text whose UTF-8 bytes the Base64 data encodes.
 *
 * AWS rejects data longer than 10,000 characters but decodes leniently otherwise: it accepted
 * `'!!!invalid!!!'`, `'abc'`, `'ab==cd'` and `' YWJjZA== '` and returned text. This decoder
 * therefore skips characters outside the Base64 alphabets (standard and URL-safe), stops at the
 * first `=`, decodes a trailing partial group as far as it goes, and replaces invalid UTF-8 with
 * U+FFFD.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#base64decode
 */
import { argumentValues, type IntrinsicFunction, invalidArguments } from './function.js';

const NAME = 'States.Base64Decode';

/** The longest Base64 data, in characters, that `States.Base64Decode` accepts. */
export const BASE64_DECODE_MAX_LENGTH = 10_000;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function sextet(char: string): number | undefined {
  if (char === '-') return 62;
  if (char === '_') return 63;
  const index = ALPHABET.indexOf(char);
  return index < 0 ? undefined : index;
}

/** Decodes Base64 leniently into bytes (see the module description). */
export function decodeBase64Leniently(data: string): Uint8Array {
  const bytes: number[] = [];
  let buffer = 0;
  let count = 0;
  for (const char of data) {
    if (char === '=') break;
    const value = sextet(char);
    if (value === undefined) continue;
    buffer = (buffer << 6) | value;
    count++;
    if (count === 4) {
      bytes.push((buffer >> 16) & 0xff, (buffer >> 8) & 0xff, buffer & 0xff);
      buffer = 0;
      count = 0;
    }
  }
  if (count === 2) bytes.push((buffer >> 4) & 0xff);
  if (count === 3) bytes.push((buffer >> 10) & 0xff, (buffer >> 2) & 0xff);
  return Uint8Array.from(bytes);
}

/** `States.Base64Decode`: one string of at most 10,000 characters. */
export const statesBase64Decode: IntrinsicFunction = {
  name: NAME,
  minArgs: 1,
  maxArgs: 1,
  evaluate(args) {
    const [data] = argumentValues(NAME, args, 1);
    if (typeof data !== 'string' || data.length > BASE64_DECODE_MAX_LENGTH) throw invalidArguments(NAME);
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(decodeBase64Leniently(data));
  },
};
