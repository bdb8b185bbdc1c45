/**
 * `$hash(value, algorithm)`: Step Functions' JSONata equivalent of `States.Hash`.
 *
 * The lower-case hex digest of the UTF-8 bytes of `value`, with `algorithm` one of `MD5`,
 * `SHA-1`, `SHA-256`, `SHA-384`, `SHA-512` (case-sensitive). The digests match those AWS records
 * for `States.Hash` (v2_intrinsic_functions_test_hash_calculations … test_hash_e0…e4).
 *
 * Edge cases, as measured on AWS by the Floci project: a non-string value raises `T0410`; a missing
 * algorithm evaluates to nothing; an unknown algorithm name raises `D3137`.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */

import { createHash } from 'node:crypto';
import { rejectSurplusArguments, signatureError, valueError } from './function-error.js';

const NAME = 'hash';

/** The algorithm names `$hash` accepts, mapped to node:crypto's names. */
export const HASH_ALGORITHMS: Readonly<Record<string, string>> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/**
 * @example
 * hash('input data', 'MD5'); // '812f45842bc6d66ee14572ce20db8e86'
 */
export function hash(...args: unknown[]): unknown {
  rejectSurplusArguments(NAME, args, 2);
  const [value, algorithm] = args;
  if (typeof value !== 'string') throw signatureError(NAME, 1);
  if (algorithm === undefined) return undefined;
  if (typeof algorithm !== 'string') throw signatureError(NAME, 2);
  const nodeName = Object.hasOwn(HASH_ALGORITHMS, algorithm) ? HASH_ALGORITHMS[algorithm] : undefined;
  if (nodeName === undefined) {
    throw valueError(`Hash algorithm '${algorithm}' must be one of SHA-1, SHA-384, SHA-256, SHA-512, MD5`);
  }
  return createHash(nodeName).update(value, 'utf8').digest('hex');
}
