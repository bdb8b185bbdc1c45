import { describe, expect, it } from 'vitest';
import { StatesError } from '../../../src/asl/errors.js';
import {
  evaluateJsonata,
  isJsonataEvaluationError,
  type JsonataEvaluationError,
  type JsonataEvaluationOptions,
} from '../../../src/asl/jsonata/index.js';
import { bindingsOf, testEnv } from './fixtures.js';

async function failureOf(
  text: string,
  input: unknown,
  options: JsonataEvaluationOptions,
  variables: Record<string, unknown> = {},
): Promise<JsonataEvaluationError> {
  try {
    await evaluateJsonata(text, bindingsOf(input, variables), testEnv(), options);
  } catch (err) {
    if (isJsonataEvaluationError(err)) return err;
    throw err;
  }
  throw new Error(`expected ${text} to fail`);
}

describe('evaluateJsonata', () => {
  // v2_outputdecl_test_output__TestArgumentsBase_test_base_cases_BASE_DIRECT_EXPR
  it('binds $states.input and workflow variables by name', async () => {
    const value = await evaluateJsonata(
      '{% $sum($states.input.input_values) + $var_constant_1 %}',
      bindingsOf({ input_value: 'string literal', input_values: [1, 2, 3] }, { var_constant_1: 1 }),
      testEnv(),
    );
    expect(value).toBe(7);
  });

  // v2_outputdecl_test_output__TestArgumentsBase_test_base_output_any_non_dict_JSONATA_EXPR
  it('returns the whole input when the expression is $states.input', async () => {
    const input = { input_value: 'stringliteral' };
    expect(await evaluateJsonata('{% $states.input %}', bindingsOf(input), testEnv())).toEqual(input);
  });

  // v2_outputdecl_test_output__TestArgumentsBase_test_base_lambda_BASE_LAMBDA: ja_states_result_access
  it('binds $states.result when the caller provides it', async () => {
    const value = await evaluateJsonata(
      '{% $states.result.ja_expr %}',
      bindingsOf({}, {}, { result: { ja_expr: 7 } }),
      testEnv(),
    );
    expect(value).toBe(7);
  });

  // v2_states_variables_test_error_output__TestStateVariablesTemplate_test_catch_error_variable_sampling_TASK_CATCH_ERROR_VARIABLE_SAMPLING
  it('binds $states.errorOutput when the caller provides it', async () => {
    const errorOutput = { Error: 'Exception', Cause: '{"errorMessage":"Some exception was raised."}' };
    const value = await evaluateJsonata('{% $states.errorOutput %}', bindingsOf({}, {}, { errorOutput }), testEnv());
    expect(value).toEqual(errorOutput);
  });

  it('binds $states.context', async () => {
    expect(await evaluateJsonata('{% $states.context.Execution.Id %}', bindingsOf({}), testEnv())).toBe('exec-1');
  });

  // v2_query_language_test_mixed_query_language__TestMixedQueryLanguageFlow_test_variable_sampling_JSONPATH_ASSIGN_JSONATA_REF
  it('reads a variable assigned by an earlier state', async () => {
    expect(await evaluateJsonata('{% $theAnswer %}', bindingsOf({}, { theAnswer: 42 }), testEnv())).toBe(42);
  });

  it('keeps $states when a variable is named states', async () => {
    const value = await evaluateJsonata('{% $states.input.a %}', bindingsOf({ a: 1 }, { states: 'shadow' }), testEnv());
    expect(value).toBe(1);
  });

  // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_escape_sequence_parsing_ESCAPE_SEQUENCES_JSONATA_COMPARISON_ASSIGN
  it('compares a variable holding a double quote with a quoted literal', async () => {
    expect(await evaluateJsonata(`{% $var = '"' %}`, bindingsOf({}, { var: '"' }), testEnv())).toBe(true);
  });

  // v2_evaluate_jsonata_test_base_evaluate_expressions__TestBaseEvaluateJsonata_test_base_jsonata_regular_expressions_BASE_FALSE
  // and …_BASE_SINGLE_QUOTE_FALSE
  it('evaluates regular expressions in double- and single-quoted calls', async () => {
    expect(await evaluateJsonata('{% $contains("hello$world", /^hello\\ /) %}', bindingsOf({}), testEnv())).toBe(false);
    expect(await evaluateJsonata("{% $contains('hello$world', /^hello\\ /) %}", bindingsOf({}), testEnv())).toBe(false);
  });

  // v2_evaluate_jsonata_test_base_evaluate_expressions__TestBaseEvaluateJsonata_test_base_map_ITEMS and …_ITEMS_DOUBLE_QUOTES
  it('evaluates function calls with double- or single-quoted strings', async () => {
    expect(await evaluateJsonata('{% $number("2") %}', bindingsOf({}), testEnv())).toBe(2);
    expect(await evaluateJsonata("{% $number('2') %}", bindingsOf({}), testEnv())).toBe(2);
  });

  // v2_evaluate_jsonata_test_base_evaluate_expressions__TestBaseEvaluateJsonata_test_base_task_HEARTBEAT_SECONDS
  it('returns the value of a variable binding expression', async () => {
    expect(
      await evaluateJsonata('{% $variable := 1 %}', bindingsOf({}), testEnv(), {
        field: 'HeartbeatSeconds',
        expect: 'integer',
      }),
    ).toBe(1);
  });

  // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_wait_seconds_jsonata
  it('returns 0 as a value, not as nothing', async () => {
    const value = await evaluateJsonata('{% $states.input.waitSeconds %}', bindingsOf({ waitSeconds: 0 }), testEnv(), {
      field: 'Seconds',
      expect: 'integer',
    });
    expect(value).toBe(0);
  });

  // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_choice_aws_docs_scenario_CHOICE_STATE_AWS_SCENARIO_JSONATA
  it('evaluates the Choice conditions of the AWS docs scenario', async () => {
    const input = { type: 'Private', value: 22 };
    const condition = (text: string) =>
      evaluateJsonata(text, bindingsOf(input), testEnv(), { field: 'Choices[0]/Condition', expect: 'boolean' });
    expect(await condition("{% $not($states.input.type = 'Private') %}")).toBe(false);
    expect(await condition('{% $states.input.value = 0 %}')).toBe(false);
    expect(await condition('{% $states.input.value >= 20 and $states.input.value < 30 %}')).toBe(true);
  });

  // v2_local_mocking_test_base_scenarios__TestBaseScenarios_test_numbered_mock_responses_multiple_success_invocations
  it('sees an unassigned variable as not existing', async () => {
    const text = "{% $exists($status) ? 'completed' : 'running' %}";
    expect(await evaluateJsonata(text, bindingsOf({}), testEnv())).toBe('running');
    expect(await evaluateJsonata(text, bindingsOf({}, { status: 'x' }), testEnv())).toBe('completed');
  });

  it('keeps an explicit null', async () => {
    expect(await evaluateJsonata('{% null %}', bindingsOf({}), testEnv())).toBeNull();
    expect(await evaluateJsonata('{% $states.input.a %}', bindingsOf({ a: null }), testEnv())).toBeNull();
  });

  // Measured on AWS by the Floci project (floci-io/floci#2737): 1/0 answers "Infinity".
  it('returns a non-finite number as its name', async () => {
    expect(await evaluateJsonata('{% 1/0 %}', bindingsOf({}), testEnv())).toBe('Infinity');
    expect(await evaluateJsonata('{% [-1/0] %}', bindingsOf({}), testEnv())).toEqual(['-Infinity']);
  });

  it('returns a plain array, not a JSONata sequence', async () => {
    const value = await evaluateJsonata(
      '{% $states.input.items.id %}',
      bindingsOf({ items: [{ id: 1 }, { id: 2 }] }),
      testEnv(),
    );
    expect(value).toEqual([1, 2]);
    expect(Object.keys(value as object)).toEqual(['0', '1']);
  });

  it('leaves the bound input unchanged', async () => {
    const input = { items: [3, 1, 2], nested: { a: [1] } };
    const snapshot = structuredClone(input);
    await evaluateJsonata('{% $sort($states.input.items) %}', bindingsOf(input), testEnv());
    await evaluateJsonata('{% $states.input.nested.a %}', bindingsOf(input), testEnv());
    expect(input).toEqual(snapshot);
  });

  it('keeps concurrent evaluations of one cached expression apart', async () => {
    const text = '{% $millis() + $states.input.n %}';
    const values = await Promise.all(
      [1, 2, 3].map((n) => evaluateJsonata(text, bindingsOf({ n }), testEnv({ now: () => n * 1000 }))),
    );
    expect(values).toEqual([1001, 2002, 3003]);
  });

  it('throws a plain Error when the text is not an expression', async () => {
    await expect(evaluateJsonata('$states.input', bindingsOf({}), testEnv())).rejects.not.toBeInstanceOf(StatesError);
  });
});

