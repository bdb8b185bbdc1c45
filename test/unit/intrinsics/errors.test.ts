import { describe, expect, it } from 'vitest';
import { StatesError } from '../../../src/asl/errors.js';
import { failure, run } from './helpers.js';

describe('evaluateIntrinsic errors', () => {
  it("reports AWS's missing-path cause when a path argument selects nothing", () => {
    // Observed on AWS (tiny-asl-machine States.StringToJson-020, States.Hash-030, States.ArrayPartition-015).
    const cases: [string, string][] = [
      ['States.StringToJson($.missing)', '$.missing'],
      ["States.Hash('hello', $.missingAlgo)", '$.missingAlgo'],
      ['States.ArrayPartition($.missing, 2)', '$.missing'],
    ];
    for (const [text, path] of cases) {
      const error = failure(text, {});
      expect(error.error).toBe('States.Runtime');
      expect(error.cause).toBe(
        `The function '${text}' had the following error: The JsonPath argument for the field '${path}' could not be found in the input '{}'`,
      );
    }
  });

  it('quotes the input as compact JSON when the input is not empty', () => {
    expect(failure('States.Array($.b)', { a: [1, 'x'] }).cause).toBe(
      `The function 'States.Array($.b)' had the following error: The JsonPath argument for the field '$.b' could not be found in the input '{"a":[1,"x"]}'`,
    );
  });

  it('quotes the state input, not the Context object, when a $$ argument selects nothing', () => {
    // AWS quotes the state input for a $$ path of a payload template (recorded
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_invalid_jsonpath_INVALID_JSONPATH_IN_STRING_EXPR_CONTEXTPATH:
    // "… could not be found in the input '<json-input:1>'", the execution input).
    expect(failure('States.Array($$.Execution.Nope)', { a: 1 }).cause).toBe(
      `The function 'States.Array($$.Execution.Nope)' had the following error: The JsonPath argument for the field '$$.Execution.Nope' could not be found in the input '{"a":1}'`,
    );
  });

  it('names the whole expression when a nested call fails', () => {
    // Observed on AWS (Feature.IntrinsicComposition-003): the cause quotes the outermost call.
    const text = "States.Format('{}', States.MathAdd($.a, 'x'))";
    expect(failure(text, { a: 1 }).cause).toBe(
      `There was an error while evaluating the intrinsic function: ${text}. Invalid arguments in States.MathAdd`,
    );
  });

  it('raises States.Runtime when the text is not a well-formed call', () => {
    const error = failure('States.Array(');
    expect(error).toBeInstanceOf(StatesError);
    expect(error.error).toBe('States.Runtime');
    expect(error.cause).toBe(
      'There was an error while evaluating the intrinsic function: States.Array(. Expected an argument but found end of text at column 14',
    );
  });

  it('raises States.Runtime when the function is unknown', () => {
    expect(failure('States.Nope(1)').cause).toBe(
      'There was an error while evaluating the intrinsic function: States.Nope(1). Unknown intrinsic function States.Nope',
    );
  });

  it('resolves variables and context paths when arguments use them', () => {
    expect(
      run(
        'States.Array($x, $x.y, $$.State.Name)',
        {},
        { variables: { x: { y: 2 } }, context: { State: { Name: 'S' } } },
      ),
    ).toEqual([{ y: 2 }, 2, 'S']);
  });

  it('does not mutate its inputs when functions build new values', () => {
    const input = { a: { x: 1 }, b: { y: 2 }, arr: [3, 1, 3] };
    const snapshot = structuredClone(input);
    run(
      'States.Array(States.JsonMerge($.a, $.b, false), States.ArrayUnique($.arr), States.ArrayPartition($.arr, 2))',
      input,
    );
    expect(input).toEqual(snapshot);
  });
});
