import { describe, expect, it } from 'vitest';
import { parseJsonSource } from '../../../src/asl/validate/json-source.js';
import { pointerOf, segmentsOf } from '../../../src/asl/validate/pointer.js';

describe('parseJsonSource', () => {
  const text =
    '{\n  "StartAt": "A",\n  "States": {\n    "A": { "Type": "Pass", "End": true },\n    "a/b~c": [1, {"x": null}]\n  }\n}';

  it('returns the same value as JSON.parse when the text is JSON', () => {
    const result = parseJsonSource(text);
    expect(result.ok && result.source.value).toEqual(JSON.parse(text));
  });

  it('locates an object member at its key', () => {
    const result = parseJsonSource(text);
    if (!result.ok) throw new Error('expected JSON');
    expect(result.source.locate('/StartAt')).toEqual({ line: 2, column: 3 });
    expect(result.source.locate('/States/A/End')).toEqual({ line: 4, column: 28 });
  });

  it('locates array elements and escaped member names', () => {
    const result = parseJsonSource(text);
    if (!result.ok) throw new Error('expected JSON');
    expect(result.source.locate('/States/a~1b~0c')).toEqual({ line: 5, column: 5 });
    expect(result.source.locate('/States/a~1b~0c/1/x')).toEqual({ line: 5, column: 19 });
    expect(result.source.locate('')).toEqual({ line: 1, column: 1 });
  });

  it('returns undefined for a pointer to nothing', () => {
    const result = parseJsonSource(text);
    expect(result.ok && result.source.locate('/States/B')).toBeUndefined();
  });

  it('reports the line and column of a trailing comma', () => {
    const result = parseJsonSource('{\n  "a": 1,\n}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.position).toEqual({ line: 3, column: 1 });
  });

  it('reports an unescaped newline inside a string where it occurs', () => {
    const result = parseJsonSource('{"a": "x\ny"}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.position).toEqual({ line: 1, column: 9 });
  });

  it('rejects text after the value, and empty text', () => {
    expect(parseJsonSource('{} {}').ok).toBe(false);
    expect(parseJsonSource('   ').ok).toBe(false);
  });

  it('rejects what JSON.parse rejects: single quotes, leading zeros, bare words', () => {
    for (const bad of ["{'a': 1}", '[01]', '[tru]', '[1,]', '{"a" 1}', '[-]', '[1.]']) {
      expect(() => JSON.parse(bad)).toThrow();
      expect(parseJsonSource(bad).ok).toBe(false);
    }
  });

  it('accepts what JSON.parse accepts: escapes, exponents, a byte order mark, CRLF line ends', () => {
    const result = parseJsonSource('\uFEFF{\r\n"a\\u0041\\n": [-0.5e+3, 1E2, true, false, null]\r\n}');
    expect(result.ok && result.source.value).toEqual({ 'aA\n': [-500, 100, true, false, null] });
    if (result.ok) expect(result.source.locate('/aA\n/1')).toEqual({ line: 2, column: 24 });
  });

  it('keeps __proto__ as an ordinary member, as JSON.parse does', () => {
    const result = parseJsonSource('{"__proto__": {"polluted": true}}');
    expect(result.ok && Object.keys(result.source.value as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('pointerOf', () => {
  it('escapes ~ and / as RFC 6901 says', () => {
    expect(pointerOf(['States', 'a/b', '~x', 0])).toBe('/States/a~1b/~0x/0');
    expect(pointerOf([])).toBe('');
  });

  it('round-trips through segmentsOf', () => {
    expect(segmentsOf(pointerOf(['States', 'a/b~1', 'Retry', 0]))).toEqual(['States', 'a/b~1', 'Retry', '0']);
  });
});