describe('evaluateJsonata failures', () => {
  // v2_assign_test_assign_reference_variables__TestAssignReferenceVariables_test_undefined_reference_BASE_UNDEFINED_ASSIGN
  it('fails with AWS cause when an Assign value returns nothing', async () => {
    const err = await failureOf(
      '{% $doesNotExist %}',
      {},
      {
        field: 'Assign/result',
        state: { name: 'State0', enteredEventId: 2 },
      },
    );
    expect(err.error).toBe('States.QueryEvaluationError');
    expect(err.cause).toBe(
      "An error occurred while executing the state 'State0' (entered at the event id #2). The JSONata expression '$doesNotExist' specified for the field 'Assign/result' returned nothing (undefined).",
    );
    expect(err.location).toBe('Assign/result');
  });

  // v2_states_variables_test_error_output__TestStateVariablesTemplate_test_map_catch_error_MAP_CATCH_ERROR_OUTPUT_WITH_RETRY
  it('adds the state sentence afterwards with withState', async () => {
    const err = await failureOf('{% $stateError %}', {}, { field: 'Output/error' });
    expect(err.cause).toBe(
      "The JSONata expression '$stateError' specified for the field 'Output/error' returned nothing (undefined).",
    );
    expect(err.withState('Fallback', 13).cause).toBe(
      "An error occurred while executing the state 'Fallback' (entered at the event id #13). The JSONata expression '$stateError' specified for the field 'Output/error' returned nothing (undefined).",
    );
  });

  // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_map_state_items_eval_jsonata_fail_boolean / _null /
  // _number / _object / _string (entered at event #2)
  it.each([
    ['true', "Expected 'array', but was 'boolean' for value: true"],
    ['null', "Expected 'array', but was 'null' for value: null"],
    ['1', "Expected 'array', but was 'number' for value: 1"],
    ["{'foo': 'bar'}", 'Expected \'array\', but was \'object\' for value: {"foo":"bar"}'],
    ["'string'", "Expected 'array', but was 'string' for value: \"string\""],
  ])('fails when Items is %s', async (expression, detail) => {
    const err = await failureOf(
      `{% ${expression} %}`,
      {},
      {
        field: 'Items',
        expect: 'array',
        state: { name: 'MapIterateState', enteredEventId: 2 },
      },
    );
    expect(err.cause).toBe(
      `An error occurred while executing the state 'MapIterateState' (entered at the event id #2). The JSONata expression '${expression}' specified for the field 'Items' returned an unexpected result type. ${detail}`,
    );
  });

  // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_map_state_items_variable_sampling_object (event #4)
  it('fails when Items reads a variable holding an object', async () => {
    const err = await failureOf(
      '{% $ItemsVar %}',
      {},
      { field: 'Items', expect: 'array', state: { name: 'MapIterateState', enteredEventId: 4 } },
      { ItemsVar: { foo: 'bar' } },
    );
    expect(err.cause).toBe(
      "An error occurred while executing the state 'MapIterateState' (entered at the event id #4). The JSONata expression '$ItemsVar' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'object' for value: {\"foo\":\"bar\"}",
    );
  });

  // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_map_state_items_eval_jsonata_empty
  it('accepts an empty array for Items', async () => {
    expect(await evaluateJsonata('{% [] %}', bindingsOf({}), testEnv(), { field: 'Items', expect: 'array' })).toEqual(
      [],
    );
  });

  it('fails when an integer field gets a fraction', async () => {
    const err = await failureOf('{% 1.5 %}', {}, { field: 'Seconds', expect: 'integer' });
    expect(err.reason).toBe("returned an unexpected result type. Expected 'integer', but was 'number' for value: 1.5");
  });

  it('fails with a JSONata type error, code first', async () => {
    const err = await failureOf("{% 1 + 'a' %}", {}, { field: 'Output' });
    expect(err.cause).toBe(
      "The JSONata expression '1 + 'a'' specified for the field 'Output' threw an error during evaluation. T2002: The right side of the \"+\" operator must evaluate to a number",
    );
  });

  it('fails when the result is a function', async () => {
    const err = await failureOf('{% $sum %}', {}, { field: 'Output' });
    expect(err.reason).toBe('returned an unsupported result type.');
  });

  it('is a StatesError a Catch can match', async () => {
    const err = await failureOf('{% $missing %}', {}, {});
    expect(err).toBeInstanceOf(StatesError);
    expect(err.cause).toBe("The JSONata expression '$missing' returned nothing (undefined).");
  });
});
