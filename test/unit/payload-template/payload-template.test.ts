import { describe, expect, it, vi } from 'vitest';
import { StatesError } from '../../../src/asl/errors.js';
import type { IntrinsicEnv } from '../../../src/asl/intrinsics/index.js';
import type { PathScope } from '../../../src/asl/jsonpath/index.js';
import { resolvePayloadTemplate } from '../../../src/asl/payload-template.js';

// Intrinsic functions belong to their own module; the template must hand every call to it.
const intrinsicCalls: { text: string; scope: PathScope }[] = [];
vi.mock('../../../src/asl/intrinsics/index.js', () => ({
  isIntrinsicCall: (text: string) => /^\s*States\.[A-Za-z0-9]+\s*\(/.test(text),
  evaluateIntrinsic: (text: string, scope: PathScope) => {
    intrinsicCalls.push({ text, scope });
    return `intrinsic:${text}`;
  },
}));

const env: IntrinsicEnv = { uuid: () => '00000000-0000-4000-8000-000000000000', random: () => 0.5 };
const context = {
  Execution: { Id: 'arn:aws:states:us-east-1:111111111111:execution:sm:run', Input: { message: 'TestMessage' } },
  State: { Name: 'QueryValues1', EnteredTime: '2024-01-01T00:00:00.000Z' },
  Map: { Item: { Index: 0, Value: { prod: 'R31' } } },
};
const scope = (input: unknown, variables: Record<string, unknown> = {}): PathScope => ({ input, context, variables });

function caught(run: () => unknown): StatesError {
  try {
    run();
  } catch (error) {
    if (error instanceof StatesError) return error;
    throw error;
  }
  throw new Error('expected a StatesError');
}

describe('resolvePayloadTemplate', () => {
  it('replaces a .$ key with the value its path selects', () => {
    // v2_base_test_base__TestSnfBase_test_json_path_array_access_.items_0
    const input = { items: [{ item_key: 0 }, { item_key: 1 }] };
    expect(resolvePayloadTemplate({ 'item.$': '$.items[0]' }, scope(input), env, 'Parameters')).toEqual({
      item: { item_key: 0 },
    });
  });

  it('produces an empty array when an indefinite path matches nothing', () => {
    // v2_base_test_base__TestSnfBase_test_json_path_array_wildcard_or_slice_with_no_input_.items
    expect(resolvePayloadTemplate({ 'item.$': '$.items[*]' }, scope({}), env, 'Parameters')).toEqual({ item: [] });
  });

  it('keeps the array of matches when the path has a filter', () => {
    // v2_base_test_base__TestSnfBase_test_state_pass_regex_json_path_base
    const input = {
      users: [
        { year: 1997, status: 0 },
        { year: 1998, status: 1 },
      ],
    };
    expect(
      resolvePayloadTemplate({ 'FromInput.$': '$.users[?(@.status == 0)]' }, scope(input), env, 'Parameters'),
    ).toEqual({ FromInput: [{ year: 1997, status: 0 }] });
  });

  it('reads the Context object for $$ paths', () => {
    // v2_base_test_base__TestSnfBase_test_query_context_object_values
    const template = {
      'execution_input.$': '$$.Execution.Input',
      'state_name.$': '$$.State.Name',
      'context_object.$': '$$',
    };
    expect(resolvePayloadTemplate(template, scope({ message: 'TestMessage' }), env, 'Parameters')).toEqual({
      execution_input: { message: 'TestMessage' },
      state_name: 'QueryValues1',
      context_object: context,
    });
  });

  it('mixes the item, the input and literals when used as an ItemSelector', () => {
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_map_state_item_selector_MAP_STATE_ITEM_SELECTOR
    const input = { 'delivery-partner': 'UQS', shipped: [{ prod: 'R31' }] };
    const template = {
      'original_input.$': '$',
      'iteration_input_value.$': '$$.Map.Item.Value',
      'iteration_index.$': '$$.Map.Item.Index',
      'from_input_constant.$': '$.delivery-partner',
      constant_value: 'HelloWorld',
    };
    expect(resolvePayloadTemplate(template, scope(input), env, 'ItemSelector')).toEqual({
      original_input: input,
      iteration_input_value: { prod: 'R31' },
      iteration_index: 0,
      from_input_constant: 'UQS',
      constant_value: 'HelloWorld',
    });
  });

  it('reads variables for $name paths', () => {
    // v2_assign_test_assign_base__TestAssignBase_test_base_cases_BASE_VAR (State1)
    const variables = { constant_obj: { in_obj_constant_lst: [null, 0, 0.1] }, constant_int: 0 };
    const template = {
      varname2: 'varname2',
      'varnameconstant_int.$': '$constant_int',
      'varnameconstant_obj_access.$': '$constant_obj.in_obj_constant_lst',
    };
    expect(resolvePayloadTemplate(template, scope({}, variables), env, 'Assign')).toEqual({
      varname2: 'varname2',
      varnameconstant_int: 0,
      varnameconstant_obj_access: [null, 0, 0.1],
    });
  });

  it('keeps path-like strings literal when the key has no .$', () => {
    // v2_assign_test_assign_base__TestAssignBase_test_base_cases_BASE_CONSTANT_LITERALS
    const template = {
      constant_str_path: '$.no.such.path',
      constant_str_contextpath_root: '$$',
      constant_str_var: '$noSuchVar',
      constant_str_intrinsic_func: "States.Format('Format Func {}', $varname)",
      constant_lst: [null, 0, 0.1, true, '$.no.such.path', '$$', [], { constant: 0 }],
    };
    expect(resolvePayloadTemplate(template, scope({ input_value: 'x' }), env, 'Assign')).toEqual(template);
  });

  it('walks nested objects and objects inside arrays', () => {
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_lambda_service_invoke_with_retry_extended_input
    const template = {
      'FunctionName.$': '$.FunctionName',
      Payload: { 'ThisState.$': '$', list: [{ 'v.$': '$.Value1' }, 'plain'] },
    };
    const input = { FunctionName: 'f', Value1: 'HelloWorld!' };
    expect(resolvePayloadTemplate(template, scope(input), env, 'Parameters')).toEqual({
      FunctionName: 'f',
      Payload: { ThisState: input, list: [{ v: 'HelloWorld!' }, 'plain'] },
    });
  });

  it('hands intrinsic function calls to the intrinsics module with the same scope', () => {
    intrinsicCalls.length = 0;
    const s = scope({ FunctionInput: 'x' });
    const out = resolvePayloadTemplate(
      { 'FunctionResult.$': "States.Format('Formatting argument {}.', $.FunctionInput)" },
      s,
      env,
      'Parameters',
    );
    expect(out).toEqual({ FunctionResult: "intrinsic:States.Format('Formatting argument {}.', $.FunctionInput)" });
    expect(intrinsicCalls).toEqual([{ text: "States.Format('Formatting argument {}.', $.FunctionInput)", scope: s }]);
  });

  it('fails with States.Runtime naming the key and the input when a path selects nothing', () => {
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_invalid_jsonpath_INVALID_JSONPATH_IN_STRING_EXPR_JSONPATH
    const error = caught(() =>
      resolvePayloadTemplate({ 'value.$': '$.no_such_jsonpath' }, scope({ 'int-literal': 0 }), env, 'Parameters'),
    );
    expect(error.error).toBe('States.Runtime');
    expect(error.cause).toBe(
      "The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{\"int-literal\":0}'",
    );
  });

  it('names the nested key when a nested path selects nothing', () => {
    const error = caught(() =>
      resolvePayloadTemplate({ outer: { 'inner.$': '$$.Execution.Input.nope' } }, scope({ a: 1 }), env, 'Parameters'),
    );
    expect(error.cause).toBe(
      "The JSONPath '$$.Execution.Input.nope' specified for the field 'inner.$' could not be found in the input '{\"a\":1}'",
    );
  });

  it('fails as AWS does when a path is applied to a null input', () => {
    // A state whose input is null: AWS reports "Unable to apply Path transformation to null or empty input."
    const error = caught(() => resolvePayloadTemplate({ 'Input.$': '$' }, scope(null), env, 'Parameters'));
    expect(error.error).toBe('States.Runtime');
    expect(error.cause).toBe('Unable to apply Path transformation to null or empty input.');
  });

  it('does not modify the template', () => {
    const template = { 'a.$': '$.x', b: { c: [1] } };
    resolvePayloadTemplate(template, scope({ x: 1 }), env, 'Parameters');
    expect(template).toEqual({ 'a.$': '$.x', b: { c: [1] } });
  });

  it('returns literals unchanged when the template is not an object', () => {
    expect(resolvePayloadTemplate('text', scope({}), env, 'Parameters')).toBe('text');
    expect(resolvePayloadTemplate(null, scope({}), env, 'Parameters')).toBeNull();
    expect(resolvePayloadTemplate([1, { 'a.$': '$.x' }], scope({ x: 2 }), env, 'Parameters')).toEqual([1, { a: 2 }]);
  });
});
