import { describe, expect, it } from 'vitest';
import { StatesError } from '../../../src/asl/errors.js';
import {
  compactJson,
  compilePath,
  explainMiss,
  invalidPathCause,
  type PathScope,
  pathNotFoundError,
} from '../../../src/asl/jsonpath/index.js';

const scope = (input: unknown): PathScope => ({ input, context: { State: { Name: 'pass' } }, variables: {} });

describe('explainMiss', () => {
  it('says "No results for path" when the missing member is the last step', () => {
    // v2_scenarios_test_base_scenarios__…_ST.INVALID_JSONPATH_IN_OUTPUTPATH
    expect(explainMiss(compilePath('$.NoSuchOutputPath'), { 'int-literal': 0 })).toBe(
      "No results for path: $['NoSuchOutputPath']",
    );
  });

  it('says "Missing property in path" when an intermediate member is missing', () => {
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_catch_states_runtime
    expect(explainMiss(compilePath('$.no.such.result.path'), {})).toBe("Missing property in path $['no']");
  });

  it('names the member and the path when a name is applied to a non-object', () => {
    // awsdocs/aws-step-functions-developer-guide PR #5: "Property ['length()'] not found in path $['list']".
    expect(explainMiss(compilePath('$.list.length()'), { list: [1, 2] })).toBe(
      "Property ['length()'] not found in path $['list']",
    );
  });

  it('says multi properties must be leaves when one is not', () => {
    // gist deric4/733eb129: "Multi properties can only be used as path leafs: $['a', 'b']".
    expect(explainMiss(compilePath("$['a', 'b'].v"), { a: { v: 1 }, b: { v: 2 } })).toBe(
      "Multi properties can only be used as path leafs: $['a', 'b']",
    );
  });

  it('explains index failures in Jayway words', () => {
    expect(explainMiss(compilePath('$.a[0]'), { a: null })).toBe("The path $['a'] is null");
    expect(explainMiss(compilePath('$.a[5]'), { a: [1] })).toBe("Index out of bounds when evaluating path $['a'][5]");
    expect(explainMiss(compilePath('$.a[0].b'), { a: { k: 1 } })).toBe(
      'Filter: [0][\'b\'] can only be applied to arrays. Current context is: {"k":1}',
    );
  });

  it('returns undefined when the path selects something', () => {
    expect(explainMiss(compilePath('$.a'), { a: 1 })).toBeUndefined();
    expect(explainMiss(compilePath('$.a[*]'), {})).toBeUndefined();
  });
});

describe('pathNotFoundError', () => {
  it('reports "Invalid path" with the Jayway explanation for OutputPath', () => {
    const error = pathNotFoundError('OutputPath', '$.NoSuchOutputPath', scope({ 'int-literal': 0 }));
    expect(error).toBeInstanceOf(StatesError);
    expect(error.error).toBe('States.Runtime');
    expect(error.cause).toBe("Invalid path '$.NoSuchOutputPath' : No results for path: $['NoSuchOutputPath']");
  });

  it('reports "could not be found in the input" with the compact input for ErrorPath', () => {
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_invalid_jsonpath_INVALID_JSONPATH_IN_ERRORPATH
    const error = pathNotFoundError('ErrorPath', '$.ErrorX', scope({ Error: 'error-value' }));
    expect(error.error).toBe('States.Runtime');
    expect(error.cause).toBe(
      "The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could not be found in the input '{\"Error\":\"error-value\"}'",
    );
  });

  it('prints the state input, not the Context object, when a $$ path misses in a template', () => {
    // …_INVALID_JSONPATH_IN_STRING_EXPR_CONTEXTPATH: the cause shows '<json-input:1>', the state input.
    const error = pathNotFoundError('value.$', '$$.Execution.Input.no_such_jsonpath', scope({ 'int-literal': 0 }));
    expect(error.cause).toBe(
      "The JSONPath '$$.Execution.Input.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{\"int-literal\":0}'",
    );
  });

  it('reports that the parameter does not reference an input value for SecondsPath', () => {
    // v2_logs_test_logs__TestLogs_test_base_wait_seconds_path.json5_ALL_False
    const error = pathNotFoundError('SecondsPath', '$.input.waitSeconds', scope({}));
    expect(error.cause).toBe('The SecondsPath parameter does not reference an input value: $.input.waitSeconds');
  });
});

describe('invalidPathCause', () => {
  it('explains a missing intermediate member', () => {
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_catch_states_runtime
    expect(invalidPathCause('$.no.such.result.path', scope({}))).toBe(
      "Invalid path '$.no.such.result.path' : Missing property in path $['no']",
    );
  });
});

describe('compactJson', () => {
  it('prints JSON without spaces', () => {
    // repost.aws QUYiQKP0XfThWEc_ahsMnLOA: "…could not be found in the input '{\"Jobs\":[0,0,1]}'"
    expect(compactJson({ Jobs: [0, 0, 1] })).toBe('{"Jobs":[0,0,1]}');
    expect(compactJson('str')).toBe('"str"');
  });
});
