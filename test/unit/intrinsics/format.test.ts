import { describe, expect, it } from 'vitest';
import { expectInvalidArguments, failure, run } from './helpers.js';

describe('States.Format', () => {
  it.each([
    // v2_intrinsic_functions_test_generic__TestGeneric_test_format_1_e0 … e6
    ['', 'Formatting argument .'],
    [' ', 'Formatting argument  .'],
    ['HelloWorld', 'Formatting argument HelloWorld.'],
    [null, 'Formatting argument null.'],
    [1, 'Formatting argument 1.'],
    [1.1, 'Formatting argument 1.1.'],
    ['{"Arg1": 1, "Arg2": []}', 'Formatting argument {"Arg1": 1, "Arg2": []}.'],
  ])('substitutes %j as AWS prints it when it is the only argument', (value, expected) => {
    expect(run("States.Format('Formatting argument {}.', $.FunctionInput)", { FunctionInput: value })).toBe(expected);
  });

  it('prints an object as a Java map when an argument is an object', () => {
    // v2_intrinsic_functions_test_generic__TestGeneric_test_context_json_path
    const context = {
      Execution: { Name: 'exec-1' },
      StateMachine: { Id: 'arn:aws:states:us-east-1:111111111111:stateMachine:sm', Name: 'sm' },
    };
    expect(
      run(
        "States.Format('Formatting arguments fst={} and snd={}.', $$.Execution.Name, $$.StateMachine)",
        {},
        { context },
      ),
    ).toBe(
      'Formatting arguments fst=exec-1 and snd={Id=arn:aws:states:us-east-1:111111111111:stateMachine:sm, Name=sm}.',
    );
  });

  it('fills several placeholders in order when there are several arguments', () => {
    // v2_base_test_base__TestSnfBase_test_state_fail_intrinsic
    expect(
      run("States.Format('This is a custom error message for {}, caused by {}.', $.Error, $.Cause)", {
        Error: 'error string',
        Cause: 'cause string',
      }),
    ).toBe('This is a custom error message for error string, caused by cause string.');
    // BASE_ASSIGN_FROM_INTRINSIC_FUNCTION
    expect(
      run("States.Format('Hello {}, welcome to {}!', $.name, $.place)", { name: 'John', place: 'LocalStack' }),
    ).toBe('Hello John, welcome to LocalStack!');
  });

  it('takes the template from a variable when the first argument is a variable path', () => {
    // v2_assign_…_MAP_STATE_REFERENCE_IN_INTRINSIC_FUNCTION
    expect(
      run(
        'States.Format($AnswerTemplate, $$.Map.Item.Value)',
        {},
        {
          context: { Map: { Item: { Value: 'Pikachu' } } },
          variables: { AnswerTemplate: "It's {}!" },
        },
      ),
    ).toBe("It's Pikachu!");
  });

  it('prints arrays, booleans and nested maps as Java does when they are arguments', () => {
    // Observed on AWS (tiny-asl-machine snapshot States.Format-002): 'x 2 true'.
    expect(run("States.Format('{} {} {}', $.a, $.b, $.c)", { a: 'x', b: 2, c: true })).toBe('x 2 true');
    expect(run("States.Format('{}', $.v)", { v: [1, 'a', null, { k: [true] }] })).toBe('[1, a, null, {k=[true]}]');
  });

  it('treats escaped braces and quotes as text when the template escapes them', () => {
    // AWS docs, reserved characters: \{ and \} are literal braces; tiny-asl-machine States.Format-003.
    expect(run("States.Format('\\{{}\\}', $.a)", { a: 'x' })).toBe('{x}');
    expect(run("States.Format('Name: \\'{}\\', Surname: \"{}\"', $.n, $.s)", { n: 'Gabriel', s: 'Moreira' })).toBe(
      `Name: 'Gabriel', Surname: "Moreira"`,
    );
  });

  it('returns the template unchanged when it has no placeholder', () => {
    expect(run("States.Format('no placeholders')")).toBe('no placeholders');
  });

  it('inserts a nested JsonToString result as text when an argument is a call', () => {
    // Observed on AWS (States.Format-007): 'arn:lambda:{"k":1}'.
    expect(run("States.Format('arn:{}:{}', $.svc, States.JsonToString($.obj))", { svc: 'lambda', obj: { k: 1 } })).toBe(
      'arn:lambda:{"k":1}',
    );
  });

  it("fails with AWS's template message when a '{' is not closed", () => {
    // Observed on AWS (States.Format-018 and -019).
    for (const text of ["States.Format('Hello {', $.a)", "States.Format('Hello {{}}', $.a)"]) {
      expect(failure(text, { a: 'x' }).cause).toBe(
        `There was an error while evaluating the intrinsic function: ${text}. Invalid template in States.Format: matching '}' not found for '{'.`,
      );
    }
  });

  it("fails with AWS's template message when a '}' has no opening brace", () => {
    // Observed on AWS (States.Format-020).
    expect(failure("States.Format('}')").cause).toBe(
      "There was an error while evaluating the intrinsic function: States.Format('}'). Invalid template in States.Format: matching '{' not found for '}'.",
    );
  });

  it('fails when the placeholders and the arguments differ in number', () => {
    expectInvalidArguments("States.Format('{} {}', $.a)", 'States.Format', { a: 'x' });
    expectInvalidArguments("States.Format('{}', $.a, $.b)", 'States.Format', { a: 'x', b: 'y' });
  });

  it('fails when the template is not a string', () => {
    expectInvalidArguments('States.Format($.template, $.name)', 'States.Format', { template: 123, name: 'Ada' });
  });
});
