import { describe, expect, it } from 'vitest';
import { StatesError } from '../../../src/asl/errors.js';
import {
  applyInputPath,
  applyOutputPath,
  applyResultPath,
  type PathScope,
  setByReferencePath,
} from '../../../src/asl/jsonpath/index.js';

const context = { Execution: { Input: { 'input-value': 0 } }, State: { Name: 'TestState' } };
const scope: PathScope = { input: undefined, context, variables: { theAnswer: 42 } };

function caught(run: () => unknown): StatesError {
  try {
    run();
  } catch (error) {
    if (error instanceof StatesError) return error;
    throw error;
  }
  throw new Error('expected a StatesError');
}

describe('applyInputPath', () => {
  it('selects a member of the input', () => {
    // …_test_map_state_item_selector_MAP_STATE_ITEM_SELECTOR: InputPath "$.detail" feeds ItemsPath "$.shipped".
    const input = { detail: { 'delivery-partner': 'UQS', shipped: [1] } };
    expect(applyInputPath(input, '$.detail', scope)).toEqual({ 'delivery-partner': 'UQS', shipped: [1] });
  });

  it('passes the input through when InputPath is absent or $', () => {
    const input = { a: 1 };
    expect(applyInputPath(input, undefined, scope)).toBe(input);
    expect(applyInputPath(input, '$', scope)).toBe(input);
  });

  it('gives an empty object when InputPath is null', () => {
    // ASL spec: "If the value of InputPath is null, that means that the raw input is discarded".
    expect(applyInputPath({ a: 1 }, null, scope)).toEqual({});
  });

  it('fails with States.Runtime and an "Invalid path" cause when the path selects nothing', () => {
    const error = caught(() => applyInputPath({}, '$.no.such.path', scope));
    expect(error.error).toBe('States.Runtime');
    expect(error.cause).toBe("Invalid path '$.no.such.path' : Missing property in path $['no']");
  });
});

describe('applyOutputPath', () => {
  it('fails with the Jayway message when the member is missing', () => {
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_invalid_jsonpath_ST.INVALID_JSONPATH_IN_OUTPUTPATH
    const error = caught(() => applyOutputPath({ 'int-literal': 0 }, '$.NoSuchOutputPath', scope));
    expect(error.error).toBe('States.Runtime');
    expect(error.cause).toBe("Invalid path '$.NoSuchOutputPath' : No results for path: $['NoSuchOutputPath']");
  });

  it('returns the Context object when OutputPath is $$', () => {
    // v2_context_object_test_context_object__TestSnfBase_test_output_path
    expect(applyOutputPath({ 'input-value': 0 }, '$$', scope)).toEqual(context);
  });

  it('returns a variable when OutputPath names one', () => {
    // v2_assign_test_assign_reference_variables__…_BASE_REFERENCE_IN_OUTPUTPATH: output 42.
    expect(applyOutputPath({ answer: 42 }, '$theAnswer', scope)).toBe(42);
  });

  it('gives an empty object when OutputPath is null', () => {
    expect(applyOutputPath({ a: 1 }, null, scope)).toEqual({});
  });
});

describe('applyResultPath', () => {
  it('places the result at the path, keeping the rest of the input', () => {
    // v2_services_test_lambda_task__TestTaskLambda_test_lambda_task_filter_parameters_input
    expect(applyResultPath({ loop: { count: 0 } }, { loop: { count: 0 } }, '$.result')).toEqual({
      loop: { count: 0 },
      result: { loop: { count: 0 } },
    });
  });

  it('replaces the input when ResultPath is absent or $', () => {
    expect(applyResultPath({ a: 1 }, 'r', undefined)).toBe('r');
    expect(applyResultPath({ a: 1 }, 'r', '$')).toBe('r');
  });

  it('discards the result when ResultPath is null', () => {
    // …_test_map_state_item_selector_parameters: ResultPath null keeps {"content": …}.
    const input = { content: { bucket: 'test-bucket' } };
    expect(applyResultPath(input, ['x'], null)).toBe(input);
  });
});

describe('setByReferencePath', () => {
  it('creates missing intermediate objects', () => {
    // …_MAP_STATE_ITEM_SELECTOR: ResultPath "$.detail.shipped_output" adds to the existing detail.
    expect(setByReferencePath({ detail: { a: 1 } }, '$.detail.shipped_output', [1])).toEqual({
      detail: { a: 1, shipped_output: [1] },
    });
    expect(setByReferencePath({}, '$.x.y.z', 1)).toEqual({ x: { y: { z: 1 } } });
  });

  it('never modifies the target', () => {
    const target = { a: { b: 1 }, keep: [1] };
    const out = setByReferencePath(target, '$.a.c', 2) as Record<string, unknown>;
    expect(target).toEqual({ a: { b: 1 }, keep: [1] });
    expect(out).toEqual({ a: { b: 1, c: 2 }, keep: [1] });
    expect(out.keep).toBe(target.keep);
  });

  it('overwrites an existing member in place of order', () => {
    expect(Object.keys(setByReferencePath({ a: 1, b: 2 }, '$.a', 9) as object)).toEqual(['a', 'b']);
  });

  it('replaces an existing array element by index', () => {
    expect(setByReferencePath({ a: [1, 2] }, '$.a[1]', 'x')).toEqual({ a: [1, 'x'] });
  });

  it('fails with States.ResultPathMatchFailure when the input is not an object', () => {
    // github aws/aws-cdk#29473: "Unable to apply ReferencePath $.partitioned to input \"{\\\"min_size\\\":10000}\""
    const error = caught(() => setByReferencePath('{"min_size":10000}', '$.partitioned', 1));
    expect(error.error).toBe('States.ResultPathMatchFailure');
    expect(error.cause).toBe('Unable to apply ReferencePath $.partitioned to input "{\\"min_size\\":10000}"');
  });

  it('fails with States.ResultPathMatchFailure when a value on the way is not an object', () => {
    const error = caught(() => setByReferencePath({ a: 5 }, '$.a.b', 1));
    expect(error.error).toBe('States.ResultPathMatchFailure');
    expect(error.cause).toBe('Unable to apply ReferencePath $.a.b to input {"a":5}');
  });

  it('keeps __proto__ as an ordinary member', () => {
    const out = setByReferencePath({}, '$.__proto__', { polluted: true }) as Record<string, unknown>;
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
