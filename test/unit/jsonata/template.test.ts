import { describe, expect, it } from 'vitest';
import { childField, type JsonataEvaluationError, resolveJsonataTemplate } from '../../../src/asl/jsonata/index.js';
import { bindingsOf, testEnv } from './fixtures.js';

describe('resolveJsonataTemplate', () => {
  // v2_outputdecl_test_output__TestArgumentsBase_test_base_cases_BASE_LITERALS: the Output comes back unchanged.
  it('passes literals through, including JSONPath, intrinsic and padded {% %} strings', async () => {
    const literals = {
      constant_null: null,
      constant_int: 0,
      constant_float: 0.1,
      constant_bool: true,
      constant_str: 'constant string',
      constant_not_jsonata: ' {% states.input %} ',
      constant_varpath_states: '$states.input',
      constant_varpath: '$no.such.var.path',
      constant_jp_input: '$',
      'constant_jp_input.$': '$',
      constant_jp_input_path: '$.input_value',
      constant_jp_context: '$$',
      constant_if: "States.Format('Format:{}', 101)",
      constant_lst_empty: [],
      constant_lst: [
        null,
        0,
        0.1,
        true,
        [],
        { constant: 0 },
        ' {% states.input %} ',
        '$states.input',
        '$no.such.var.path',
      ],
      constant_obj_empty: {},
      constant_obj: { in_obj_constant_obj: { constant: 0 }, in_obj_constant_not_jsonata: ' {% states.input %} ' },
    };
    const input = { input_value: 'string literal', input_values: [1, 2, 3] };
    expect(await resolveJsonataTemplate(literals, bindingsOf(input), testEnv(), { field: 'Output' })).toEqual(literals);
  });

  // v2_outputdecl_test_output__TestArgumentsBase_test_base_lambda_BASE_LAMBDA (Output of State0)
  it('evaluates every expression of an Output template', async () => {
    const input = { input_value: 'string literal', input_values: [1, 2, 3] };
    const result = { ja_states_input: input, ja_var_access: 'string literal', ja_expr: 7 };
    const template = {
      ja_var_access: '{% $var_input_value %}',
      ja_expr: '{% $sum($states.input.input_values) + $var_constant_1 %}',
      ja_states_input: '{% $states.input %}',
      ja_states_result: '{% $states.result %}',
      ja_states_result_access: '{% $states.result.ja_expr %}',
    };
    const bindings = bindingsOf(input, { var_input_value: 'string literal', var_constant_1: 1 }, { result });
    expect(await resolveJsonataTemplate(template, bindings, testEnv(), { field: 'Output' })).toEqual({
      ja_var_access: 'string literal',
      ja_expr: 7,
      ja_states_input: input,
      ja_states_result: result,
      ja_states_result_access: 7,
    });
  });

  // v2_query_language_test_mixed_query_language__TestMixedQueryLanguageFlow_test_output_to_state_JSONATA_OUTPUT_TO_JSONPATH
  it('mixes literal and evaluated keys', async () => {
    const template = { foo: 'foobar', bar: '{% $states.input %}' };
    expect(await resolveJsonataTemplate(template, bindingsOf({ input_data: 'test' }), testEnv())).toEqual({
      foo: 'foobar',
      bar: { input_data: 'test' },
    });
  });

  // v2_evaluate_jsonata_test_base_evaluate_expressions__TestBaseEvaluateJsonata_test_base_map_ITEMS
  it('evaluates expressions inside an array', async () => {
    expect(
      await resolveJsonataTemplate([1, '{% $number("2") %}', 3], bindingsOf({}), testEnv(), { field: 'Items' }),
    ).toEqual([1, 2, 3]);
  });

  it('evaluates a template that is a single expression', async () => {
    expect(
      await resolveJsonataTemplate('{% $states.input.a %}', bindingsOf({ a: [1] }), testEnv(), { field: 'Output' }),
    ).toEqual([1]);
  });

  // v2_assign_test_assign_reference_variables__TestAssignReferenceVariables_test_undefined_reference_BASE_UNDEFINED_OUTPUT_FIELD
  it('names the failing key under the template field', async () => {
    const err = (await resolveJsonataTemplate({ result: '{% $doesNotExist %}' }, bindingsOf({}), testEnv(), {
      field: 'Output',
      state: { name: 'State0', enteredEventId: 2 },
    }).catch((e: unknown) => e)) as JsonataEvaluationError;
    expect(err.cause).toBe(
      "An error occurred while executing the state 'State0' (entered at the event id #2). The JSONata expression '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined).",
    );
    expect(err.location).toBe('Output/result');
  });

  it('names array positions with [index]', async () => {
    const template = { Payload: { items: [1, { id: '{% $missing %}' }] } };
    const err = (await resolveJsonataTemplate(template, bindingsOf({}), testEnv(), { field: 'Catch[0]/Output' }).catch(
      (e: unknown) => e,
    )) as JsonataEvaluationError;
    expect(err.location).toBe('Catch[0]/Output/Payload/items[1]/id');
  });

  it('evaluates in document order', async () => {
    const template = { first: '{% $uuid() %}', nested: ['{% $uuid() %}'], last: '{% $uuid() %}' };
    expect(await resolveJsonataTemplate(template, bindingsOf({}), testEnv())).toEqual({
      first: '00000000-0000-4000-8000-000000000001',
      nested: ['00000000-0000-4000-8000-000000000002'],
      last: '00000000-0000-4000-8000-000000000003',
    });
  });

  it('leaves the template unchanged and keeps a __proto__ key as a key', async () => {
    const template = JSON.parse('{"__proto__": "{% 1 %}", "a": ["{% 2 %}"]}') as Record<string, unknown>;
    const resolved = (await resolveJsonataTemplate(template, bindingsOf({}), testEnv())) as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(resolved, '__proto__')?.value).toBe(1);
    expect(resolved.a).toEqual([2]);
    expect(template.a).toEqual(['{% 2 %}']);
  });
});

describe('childField', () => {
  it('joins keys with / and indexes with [i]', () => {
    expect(childField('Output', 'a')).toBe('Output/a');
    expect(childField('Output/a', 0)).toBe('Output/a[0]');
    expect(childField(undefined, 'a')).toBe('a');
  });
});
