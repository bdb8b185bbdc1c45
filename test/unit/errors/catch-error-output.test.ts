/**
 * The error output a Catch hands on. Source of the wording: AWS's recorded
 * `v2_timeouts_test_timeouts__TestTimeouts_test_fixed_timeout_lambda` (a Lambda task past its
 * TimeoutSeconds fails with `States.Timeout` and no cause), and AWS's rule that a caught error's
 * output binds `Cause` to an empty string when the error has none (LocalStack's `execute_state.py`,
 * written against AWS snapshots).
 */
import { describe, expect, it } from 'vitest';
import { delayed, testWorkflow } from '../../../src/testing.js';
import { lambda } from '../engine/helpers.js';

function timedOutAndCaught(language: 'JSONPath' | 'JSONata', catcher: Record<string, unknown>): object {
  return {
    QueryLanguage: language,
    StartAt: 'Work',
    States: {
      Work: {
        Type: 'Task',
        Resource: lambda('Work'),
        TimeoutSeconds: 5,
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handled', ...catcher }],
        End: true,
      },
      Handled: { Type: 'Pass', End: true },
    },
  };
}

describe('Catch error output', () => {
  it('carries an empty Cause when a Lambda task times out (JSONPath, ResultPath)', async () => {
    const workflow = testWorkflow(timedOutAndCaught('JSONPath', { ResultPath: '$.failure' }));
    const execution = await workflow.run({ keep: 1 }, { tasks: { Work: delayed(60) } });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toEqual({ keep: 1, failure: { Error: 'States.Timeout', Cause: '' } });
  });

  it('carries an empty Cause when a Lambda task times out (JSONPath, no ResultPath)', async () => {
    const workflow = testWorkflow(timedOutAndCaught('JSONPath', {}));
    const execution = await workflow.run({}, { tasks: { Work: delayed(60) } });
    expect(execution.output).toEqual({ Error: 'States.Timeout', Cause: '' });
  });

  it('binds $states.errorOutput with an empty Cause when a Lambda task times out (JSONata)', async () => {
    const workflow = testWorkflow(timedOutAndCaught('JSONata', { Output: '{% $states.errorOutput %}' }));
    const execution = await workflow.run({}, { tasks: { Work: delayed(60) } });
    expect(execution.output).toEqual({ Error: 'States.Timeout', Cause: '' });
  });

  it('carries an empty Cause when a Parallel branch fails on a Fail state without a Cause', async () => {
    const workflow = testWorkflow({
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'Boom', States: { Boom: { Type: 'Fail', Error: 'Custom.Error' } } }],
          Catch: [{ ErrorEquals: ['Custom.Error'], Next: 'Handled' }],
          End: true,
        },
        Handled: { Type: 'Pass', End: true },
      },
    });
    const execution = await workflow.run({});
    expect(execution.output).toEqual({ Error: 'Custom.Error', Cause: '' });
  });

  it('leaves the cause out of ExecutionFailed when the timeout is not caught', async () => {
    // AWS's recorded fixed_timeout_lambda: executionFailedEventDetails is { error: 'States.Timeout' }.
    const workflow = testWorkflow({
      StartAt: 'Work',
      States: { Work: { Type: 'Task', Resource: lambda('Work'), TimeoutSeconds: 5, End: true } },
    });
    const execution = await workflow.run({}, { tasks: { Work: delayed(60) } });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.Timeout');
    expect(execution.cause).toBeUndefined();
  });
});
