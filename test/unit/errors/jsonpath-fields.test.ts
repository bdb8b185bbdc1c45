/**
 * JSONPath fields that select nothing, end to end on the engine: the cause AWS gives for each field,
 * with the state sentence. Sources: the recorded cases named on each test.
 */
import { describe, it } from 'vitest';
import { returns } from '../../../src/testing.js';
import { lambda } from '../engine/helpers.js';
import { expectFailure, inState, runOne } from './helpers.js';

const INPUT = { 'int-literal': 0 };

describe('JSONPath InputPath and OutputPath', () => {
  it("fails with States.Runtime and Jayway's explanation when InputPath selects nothing", async () => {
    const execution = await runOne({ Type: 'Pass', InputPath: '$.NoSuchInputPath', End: true }, INPUT);
    expectFailure(
      execution,
      'States.Runtime',
      inState('S', "Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']"),
    );
  });

  it("fails with States.Runtime and Jayway's explanation when OutputPath selects nothing", async () => {
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_invalid_jsonpath_ST.INVALID_JSONPATH_IN_OUTPUTPATH
    const execution = await runOne({ Type: 'Pass', OutputPath: '$.NoSuchOutputPath', End: true }, INPUT);
    expectFailure(
      execution,
      'States.Runtime',
      inState('S', "Invalid path '$.NoSuchOutputPath' : No results for path: $['NoSuchOutputPath']"),
    );
  });

  it('says a property is missing on the way when a longer path breaks early', async () => {
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_catch_states_runtime
    const execution = await runOne({ Type: 'Pass', OutputPath: '$.no.such.result.path', End: true }, INPUT);
    expectFailure(
      execution,
      'States.Runtime',
      inState('S', "Invalid path '$.no.such.result.path' : Missing property in path $['no']"),
    );
  });
});

describe('JSONPath payload templates', () => {
  it('names the key and quotes the input when a Parameters path selects nothing', async () => {
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_invalid_jsonpath_INVALID_JSONPATH_IN_STRING_EXPR_JSONPATH
    const execution = await runOne({ Type: 'Pass', Parameters: { 'value.$': '$.no_such_jsonpath' }, End: true }, INPUT);
    expectFailure(
      execution,
      'States.Runtime',
      inState(
        'S',
        `The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{"int-literal":0}'`,
      ),
    );
  });

  it('quotes the state input, not the Context object, when a $$ path selects nothing', async () => {
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_invalid_jsonpath_INVALID_JSONPATH_IN_STRING_EXPR_CONTEXTPATH
    const execution = await runOne(
      { Type: 'Pass', Parameters: { 'value.$': '$$.Execution.Input.no_such_jsonpath' }, End: true },
      INPUT,
    );
    expectFailure(
      execution,
      'States.Runtime',
      inState(
        'S',
        `The JSONPath '$$.Execution.Input.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{"int-literal":0}'`,
      ),
    );
  });

  it('quotes the task result when a ResultSelector path selects nothing', async () => {
    const execution = await runOne(
      { Type: 'Task', Resource: lambda('Work'), ResultSelector: { 'b.$': '$.b' }, End: true },
      INPUT,
      { tasks: { Work: returns({ a: 1 }) } },
    );
    expectFailure(
      execution,
      'States.Runtime',
      inState('S', `The JSONPath '$.b' specified for the field 'b.$' could not be found in the input '{"a":1}'`),
    );
  });
});

describe('JSONPath Fail ErrorPath and CausePath', () => {
  it('names the field and quotes the input when ErrorPath selects nothing', async () => {
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_invalid_jsonpath_INVALID_JSONPATH_IN_ERRORPATH
    const execution = await runOne({ Type: 'Fail', ErrorPath: '$.ErrorX', CausePath: '$.Cause' }, INPUT);
    expectFailure(
      execution,
      'States.Runtime',
      inState(
        'S',
        `The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could not be found in the input '{"int-literal":0}'`,
      ),
    );
  });

  it('names the field when CausePath selects nothing', async () => {
    const execution = await runOne(
      { Type: 'Fail', ErrorPath: '$.Error', CausePath: '$.NoSuchCausePath' },
      { Error: 'e' },
    );
    expectFailure(
      execution,
      'States.Runtime',
      inState(
        'S',
        `The JSONPath '$.NoSuchCausePath' specified for the field 'CausePath' could not be found in the input '{"Error":"e"}'`,
      ),
    );
  });
  it('fails with States.Runtime when ErrorPath selects a value that is not a string', async () => {
    const execution = await runOne({ Type: 'Fail', ErrorPath: '$.code', Cause: 'c' }, { code: 42 });
    expectFailure(
      execution,
      'States.Runtime',
      inState('S', 'The ErrorPath field refers to value "42" which is not a valid string: $.code'),
    );
  });
});

describe('JSONPath ResultPath', () => {
  it('fails with States.ResultPathMatchFailure when the input cannot hold the result', async () => {
    const execution = await runOne({ Type: 'Pass', Result: 1, ResultPath: '$.out', End: true }, 'text');
    expectFailure(execution, 'States.ResultPathMatchFailure', 'Unable to apply ReferencePath $.out to input "text"');
  });
});

describe('JSONPath Choice Variable', () => {
  it('fails with States.Runtime when a Variable selects nothing', async () => {
    const execution = await runOne(
      { Type: 'Choice', Choices: [{ Variable: '$.type', StringEquals: 'x', Next: 'T' }], Default: 'T' },
      {},
      { more: { T: { Type: 'Succeed' } } },
    );
    expectFailure(
      execution,
      'States.Runtime',
      inState('S', "Invalid path '$.type': The choice state's condition path references an invalid value."),
    );
  });
});
