import { describe, expect, it } from 'vitest';
import { returns, testWorkflow } from '../../../src/testing.js';
import { oneTask } from './helpers.js';

/** 256 KiB: Step Functions' limit on a state's input and output. */
const LIMIT = 262_144;

describe('the 256 KiB payload limit on the embedded engine', () => {
  const workflow = testWorkflow(oneTask({}));

  it('accepts a task result just under 256 KiB', async () => {
    const result = 'x'.repeat(LIMIT - 100);
    const execution = await workflow.run({}, { tasks: { Work: returns(result) } });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toBe(result);
  });

  it('fails with States.DataLimitExceeded when a task returns more than 256 KiB', async () => {
    const execution = await workflow.run({}, { tasks: { Work: returns('x'.repeat(LIMIT + 100)) } });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.DataLimitExceeded');
  });

  it('counts bytes, not characters: 100 000 three-byte characters exceed the limit', async () => {
    const execution = await workflow.run({}, { tasks: { Work: returns('€'.repeat(100_000)) } });
    expect(execution.error).toBe('States.DataLimitExceeded');
  });

  it('fails with States.DataLimitExceeded when a Pass state output exceeds 256 KiB', async () => {
    const execution = await testWorkflow({
      QueryLanguage: 'JSONata',
      StartAt: 'Grow',
      States: { Grow: { Type: 'Pass', Output: "{% $join([1..300000].('x')) %}", End: true } },
    }).run({});
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.DataLimitExceeded');
  });

  // AWS caught it with States.ALL (recorded case
  // v2_error_handling_test_states_errors__TestStatesErrors_test_task_lambda_catch_state_all_data_limit_exceeded_on_large_utf8_response),
  // though its documentation says otherwise.
  it('catches States.DataLimitExceeded from a task with States.ALL, as AWS was recorded doing', async () => {
    const execution = await testWorkflow({
      StartAt: 'Work',
      States: {
        Work: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Work',
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Pass', End: true },
      },
    }).run({}, { tasks: { Work: returns('x'.repeat(LIMIT + 100)) } });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.statesEntered()).toEqual(['Work', 'Caught']);
    expect((execution.output as { Error: string }).Error).toBe('States.DataLimitExceeded');
  });
});
