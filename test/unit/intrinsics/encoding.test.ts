import { describe, expect, it } from 'vitest';
import { expectInvalidArguments, run } from './helpers.js';

describe('States.Base64Encode', () => {
  it('encodes the UTF-8 bytes of the text when given a string', () => {
    // v2_intrinsic_functions_test_encode_decode__TestEncodeDecode_test_base_64_encode_e0, e1; BASE_ASSIGN_FROM_INTRINSIC_FUNCTION
    expect(run('States.Base64Encode($.FunctionInput)', { FunctionInput: '' })).toBe('');
    expect(run('States.Base64Encode($.FunctionInput)', { FunctionInput: 'Data to encode' })).toBe(
      'RGF0YSB0byBlbmNvZGU=',
    );
    expect(run('States.Base64Encode($.rawString)', { rawString: 'Hello World' })).toBe('SGVsbG8gV29ybGQ=');
    // Observed on AWS (tiny-asl-machine States.Base64Encode-005, -020).
    expect(run('States.Base64Encode($.s)', { s: 'こんにちは' })).toBe('44GT44KT44Gr44Gh44Gv');
    expect(run("States.Base64Encode('🚀')")).toBe('8J+agA==');
  });

  it('accepts 10,000 characters and fails beyond', () => {
    // AWS docs: input string up to 10,000 characters; observed on AWS (States.Base64Encode-009, -010).
    expect(run('States.Base64Encode($.s)', { s: 'a'.repeat(10_000) })).toHaveLength(13_336);
    expectInvalidArguments('States.Base64Encode($.s)', 'States.Base64Encode', { s: 'a'.repeat(10_001) });
  });

  it('fails when the argument is not a string', () => {
    expectInvalidArguments('States.Base64Encode(123)', 'States.Base64Encode');
    expectInvalidArguments('States.Base64Encode($.arr)', 'States.Base64Encode', { arr: ['x'] });
  });
});

describe('States.Base64Decode', () => {
  it('decodes to UTF-8 text when given Base64', () => {
    // BASE_ASSIGN_FROM_INTRINSIC_FUNCTION: 'SGVsbG8gV29ybGQ=' -> 'Hello World'
    expect(run('States.Base64Decode($.encodedString)', { encodedString: 'SGVsbG8gV29ybGQ=' })).toBe('Hello World');
    // Observed on AWS (tiny-asl-machine States.Base64Decode-002, -005, -018).
    expect(run("States.Base64Decode('')")).toBe('');
    expect(run("States.Base64Decode('44GT44KT44Gr44Gh44Gv')")).toBe('こんにちは');
    expect(run('States.Base64Decode($.s)', { s: 'YWJjAGRlZg==' })).toBe('abc\u0000def');
  });

  it('decodes leniently when the data is malformed', () => {
    // Observed on AWS: ' YWJjZA== ', 'abc' and 'ab==cd' decode instead of failing (States.Base64Decode-014, -015, -019).
    expect(run("States.Base64Decode(' YWJjZA== ')")).toBe('abcd');
    expect(run("States.Base64Decode('YWJjZA')")).toBe('abcd');
    expect(run("States.Base64Decode('aGk=aGk=')")).toBe('hi');
  });

  it('fails when the data is longer than 10,000 characters or not a string', () => {
    // Observed on AWS (States.Base64Decode-008, -009).
    expectInvalidArguments('States.Base64Decode($.s)', 'States.Base64Decode', { s: 'A'.repeat(10_001) });
    expectInvalidArguments('States.Base64Decode(123)', 'States.Base64Decode');
  });
});

describe('States.Hash', () => {
  it.each([
    // v2_intrinsic_functions_test_hash_calculations__TestHashCalculations_test_hash_e0 … e4
    ['MD5', '812f45842bc6d66ee14572ce20db8e86'],
    ['SHA-1', 'aaff4a450a104cd177d28d18d74485e8cae074b7'],
    ['SHA-256', 'b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3'],
    ['SHA-384', 'd28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562'],
    [
      'SHA-512',
      '6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4',
    ],
  ])('hashes "input data" with %s', (algorithm, digest) => {
    expect(
      run('States.Hash($.FunctionInput.fst, $.FunctionInput.snd)', {
        FunctionInput: { fst: 'input data', snd: algorithm },
      }),
    ).toBe(digest);
  });

  it('hashes the UTF-8 bytes when the data is not ASCII', () => {
    // BASE_ASSIGN_FROM_INTRINSIC_FUNCTION; observed on AWS (tiny-asl-machine States.Hash-009).
    expect(run("States.Hash($.inputString, 'SHA-256')", { inputString: 'Hash this string' })).toBe(
      '1cac63f39fd68d8c531f27b807610fb3d50f0fc3f186995767fb6316e7200a3e',
    );
    expect(run("States.Hash($.s, 'SHA-256')", { s: 'こんにちは' })).toBe(
      '125aeadf27b0459b8760c13a3d80912dfa8a81a68261906f60d87f4a0268646c',
    );
  });

  it('fails when the algorithm is not one of the five names exactly', () => {
    // Observed on AWS (States.Hash-016, -020, -021, -022).
    for (const algorithm of ["'UNSUPPORTED'", "'sha-256'", "'SHA256'", '123']) {
      expectInvalidArguments(`States.Hash('data', ${algorithm})`, 'States.Hash');
    }
  });

  it('fails when the data is longer than 10,000 characters', () => {
    // Observed on AWS (States.Hash-012, -013).
    expect(run("States.Hash($.s, 'SHA-256')", { s: 'a'.repeat(10_000) })).toMatch(/^[0-9a-f]{64}$/);
    expectInvalidArguments("States.Hash($.s, 'SHA-256')", 'States.Hash', { s: 'a'.repeat(10_001) });
  });

  it('hashes the Java text of the data when the data is not a string', () => {
    // Observed on AWS: numeric and object data are hashed, not rejected (tiny-asl-machine States.Hash-014, -015).
    expect(run("States.Hash(123, 'MD5')")).toBe('202cb962ac59075b964b07152d234b70');
  });
});
