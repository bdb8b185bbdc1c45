import { describe, expect, it } from 'vitest';
import { expectInvalidArguments, failure, run } from './helpers.js';

const SOURCE = '[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)';

describe('States.StringToJson', () => {
  it.each([
    // v2_intrinsic_functions_test_json_manipulation__TestJsonManipulation_test_string_to_json_e0 … e9
    ['', null],
    [' ', null],
    ['null', null],
    ['-0', 0],
    ['1', 1],
    ['1.1', 1.1],
    ['true', true],
    ['"HelloWorld"', 'HelloWorld'],
    ['[1, 2, "HelloWorld"]', [1, 2, 'HelloWorld']],
    ['{"Arg1": 1, "Arg2": []}', { Arg1: 1, Arg2: [] }],
  ])('parses %j into the value AWS returns', (text, expected) => {
    expect(run('States.StringToJson($.FunctionInput)', { FunctionInput: text })).toEqual(expected);
  });

  it('round-trips an object when given the output of JsonToString', () => {
    // BASE_ASSIGN_FROM_INTRINSIC_FUNCTION parses '{"key":"value"}'; tiny-asl-machine States.StringToJson-007.
    expect(run('States.StringToJson(States.JsonToString($.obj))', { obj: { a: 1, nested: { ok: true } } })).toEqual({
      a: 1,
      nested: { ok: true },
    });
  });

  it("fails with Jackson's message when a field name is not quoted", () => {
    // Observed on AWS (tiny-asl-machine snapshot States.StringToJson-011).
    expect(failure('States.StringToJson($.json)', { json: '{bad json}' }).cause).toBe(
      "There was an error while evaluating the intrinsic function: States.StringToJson($.json). Cannot convert String to Json in States.StringToJson, caused by: Unexpected character ('b' (code 98)): was expecting double-quote to start field name\n" +
        ` at ${SOURCE}; line: 1, column: 2]`,
    );
  });

  it("fails with Jackson's message when an object is not closed", () => {
    // Observed on AWS (States.StringToJson-012).
    expect(failure('States.StringToJson($.json)', { json: '{"a":1' }).cause).toBe(
      'There was an error while evaluating the intrinsic function: States.StringToJson($.json). Cannot convert String to Json in States.StringToJson, caused by: Unexpected end-of-input: expected close marker for Object ' +
        `(start marker at ${SOURCE}; line: 1, column: 1])\n at ${SOURCE}; line: 1, column: 7]`,
    );
  });

  it("fails with Jackson's message when the text is an unknown word", () => {
    // Observed on AWS (States.StringToJson-014).
    expect(failure('States.StringToJson($.json)', { json: 'undefined' }).cause).toBe(
      "There was an error while evaluating the intrinsic function: States.StringToJson($.json). Cannot convert String to Json in States.StringToJson, caused by: Unrecognized token 'undefined': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n" +
        ` at ${SOURCE}; line: 1, column: 10]`,
    );
  });

  it('fails with invalid arguments when the argument is not a string', () => {
    // Observed on AWS (States.StringToJson-015, -016, -017).
    expectInvalidArguments('States.StringToJson($.json)', 'States.StringToJson', { json: 123 });
    expectInvalidArguments('States.StringToJson($.json)', 'States.StringToJson', { json: { a: 1 } });
    expectInvalidArguments('States.StringToJson($.json)', 'States.StringToJson', { json: [1, 2] });
  });

  it('fails with invalid arguments when called without an argument', () => {
    // Observed on AWS (States.StringToJson-018).
    expectInvalidArguments('States.StringToJson()', 'States.StringToJson');
  });
});

