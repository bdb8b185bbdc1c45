import { describe, expect, it } from 'vitest';
import { delayed, returns, testWorkflow } from '../../../src/testing.js';
import { oneTask } from './helpers.js';

describe('Task TimeoutSeconds on the embedded engine', () => {
  const workflow = testWorkflow(oneTask({ TimeoutSeconds: 5 }));

  it('fails with States.Timeout after TimeoutSeconds of engine time when the task runs longer', async () => {
    const execution = await workflow.run({}, { tasks: { Work: delayed(60, returns('too late')) } });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.Timeout');
    const [timedOut] = execution.events('LambdaFunctionTimedOut');
    expect(timedOut?.lambdaFunctionTimedOutEventDetails).toEqual({ error: 'States.Timeout' });
    expect(execution.elapsedMs(timedOut)).toBe(5000);
    expect(execution.events('LambdaFunctionSucceeded')).toHaveLength(0);
  });

  it('succeeds when the task finishes within TimeoutSeconds', async () => {
    const execution = await workflow.run({}, { tasks: { Work: delayed(4, returns('in time')) } });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toBe('in time');
    expect(execution.elapsedMs(execution.events('LambdaFunctionSucceeded')[0])).toBe(4000);
  });

  it('records timeoutInSeconds on LambdaFunctionScheduled', async () => {
    const execution = await workflow.run({}, { tasks: { Work: returns(1) } });
    expect(execution.events('LambdaFunctionScheduled')[0]?.lambdaFunctionScheduledEventDetails).toMatchObject({
      timeoutInSeconds: 5,
    });
  });

  it('takes the timeout from the input with TimeoutSecondsPath', async () => {
    const execution = await testWorkflow(oneTask({ TimeoutSecondsPath: '$.limit' })).run(
      { limit: 2 },
      { tasks: { Work: delayed(3) } },
    );
    expect(execution.error).toBe('States.Timeout');
    expect(execution.elapsedMs(execution.events('LambdaFunctionTimedOut')[0])).toBe(2000);
  });
});
