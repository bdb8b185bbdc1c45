import { describe, expect, it } from 'vitest';
import { compilePath, JsonPathSyntaxError } from '../../../src/asl/jsonpath/index.js';

describe('compilePath', () => {
  it('normalises dot and bracket notation to Jayway form when compiling names and indexes', () => {
    // Jayway prints paths this way in its messages, e.g. "No results for path: $['NoSuchOutputPath']".
    expect(compilePath('$.store.book[0]').normalized).toBe("$['store']['book'][0]");
    expect(compilePath('$[\'store\']["book"]').normalized).toBe("$['store']['book']");
  });

  it('accepts member names with dashes and other punctuation in dot notation', () => {
    // v2_context_object_test_context_object__TestSnfBase_test_variable uses `$$.Execution.Input.input-value`.
    expect(compilePath('$.Execution.Input.input-value').normalized).toBe("$['Execution']['Input']['input-value']");
  });

  it('treats name() as a member name when a path uses function syntax', () => {
    // AWS: "Invalid path '$.list.length()' : Property ['length()'] not found in path $['list']".
    expect(compilePath('$.list.length()').normalized).toBe("$['list']['length()']");
  });

  it('marks names and single indexes as definite and everything else as indefinite', () => {
    expect(compilePath('$').definite).toBe(true);
    expect(compilePath('$.a.b[0]').definite).toBe(true);
    expect(compilePath("$['a','b']").definite).toBe(true);
    expect(compilePath('$.a[(@.length-1)]').definite).toBe(true);
    for (const path of ['$.a[*]', '$.a.*', '$.a[1:]', '$.a[:2]', '$.a[0,1]', '$..a', '$.a[?(@.b)]']) {
      expect(compilePath(path).definite, path).toBe(false);
    }
  });

  it('compiles slices, unions, wildcards and recursive descent into their Jayway fragments', () => {
    expect(compilePath('$.a[1:5]').normalized).toBe("$['a'][1:5]");
    expect(compilePath('$.a[-2:]').normalized).toBe("$['a'][-2:]");
    expect(compilePath('$.a[:1]').normalized).toBe("$['a'][:1]");
    expect(compilePath('$.a[0, 2]').normalized).toBe("$['a'][0,2]");
    expect(compilePath('$.a.*').normalized).toBe("$['a'][*]");
    expect(compilePath('$..b').normalized).toBe("$..['b']");
    expect(compilePath('$.a[?(@.x == 1)]').normalized).toBe("$['a'][?]");
  });

  it('offers a step list for the fast path only when all steps are names or non-negative indexes', () => {
    expect(compilePath('$.a.b[0]').simpleSteps).toEqual(['a', 'b', 0]);
    expect(compilePath('$.a[-1]').simpleSteps).toBeUndefined();
    expect(compilePath('$.a[*]').simpleSteps).toBeUndefined();
  });

  it('throws JsonPathSyntaxError when the path is malformed', () => {
    for (const path of [
      'a.b',
      '$a',
      '$.a.',
      '$..',
      '$.a[',
      "$['a'",
      '$.a[x]',
      '$.a b',
      '$.a[?(@.b ==)]',
      '$.a[1:2:3]',
    ]) {
      expect(() => compilePath(path), path).toThrow(JsonPathSyntaxError);
    }
  });

  it('rejects an unknown filter operator when compiling', () => {
    expect(() => compilePath('$.a[?(@.b <> 1)]')).toThrow(/not supported/);
  });
});