describe('States.JsonToString', () => {
  it('writes compact JSON when given an object', () => {
    // BASE_ASSIGN_FROM_INTRINSIC_FUNCTION: {"test":"object"} -> '{"test":"object"}'
    expect(run('States.JsonToString($.jsonObject)', { jsonObject: { test: 'object' } })).toBe('{"test":"object"}');
  });

  it.each([
    // Observed on AWS (tiny-asl-machine States.JsonToString-002 … -012, -018, -019).
    [[1, 2, 3], '[1,2,3]'],
    ['hello', '"hello"'],
    [123, '123'],
    [false, 'false'],
    [null, 'null'],
    [{}, '{}'],
    [{ nested: { a: 1 }, arr: [true, null] }, '{"nested":{"a":1},"arr":[true,null]}'],
    [[null, '', ' ', 0, 1, true, false, [0, 1, false]], '[null,""," ",0,1,true,false,[0,1,false]]'],
    [[-1, 3.5, -9007199254740991, 9007199254740991], '[-1,3.5,-9007199254740991,9007199254740991]'],
  ])('writes %j as AWS does', (value, expected) => {
    expect(run('States.JsonToString($.v)', { v: value })).toBe(expected);
  });

  it('escapes quotes, backslashes and control characters as Jackson does when a string needs it', () => {
    expect(run('States.JsonToString($.v)', { v: 'a"b\\c\nd\u0001/é' })).toBe('"a\\"b\\\\c\\nd\\u0001/é"');
  });

  it("prints fractions with Java's Double.toString when numbers are not integers", () => {
    expect(run('States.JsonToString($.v)', { v: [0.0001, 1.5e-7, 123456789.5] })).toBe('[1.0E-4,1.5E-7,1.234567895E8]');
  });

  it('serialises a literal when the argument is not a path', () => {
    // Observed on AWS (States.JsonToString-016): 'x' -> '"x"'.
    expect(run("States.JsonToString('x')")).toBe('"x"');
  });

  it("fails with AWS's single-argument message when the argument count is not one", () => {
    // Observed on AWS (States.JsonToString-013 and -014).
    for (const text of ['States.JsonToString()', 'States.JsonToString($.a, $.b)']) {
      expect(failure(text, { a: { x: 1 }, b: 'unused' }).cause).toBe(
        `There was an error while evaluating the intrinsic function: ${text}. Invalid arguments in States.JsonToString: only a single argument is allowed.`,
      );
    }
  });
});

describe('States.JsonMerge', () => {
  it('merges shallowly when the deep flag is false', () => {
    // BASE_ASSIGN_FROM_INTRINSIC_FUNCTION
    expect(run('States.JsonMerge($.json1, $.json2, false)', { json1: { a: 1, b: 2 }, json2: { c: 3, d: 4 } })).toEqual({
      a: 1,
      b: 2,
      c: 3,
      d: 4,
    });
  });

  it('replaces nested values wholesale and keeps the left key order when keys collide', () => {
    // Observed on AWS (tiny-asl-machine States.JsonMerge-002, -005, -009).
    expect(run('States.JsonMerge($.a, $.b, false)', { a: { nested: { a1: 1 } }, b: { nested: { a3: 3 } } })).toEqual({
      nested: { a3: 3 },
    });
    const merged = run('States.JsonMerge($.a, $.b, false)', { a: { value: 1 }, b: { fallback: true, value: 2 } });
    expect(Object.entries(merged as object)).toEqual([
      ['value', 2],
      ['fallback', true],
    ]);
  });

  it('fails when the deep flag is true', () => {
    // AWS docs: "Step Functions supports only the shallow merging mode".
    expectInvalidArguments('States.JsonMerge($.a, $.b, true)', 'States.JsonMerge', { a: {}, b: {} });
  });

  it('fails when an argument is not an object', () => {
    expectInvalidArguments('States.JsonMerge($.a, $.b, false)', 'States.JsonMerge', { a: null, b: {} });
    expectInvalidArguments('States.JsonMerge($.a, $.b, false)', 'States.JsonMerge', { a: [], b: {} });
    expectInvalidArguments('States.JsonMerge($.a, $.b, false)', 'States.JsonMerge', { a: {}, b: 'x' });
  });
});
