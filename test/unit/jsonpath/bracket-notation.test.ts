/**
 * Bracket notation as AWS's Jayway reads it. AWS runs Jayway 2.0.0: its messages are that
 * version's (AWS: "Property ['length()'] not found in path $['list']", awsdocs
 * aws-step-functions-developer-guide PR #5; the message exists in Jayway up to 2.0.0 only), and
 * 2.0.0's `PathComponentAnalyzer.analyzeProperty` takes a single-quoted name as written, backslashes
 * and all.
 */
import { describe, expect, it } from 'vitest';
import { compilePath, JsonPathSyntaxError, NOT_FOUND, readPath } from '../../../src/asl/jsonpath/index.js';

function names(path: string): readonly string[] {
  const [token, ...rest] = compilePath(path).tokens;
  expect(rest).toEqual([]);
  if (token?.kind !== 'property') throw new Error(`${path} is not one property step`);
  return token.names;
}

describe('JSONPath bracket notation', () => {
  it('takes a single-quoted name as written when it holds backslashes and double quotes', () => {
    // The member name of LocalStack's AWS-validated escape_sequences_jsonpath template.
    const path = String.raw`$['Test\""Name"']`;
    expect(names(path)).toEqual([String.raw`Test\""Name"`]);
    expect(readPath(compilePath(path), { [String.raw`Test\""Name"`]: 'Value"\\' })).toBe('Value"\\');
  });

  it('ends a single-quoted name at the next quote when the quote is preceded by a backslash', () => {
    // Jayway 2.0.0 knows no escapes in names: `\'` closes the name and the rest up to `]` is skipped.
    expect(names(String.raw`$['a\'b']`)).toEqual(['a\\']);
    expect(readPath(compilePath(String.raw`$['a\'b']`), { "a'b": 1 })).toBe(NOT_FOUND);
    expect(readPath(compilePath(String.raw`$['a\'b']`), { 'a\\': 2 })).toBe(2);
  });

  it('keeps unicode escapes and other backslash sequences in a single-quoted name as text', () => {
    expect(names(String.raw`$['\u00e9']`)).toEqual([String.raw`\u00e9`]);
    expect(names(String.raw`$['a\nb']`)).toEqual([String.raw`a\nb`]);
    expect(names("$['é']")).toEqual(['é']);
  });

  it('reads several single-quoted names whatever separates them', () => {
    expect(names("$['a','b']")).toEqual(['a', 'b']);
    expect(names("$[ 'a' , 'b' ]")).toEqual(['a', 'b']);
    expect(names("$['a' 'b']")).toEqual(['a', 'b']);
  });

  it('keeps dots, blanks, commas and double quotes inside a single-quoted name', () => {
    expect(names("$['a.b c,d\"e']")).toEqual(['a.b c,d"e']);
  });

  it("accepts a name after a dot, as in the AWS documentation example $.abc.['def ghi']", () => {
    expect(compilePath("$.abc.['def ghi']").normalized).toBe("$['abc']['def ghi']");
  });

  it('resolves backslash escapes in a double-quoted name, a form AWS has not', () => {
    expect(names(String.raw`$["a\"b"]`)).toEqual(['a"b']);
    expect(names(`$["a'b"]`)).toEqual(["a'b"]);
  });

  it('keeps brackets inside a single-quoted name when they balance', () => {
    expect(names("$['a[0]']")).toEqual(['a[0]']);
  });

  it('fails to compile when a quoted name is not closed before its bracket', () => {
    // Jayway 2.0.0 ends the step at the first `]`: `['a]` holds no closed name.
    expect(() => compilePath("$['a]b']")).toThrow(JsonPathSyntaxError);
    expect(() => compilePath("$['a")).toThrow(JsonPathSyntaxError);
    expect(() => compilePath("$['a'")).toThrow(JsonPathSyntaxError);
    expect(() => compilePath('$["a')).toThrow(JsonPathSyntaxError);
  });
});

describe('JSONPath filter literals', () => {
  const users = {
    users: [
      { status: 'active', n: 1 },
      { status: "it's", n: 2 },
      { status: 'it\\n', n: 3 },
    ],
  };
  const read = (path: string): unknown => readPath(compilePath(path), users);

  it("compares an unquoted word as a string, as AWS's Jayway 2.0.0 does", () => {
    // Jayway 2.0.0 Criteria.create keeps a right side that is neither a path, a quoted string nor a
    // pattern as the string itself.
    expect(read('$.users[?(@.status == active)]')).toEqual([{ status: 'active', n: 1 }]);
    expect(read('$.users[?(@.n > 1 && @.status != active)]')).toEqual([
      { status: "it's", n: 2 },
      { status: 'it\\n', n: 3 },
    ]);
  });

  it('still reads unquoted numbers, true, false and null as JSON literals', () => {
    expect(read('$.users[?(@.n == 2)]')).toEqual([{ status: "it's", n: 2 }]);
    expect(readPath(compilePath('$.l[?(@.b == true)]'), { l: [{ b: true }, { b: false }] })).toEqual([{ b: true }]);
    expect(readPath(compilePath('$.l[?(@.b == null)]'), { l: [{ b: null }, { b: 1 }] })).toEqual([{ b: null }]);
  });

  it("reads \\' as a quote and keeps every other backslash in a single-quoted string", () => {
    // Jayway 2.0.0 compares the literal as written after replacing \' with '.
    expect(read(String.raw`$.users[?(@.status == 'it\'s')]`)).toEqual([{ status: "it's", n: 2 }]);
    expect(read(String.raw`$.users[?(@.status == 'it\n')]`)).toEqual([{ status: 'it\\n', n: 3 }]);
  });
});
