/**
 * `States.Hash(data, algorithm)`: the lower-case hex digest of the data's UTF-8 bytes with MD5,
 * SHA-1, SHA-256, SHA-384 or SHA-512 (names exactly as written here).
 *
 * AWS hashes a non-string `data` through its Java text (it accepted `123` and `{}`) and rejects
 * data longer than 10,000 characters.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-hash-calc
 */
import { createHash } from 'node:crypto';
import { argumentValues, type IntrinsicFunction, invalidArguments } from './function.js';
import { javaToString } from './java-text.js';

const NAME = 'States.Hash';

/** The longest data, in characters, that `States.Hash` accepts. */
export const HASH_MAX_LENGTH = 10_000;

/** The algorithm names `States.Hash` accepts, with node:crypto's name for each. */
export const HASH_ALGORITHMS: Readonly<Record<string, string>> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/** `States.Hash`: data and an algorithm name. */
export const statesHash: IntrinsicFunction = {
  name: NAME,
  minArgs: 2,
  maxArgs: 2,
  evaluate(args) {
    const [data, algorithm] = argumentValues(NAME, args, 2);
    if (data === null || typeof algorithm !== 'string' || !Object.hasOwn(HASH_ALGORITHMS, algorithm)) {
      throw invalidArguments(NAME);
    }
    const text = typeof data === 'string' ? data : javaToString(data);
    if (text.length > HASH_MAX_LENGTH) throw invalidArguments(NAME);
    return createHash(HASH_ALGORITHMS[algorithm]!).update(text, 'utf8').digest('hex');
  },
};
