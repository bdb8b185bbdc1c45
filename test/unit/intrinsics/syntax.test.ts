import { describe, expect, it } from 'vitest';
import { checkIntrinsic, isIntrinsicCall } from '../../../src/asl/intrinsics/index.js';
import { parseIntrinsic } from '../../../src/asl/intrinsics/parser.js';

describe('isIntrinsicCall', () => {
  it('recognises a States call when the text starts with a States name and a parenthesis', () => {
    expect(isIntrinsicCall("States.Format('{}', $.a)")).toBe(true);
    expect(isIntrinsicCall('States.UUID()')).toBe(true);
  });

  it('rejects paths and plain strings when they do not start with a call', () => {
    expect(isIntrinsicCall('$.a')).toBe(false);
    expect(isIntrinsicCall('$$.Execution.Id')).toBe(false);
    expect(isIntrinsicCall('States.Format')).toBe(false);
    expect(isIntrinsicCall('{% $states.input %}')).toBe(false);
  });
});

describe('parseIntrinsic', () => {
  it('parses literals, paths and nested calls when given the documented argument kinds', () => {
    expect(
      parseIntrinsic("States.Array('a\\'b', -1.5e2, true, false, null, $.x, $$.Map.Item.Value, $var.f, States.UUID())"),
    ).toEqual({
      kind: 'call',
      name: 'States.Array',
      args: [
        { kind: 'literal', value: "a'b", source: "a\\'b" },
        { kind: 'literal', value: -150 },
        { kind: 'literal', value: true },
        { kind: 'literal', value: false },
        { kind: 'literal', value: null },
        { kind: 'path', path: '$.x' },
        { kind: 'path', path: '$$.Map.Item.Value' },
        { kind: 'path', path: '$var.f' },
        { kind: 'call', name: 'States.UUID', args: [] },
      ],
    });
  });

  it('unescapes \\{ \\} \\\\ when they appear in a string literal', () => {
    // AWS docs, "Reserved characters in intrinsic functions": \' \{ \} \\ stand for ' { } \
    const call = parseIntrinsic("States.Array('\\{\\}\\\\')");
    expect(call.args[0]).toEqual({ kind: 'literal', value: '{}\\', source: '\\{\\}\\\\' });
  });

  it('keeps brackets, quotes and filters inside one path when a path contains them', () => {
    const call = parseIntrinsic("States.Array($.a['b, c'], $.items[?(@.n > 1)].id)");
    expect(call.args).toEqual([
      { kind: 'path', path: "$.a['b, c']" },
      { kind: 'path', path: '$.items[?(@.n > 1)].id' },
    ]);
  });
});

