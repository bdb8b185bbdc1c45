/**
 * A Wait state's failures, in AWS's words. Sources: the recorded cases named on each test, and
 * LocalStack's `state_wait/wait_function/*.py`, written against AWS snapshots, for the JSONata forms.
 */
import { describe, it } from 'vitest';
import { expectFailure, inState, runOne } from './helpers.js';

const END = { End: true };

describe('Wait SecondsPath', () => {
  it('fails with States.Runtime when the path selects nothing', async () => {
    // v2_base_test_wait__TestSfnWait_test_base_wait_seconds_path (v2_logs … test_base_wait_seconds_path)
    const execution = await runOne({ Type: 'Wait', SecondsPath: '$.input.waitSeconds', ...END }, { input: {} });
    expectFailure(
      execution,
      'States.Runtime',
      inState('S', 'The SecondsPath parameter does not reference an input value: $.input.waitSeconds'),
    );
  });

  it('fails with States.Runtime when the value is not a whole number', async () => {
    // v2_base_test_wait__TestSfnWait_test_base_wait_seconds_path_1.5
    const execution = await runOne({ Type: 'Wait', SecondsPath: '$.s', ...END }, { s: 1.5 });
    expectFailure(
      execution,
      'States.Runtime',
      inState('S', 'The SecondsPath parameter cannot be parsed as a long value: $.s == 1.5'),
    );
  });

  it('fails with States.Runtime when the value is negative', async () => {
    // v2_base_test_wait__TestSfnWait_test_base_wait_seconds_path_-1
    const execution = await runOne({ Type: 'Wait', SecondsPath: '$.s', ...END }, { s: -1 });
    expectFailure(
      execution,
      'States.Runtime',
      inState('S', 'The SecondsPath parameter references a negative value: $.s == -1'),
    );
  });
});

describe('Wait TimestampPath', () => {
  it('fails with States.Runtime when the value is not an ISO-8601 timestamp with an offset', async () => {
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_wait_timestamp_path_NO_Z
    const execution = await runOne({ Type: 'Wait', TimestampPath: '$.at', ...END }, { at: '2016-12-05T21:29:29' });
    expectFailure(
      execution,
      'States.Runtime',
      inState(
        'S',
        'The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.at == 2016-12-05T21:29:29',
      ),
    );
  });

  it('fails with States.Runtime when the timestamp is more than 2^31-1 seconds away', async () => {
    // v2_base_test_wait__TestSfnWait_test_timestamp_too_far_in_future_boundary_24856
    const execution = await runOne({ Type: 'Wait', TimestampPath: '$.at', ...END }, { at: '9999-01-01T00:00:00Z' });
    expectFailure(execution, 'States.Runtime', inState('S', 'Wait state delay is too long.'));
  });
});

describe('Wait Timestamp (JSONata)', () => {
  it('fails with States.Runtime and the expression when the result is not a timestamp', async () => {
    // LocalStack timestamp.py: "The Timestamp parameter does not reference a valid ISO-8601 extended
    // offset date-time format string: {expression} == {value}", as States.Runtime.
    const execution = await runOne(
      { Type: 'Wait', Timestamp: '{% $states.input.at %}', ...END },
      { at: '05-12-2016T21:29:29Z' },
      { language: 'JSONata' },
    );
    expectFailure(
      execution,
      'States.Runtime',
      inState(
        'S',
        'The Timestamp parameter does not reference a valid ISO-8601 extended offset date-time format string: $states.input.at == 05-12-2016T21:29:29Z',
      ),
    );
  });

  it('fails with States.QueryEvaluationError when the result is not a string', async () => {
    // The JSONata type check AWS applies to a field's result (recorded for Items: "… returned an
    // unexpected result type. Expected 'array', but was 'number' for value: 1").
    const execution = await runOne(
      { Type: 'Wait', Timestamp: '{% $states.input.at %}', ...END },
      { at: 5 },
      { language: 'JSONata' },
    );
    expectFailure(
      execution,
      'States.QueryEvaluationError',
      inState(
        'S',
        "The JSONata expression '$states.input.at' specified for the field 'Timestamp' returned an unexpected result type. Expected 'string', but was 'number' for value: 5",
      ),
    );
  });
});

describe('Wait Seconds (JSONata)', () => {
  it('fails with States.Runtime when the result is negative, as SecondsPath does', async () => {
    const execution = await runOne(
      { Type: 'Wait', Seconds: '{% $states.input.s %}', ...END },
      { s: -3 },
      { language: 'JSONata' },
    );
    expectFailure(
      execution,
      'States.Runtime',
      inState('S', 'The Seconds parameter references a negative value: $states.input.s == -3'),
    );
  });
});
