/**
 * A Map state's failures before its iterations start, in AWS's words. Sources: the recorded cases
 * named on each test; LocalStack's `state_map.py`, `max_concurrency.py` and `tolerated_failure.py`,
 * written against AWS snapshots, where no case is recorded.
 */
import { describe, expect, it } from 'vitest';
import { expectFailure, inState, runOne } from './helpers.js';

const PROCESSOR = { ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } };

function map(fields: Record<string, unknown>): Record<string, unknown> {
  return { Type: 'Map', ...PROCESSOR, End: true, ...fields };
}

describe('Map ItemsPath', () => {
  it('fails with States.Runtime naming the field when the path selects nothing', async () => {
    const execution = await runOne(map({ ItemsPath: '$.items' }), { other: 1 });
    expectFailure(
      execution,
      'States.Runtime',
      inState(
        'S',
        `The JSONPath '$.items' specified for the field 'ItemsPath' could not be found in the input '{"other":1}'`,
      ),
    );
  });

  it("fails with States.Runtime and AWS's cause when the items are not an array", async () => {
    const execution = await runOne(map({ ItemsPath: '$.items' }), { items: { a: 1 } });
    expectFailure(execution, 'States.Runtime', inState('S', 'Map state input must be an array but was: object'));
  });

  it('names the JSON type of the input when the Map has no ItemsPath', async () => {
    for (const [input, type] of [
      [1, 'number'],
      ['text', 'string'],
      [true, 'boolean'],
      [null, 'null'],
    ] as const) {
      const execution = await runOne(map({}), input);
      expectFailure(execution, 'States.Runtime', inState('S', `Map state input must be an array but was: ${type}`));
    }
  });
});

describe('Map input (JSONata)', () => {
  it('fails with States.QueryEvaluationError and an EvaluationFailed event when the input is not an array', async () => {
    const execution = await runOne(map({}), { foo: 'bar' }, { language: 'JSONata' });
    const cause = inState('S', 'Map state input must be an array but was: object');
    expectFailure(execution, 'States.QueryEvaluationError', cause);
    expect(execution.events().map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'EvaluationFailed',
      'MapStateFailed',
      'ExecutionFailed',
    ]);
    expect(execution.events('EvaluationFailed')[0]?.evaluationFailedEventDetails).toEqual({
      error: 'States.QueryEvaluationError',
      cause,
      state: 'S',
    });
  });

  it("fails in the expression's words when Items is not an array", async () => {
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_map_state_items_eval_jsonata_fail_number
    const execution = await runOne(map({ Items: '{% 1 %}' }), {}, { language: 'JSONata' });
    expectFailure(
      execution,
      'States.QueryEvaluationError',
      inState(
        'S',
        "The JSONata expression '1' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'number' for value: 1",
      ),
    );
  });
});

describe('Map MaxConcurrencyPath', () => {
  it('fails with States.Runtime when the value is not an integer', async () => {
    const execution = await runOne(map({ ItemsPath: '$.items', MaxConcurrencyPath: '$.m' }), { items: [1], m: 'many' });
    expectFailure(
      execution,
      'States.Runtime',
      inState('S', 'The MaxConcurrencyPath field refers to value "many" which is not a valid integer: $.m'),
    );
  });

  it('fails with States.Runtime when the value is negative', async () => {
    const execution = await runOne(map({ ItemsPath: '$.items', MaxConcurrencyPath: '$.m' }), { items: [1], m: -1 });
    expectFailure(
      execution,
      'States.Runtime',
      inState('S', "Expected non-negative integer for MaxConcurrency, got '-1' instead."),
    );
  });
});

describe('Map ToleratedFailurePercentagePath and ToleratedFailureCountPath', () => {
  it('fails with States.Runtime when the percentage is not a number', async () => {
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_map_state_tolerated_failure_percentage_path_NoNumber
    const execution = await runOne(
      map({ ItemsPath: '$.items', ToleratedFailurePercentagePath: '$.ToleratedFailurePercentage' }),
      { items: [1], ToleratedFailurePercentage: 'NoNumber' },
    );
    expectFailure(
      execution,
      'States.Runtime',
      inState(
        'S',
        'The ToleratedFailurePercentagePath field refers to value "NoNumber" which is not a valid float: $.ToleratedFailurePercentage',
      ),
    );
  });

  it('fails with States.Runtime when the percentage is above 100', async () => {
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_map_state_tolerated_failure_percentage_path_101
    const execution = await runOne(map({ ItemsPath: '$.items', ToleratedFailurePercentagePath: '$.p' }), {
      items: [1],
      p: 101,
    });
    expectFailure(execution, 'States.Runtime', inState('S', 'ToleratedFailurePercentage must be between 0 and 100.'));
  });

  it('fails with States.Runtime when the count is not an integer or negative', async () => {
    const notInteger = await runOne(map({ ItemsPath: '$.items', ToleratedFailureCountPath: '$.c' }), {
      items: [1],
      c: {},
    });
    expectFailure(
      notInteger,
      'States.Runtime',
      inState('S', 'The ToleratedFailureCountPath field refers to value "{}" which is not a valid integer: $.c'),
    );
    const negative = await runOne(map({ ItemsPath: '$.items', ToleratedFailureCountPath: '$.c' }), {
      items: [1],
      c: -1,
    });
    expectFailure(negative, 'States.Runtime', inState('S', 'ToleratedFailureCount cannot be negative.'));
  });
});