describe('checkIntrinsic', () => {
  it('accepts well-formed calls when names and argument counts are right', () => {
    // The nine-function example of the AWS intrinsic functions page.
    expect(
      checkIntrinsic(
        "States.Format('{}.{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1))",
      ),
    ).toBeUndefined();
    expect(checkIntrinsic('States.Array( $.a , $.b )')).toBeUndefined();
    expect(checkIntrinsic('States.UUID( )')).toBeUndefined();
    expect(checkIntrinsic('States.MathRandom(1, 10, 42)')).toBeUndefined();
  });

  it('reports a missing closing parenthesis when the call is cut short', () => {
    // Observed on AWS: "States.UUID(" fails validation ("must be a valid JSONPath or a valid intrinsic function call").
    expect(checkIntrinsic('States.UUID(')).toBe('Expected an argument but found end of text at column 13');
    expect(checkIntrinsic('States.ArrayLength($.arr')).toBe(
      "Expected ',' or ')' in the arguments of States.ArrayLength but found end of text at column 25",
    );
  });

  it('reports trailing text when something follows the call', () => {
    // Observed on AWS: "States.UUID() trailing" fails validation.
    expect(checkIntrinsic('States.UUID() trailing')).toBe("Unexpected 't' after the call at column 15");
  });

  it('reports an empty argument when a comma has nothing after it', () => {
    expect(checkIntrinsic('States.ArrayGetItem($.arr, )')).toBe("Expected an argument but found ')' at column 28");
    expect(checkIntrinsic('States.UUID(,)')).toBe("Expected an argument but found ',' at column 13");
  });

  it("reports an escape other than \\' \\{ \\} \\\\ when a literal contains one", () => {
    // Observed on AWS: States.Base64Decode('YWJj\nZA==') (a backslash-n) is rejected at validation time.
    expect(checkIntrinsic("States.Base64Decode('YWJj\\nZA==')")).toBe(
      "Invalid escape '\\n' in a string literal (only \\', \\{, \\} and \\\\ are allowed) at column 26",
    );
  });

  it('reports an unterminated string when the closing quote is missing', () => {
    expect(checkIntrinsic("States.Format('abc")).toBe('Unterminated string literal at column 15');
  });

  it('reports malformed numbers and words when arguments are not literals', () => {
    expect(checkIntrinsic('States.Array(1.)')).toBe("Unexpected '.' after an argument at column 15");
    expect(checkIntrinsic('States.Array(.5)')).toBe("Expected an argument but found '.' at column 14");
    expect(checkIntrinsic('States.Array([1,2])')).toBe("Expected an argument but found '[' at column 14");
    expect(checkIntrinsic('States.Array(nulls)')).toBe("Unexpected 's' after an argument at column 18");
  });

  it('reports an unknown function when the name is not one of the 18', () => {
    expect(checkIntrinsic('States.Compare($.apples, $.oranges)')).toBe("Unknown intrinsic function 'States.Compare'");
    expect(checkIntrinsic('States.Array(States.Nope())')).toBe("Unknown intrinsic function 'States.Nope'");
  });

  it('reports the expected count when a function gets too few or too many arguments', () => {
    expect(checkIntrinsic('States.MathAdd(1)')).toBe('States.MathAdd takes 2 arguments but is given 1');
    expect(checkIntrinsic('States.ArrayRange(1, 5, 1, 99)')).toBe('States.ArrayRange takes 3 arguments but is given 4');
    expect(checkIntrinsic('States.Format()')).toBe('States.Format takes at least 1 argument but is given 0');
    expect(checkIntrinsic('States.MathRandom(1)')).toBe('States.MathRandom takes 2 to 3 arguments but is given 1');
    expect(checkIntrinsic('States.JsonMerge($.a, $.b)')).toBe('States.JsonMerge takes 3 arguments but is given 2');
    expect(checkIntrinsic('States.Array(States.StringToJson())')).toBe(
      'States.StringToJson takes 1 argument but is given 0',
    );
  });

  it('accepts arguments to States.UUID when AWS ignores them', () => {
    // Observed on AWS: States.UUID('x'), States.UUID(1, 2) and States.UUID(null) still return a UUID.
    expect(checkIntrinsic("States.UUID('x')")).toBeUndefined();
    expect(checkIntrinsic('States.UUID(1, 2)')).toBeUndefined();
  });

  it('reports nesting deeper than 10 when calls are nested 11 deep', () => {
    const eleven = `${'States.Array('.repeat(11)}1${')'.repeat(11)}`;
    const ten = `${'States.Array('.repeat(10)}1${')'.repeat(10)}`;
    expect(checkIntrinsic(ten)).toBeUndefined();
    expect(checkIntrinsic(eleven)).toBe('Intrinsic functions are nested 11 deep; at most 10 are allowed');
  });

  it('reports an invalid path when a path argument is not a valid JSONPath', () => {
    expect(checkIntrinsic('States.Array($.a.)')).toMatch(/^'\$\.a\.' is not a valid JSONPath/);
    expect(checkIntrinsic('States.Array($$.Execution.Input, $var.field, $.a[?(@.x == 1)])')).toBeUndefined();
  });

  it('accepts unescaped braces in literals when they are only a run-time problem', () => {
    // Observed on AWS: States.Format('Hello {', $.a) is accepted and fails when the state runs.
    expect(checkIntrinsic("States.Format('Hello {', $.a)")).toBeUndefined();
  });
});
