/**
 * The Java reproductions behind AWS's observable behaviour, checked against values printed by
 * OpenJDK 17 (`Double.toString`, `HashSet` iteration order, `hashCode`, `java.util.Random`).
 */
import { describe, expect, it } from 'vitest';
import { parseJsonLikeJackson } from '../../../src/asl/intrinsics/jackson-parse.js';
import { javaHashCode, javaHashSetOrder } from '../../../src/asl/intrinsics/java-hash.js';
import { JavaRandom } from '../../../src/asl/intrinsics/java-random.js';
import { formatJavaDouble, formatJavaNumber, javaToString } from '../../../src/asl/intrinsics/java-text.js';

describe('formatJavaDouble', () => {
  it.each([
    [1.1, '1.1'],
    [2, '2.0'],
    [0.001, '0.001'],
    [0.0001, '1.0E-4'],
    [1.5e-7, '1.5E-7'],
    [123456789.5, '1.234567895E8'],
    [9999999.5, '9999999.5'],
    [1e7 + 0.5, '1.00000005E7'],
    [-3.25, '-3.25'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e21, '1.0E21'],
    [12345.678, '12345.678'],
  ])('prints %d as Java does', (value, expected) => {
    expect(formatJavaDouble(value)).toBe(expected);
  });
});

describe('formatJavaNumber', () => {
  it('prints integral values as integer digits when the JSON held an integer', () => {
    expect(formatJavaNumber(1e21)).toBe('1000000000000000000000');
    expect(formatJavaNumber(-0)).toBe('0');
    expect(formatJavaNumber(9007199254740991)).toBe('9007199254740991');
  });
});

describe('javaToString', () => {
  it('prints maps and lists as Java collections do', () => {
    expect(javaToString({ Id: 'arn', Name: 'sm', n: null, l: [1, 'a', 2.5] })).toBe(
      '{Id=arn, Name=sm, n=null, l=[1, a, 2.5]}',
    );
  });
});

describe('javaHashCode', () => {
  it('matches Java for strings, longs, doubles and big integers', () => {
    expect(javaHashCode('hello')).toBe(99162322);
    expect(javaHashCode('こんにちは')).toBe(-1077264583);
    expect(javaHashCode(3000000000)).toBe(-1294967296);
    expect(javaHashCode(-3000000000)).toBe(-1294967297);
    expect(javaHashCode(1.5)).toBe(1073217536);
    expect(javaHashCode(1e20)).toBe(1882487352);
    expect(javaHashCode(-1e20)).toBe(-1882487352);
  });
});

describe('javaHashSetOrder', () => {
  it.each([
    [
      ['b', 'a', 'c', 'a', 'B'],
      ['a', 'b', 'B', 'c'],
    ],
    [
      [100, 17, 33, 1, 16, 100],
      [16, 17, 33, 1, 100],
    ],
    [
      [1.5, -2.25, 1.5, 3000000000, -7],
      [3000000000, -2.25, -7, 1.5],
    ],
    [
      [1, '1', 1, '01'],
      [1, '1', '01'],
    ],
    [
      [{ a: 1, b: 'x' }, 'z', { b: 'x', a: 1 }, []],
      [[], { a: 1, b: 'x' }, 'z'],
    ],
  ])('orders %j as a Java HashSet iterates it', (values, expected) => {
    expect(javaHashSetOrder(values)).toEqual(expected);
  });

  it('follows the table growth when more than 12 distinct values are added', () => {
    const values = Array.from({ length: 30 }, (_, i) => `k${(i * 7) % 30}`);
    expect(javaHashSetOrder(values).join(' ')).toBe(
      'k11 k10 k13 k12 k15 k14 k17 k16 k19 k18 k0 k1 k2 k3 k20 k4 k5 k22 k21 k6 k7 k24 k8 k23 k26 k9 k25 k28 k27 k29',
    );
  });
});

describe('JavaRandom', () => {
  it.each([
    [42n, [0, 62, 130, 1, 1562431130]],
    [0n, [0, 33, 360, 5, 1569741360]],
    [-10n, [3, 9, 283, 0, 579281283]],
    [1n, [5, 15, 985, 4, 1569548985]],
  ])('draws as new Random(%d).nextInt(bound) does', (seed, expected) => {
    expect([10, 99, 1000, 7, 2147483647].map((bound) => new JavaRandom(seed).nextInt(bound))).toEqual(expected);
  });
});

describe('parseJsonLikeJackson', () => {
  it('ignores what follows the root value when there is more text', () => {
    expect(parseJsonLikeJackson('{"a":1} trailing')).toEqual({ a: 1 });
  });

  it("reports Jackson's messages when the text is malformed", () => {
    const at = (column: number) =>
      ` at [Source: REDACTED (\`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION\` disabled); line: 1, column: ${column}]`;
    expect(() => parseJsonLikeJackson('[1 2]')).toThrow(
      `Unexpected character ('2' (code 50)): was expecting comma to separate Array entries\n${at(4)}`,
    );
    expect(() => parseJsonLikeJackson('{"a" 1}')).toThrow(
      `Unexpected character ('1' (code 49)): was expecting a colon to separate field name and value\n${at(6)}`,
    );
    expect(() => parseJsonLikeJackson('"abc')).toThrow(
      `Unexpected end-of-input: was expecting closing quote for a string value\n${at(5)}`,
    );
  });
});
