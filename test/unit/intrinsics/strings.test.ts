import { describe, expect, it } from 'vitest';
import { expectInvalidArguments, run } from './helpers.js';

describe('States.StringSplit', () => {
  it.each([
    // v2_intrinsic_functions_test_string_operations__TestStringOperations_test_string_split_e0 … e6
    [' ', ',', [' ']],
    [' , ', ',', [' ', ' ']],
    [', , ,', ',', [' ', ' ']],
    [',,,,', ',', []],
    ['1,2,3,4,5', ',', ['1', '2', '3', '4', '5']],
    ['This.is+a,test=string', '.+,=', ['This', 'is', 'a', 'test', 'string']],
    ['split on T and \nnew line', 'T\n', ['split on ', ' and ', 'new line']],
  ])('splits %j on the characters of %j', (fst, snd, expected) => {
    expect(
      run('States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)', { FunctionInput: { fst, snd } }),
    ).toEqual(expected);
  });

  it('reads the text from the Context object when the path is a context path', () => {
    // v2_intrinsic_functions_test_string_operations__TestStringOperations_test_string_split_context_object
    const input = {
      FunctionInput: "Value1,Value2,Value3\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n",
    };
    expect(run("States.StringSplit($$.Execution.Input.FunctionInput, ',')", input)).toEqual([
      'Value1',
      'Value2',
      'Value3\nValue4',
      'Value5',
      'Value6\n',
      '\ntrue',
      '1',
      "'HelloWorld'\nNull",
      'None',
      '\n   \n',
    ]);
  });

  it('gives no pieces when the text is empty', () => {
    // Observed on AWS: '' splits into no tokens (tiny-asl-machine States.StringSplit-007).
    expect(run("States.StringSplit('', ',')")).toEqual([]);
  });

  it('fails when an argument is not a string', () => {
    // Observed on AWS (States.StringSplit-016, -017, -018, -025).
    expectInvalidArguments("States.StringSplit($.val, ',')", 'States.StringSplit', { val: 123 });
    expectInvalidArguments('States.StringSplit($.str, $.d)', 'States.StringSplit', { str: 'a,b', d: null });
    expectInvalidArguments('States.StringSplit($.str, $.d)', 'States.StringSplit', { str: 'a,b', d: [','] });
  });
});

describe('States.UUID', () => {
  it('returns the injected UUID when called without arguments', () => {
    // BASE_ASSIGN_FROM_INTRINSIC_FUNCTION assigns States.UUID() (recorded as "<uuid:1>").
    expect(run('States.UUID()')).toBe('0d553bbc-e4c4-492f-9196-382a58481210');
  });

  it('ignores arguments when some are given', () => {
    // Observed on AWS: States.UUID('x') and States.UUID(1, 2) return a UUID (tiny-asl-machine States.UUID-008, -010).
    expect(run("States.UUID('x')")).toBe('0d553bbc-e4c4-492f-9196-382a58481210');
    expect(run('States.UUID(1, 2)')).toBe('0d553bbc-e4c4-492f-9196-382a58481210');
  });

  it('feeds its result to an enclosing call when nested', () => {
    expect(run("States.Format('id-{}', States.UUID())")).toBe('id-0d553bbc-e4c4-492f-9196-382a58481210');
  });
});
