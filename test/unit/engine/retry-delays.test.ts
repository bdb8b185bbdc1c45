import { describe, expect, it } from 'vitest';
import { returns, sequence, testWorkflow, throws } from '../../../src/testing.js';
import { gapsMs, oneTask } from './helpers.js';

describe('Retry back-off on the embedded engine', () => {
  it('waits IntervalSeconds × BackoffRate^n between attempts, capped by MaxDelaySeconds', async () => {
    const workflow = testWorkflow(
      oneTask({
        Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 5, MaxDelaySeconds: 5 }],
      }),
    );
    const execution = await workflow.run({}, { tasks: { Work: throws('Busy') } });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Busy');
    expect(execution.callCount('Work')).toBe(6);
    expect(gapsMs(execution.taskCalls('Work'))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('multiplies by a fractional BackoffRate', async () => {
    const workflow = testWorkflow(
      oneTask({ Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 2, BackoffRate: 1.5, MaxAttempts: 2 }] }),
    );
    const execution = await workflow.run({}, { tasks: { Work: throws('Busy') } });
    expect(gapsMs(execution.taskCalls('Work'))).toEqual([2000, 3000]);
  });

  it('waits a random part of each capped delay with JitterStrategy FULL', async () => {
    const workflow = testWorkflow(
      oneTask({
        Retry: [
          {
            ErrorEquals: ['Busy'],
            IntervalSeconds: 2,
            BackoffRate: 2,
            MaxAttempts: 6,
            MaxDelaySeconds: 10,
            JitterStrategy: 'FULL',
          },
        ],
      }),
    );
    const execution = await workflow.run({}, { tasks: { Work: throws('Busy') } });
    expect(execution.callCount('Work')).toBe(7);
    const caps = [2000, 4000, 8000, 10_000, 10_000, 10_000];
    const gaps = gapsMs(execution.taskCalls('Work'));
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(0);
      expect(gap).toBeLessThanOrEqual(caps[i]!);
    });
    // Six uniform draws all landing on their upper bound does not happen.
    expect(gaps).not.toEqual(caps);
  });

  it('counts attempts per retrier, each retrier backing off on its own count', async () => {
    const workflow = testWorkflow(
      oneTask({
        Retry: [
          { ErrorEquals: ['A'], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 2 },
          { ErrorEquals: ['B'], IntervalSeconds: 10, BackoffRate: 2, MaxAttempts: 1 },
        ],
      }),
    );
    const failing = await workflow.run(
      {},
      { tasks: { Work: sequence(throws('A'), throws('B'), throws('A'), throws('B')) } },
    );
    // A, B and A again are retried; the second B exceeds B's MaxAttempts of 1.
    expect(failing.status).toBe('FAILED');
    expect(failing.error).toBe('B');
    expect(failing.callCount('Work')).toBe(4);
    expect(gapsMs(failing.taskCalls('Work'))).toEqual([1000, 10_000, 2000]);

    const recovering = await workflow.run(
      {},
      { tasks: { Work: sequence(throws('A'), throws('B'), throws('A'), returns('done')) } },
    );
    expect(recovering.status).toBe('SUCCEEDED');
    expect(recovering.output).toBe('done');
  });

  it('does not retry when MaxAttempts is 0', async () => {
    const workflow = testWorkflow(oneTask({ Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 0 }] }));
    const execution = await workflow.run({}, { tasks: { Work: throws('Busy') } });
    expect(execution.status).toBe('FAILED');
    expect(execution.callCount('Work')).toBe(1);
  });

  it('applies the first matching retrier only, even when a later one would also match', async () => {
    const workflow = testWorkflow(
      oneTask({
        Retry: [
          { ErrorEquals: ['Busy'], IntervalSeconds: 3, MaxAttempts: 1 },
          { ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 5 },
        ],
      }),
    );
    const execution = await workflow.run({}, { tasks: { Work: throws('Busy') } });
    expect(execution.callCount('Work')).toBe(2);
    expect(gapsMs(execution.taskCalls('Work'))).toEqual([3000]);
  });

  // As AWS records it (conformance case test_lambda_invoke_with_retry_extended_input): Parameters are
  // evaluated again for each attempt, with RetryCount 0, 1, 2, …
  it('evaluates Parameters again for each attempt, with $$.State.RetryCount counting up', async () => {
    const workflow = testWorkflow(
      oneTask({
        Parameters: { 'retry.$': '$$.State.RetryCount' },
        Retry: [{ ErrorEquals: ['Busy'], MaxAttempts: 3 }],
      }),
    );
    const execution = await workflow.run({}, { tasks: { Work: sequence(throws('Busy'), throws('Busy'), returns(1)) } });
    expect(execution.calls('Work')).toEqual([{ retry: 0 }, { retry: 1 }, { retry: 2 }]);
  });
});
