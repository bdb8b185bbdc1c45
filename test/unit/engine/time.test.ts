import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testWorkflow } from '../../../src/testing.js';

describe('Wait under the virtual clock', () => {
  it('waits an hour of engine time with Seconds: 3600', async () => {
    const execution = await testWorkflow({
      StartAt: 'Nap',
      States: { Nap: { Type: 'Wait', Seconds: 3600, End: true } },
    }).run({ kept: 1 });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toEqual({ kept: 1 });
    expect(execution.elapsedMs(execution.events('WaitStateEntered')[0])).toBe(0);
    expect(execution.elapsedMs(execution.events('WaitStateExited')[0])).toBe(3_600_000);
  });

  it('fails with States.Runtime when TimestampPath names nothing in the input', async () => {
    const execution = await testWorkflow({
      StartAt: 'Until',
      States: { Until: { Type: 'Wait', TimestampPath: '$.until', End: true } },
    }).run({});
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.Runtime');
  });

  describe('with the wall clock fixed at 2026-03-01T00:00:00.700Z', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2026-03-01T00:00:00.700Z'));
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('waits until a Timestamp an hour ahead, not before it', async () => {
      const until = '2026-03-01T01:00:00Z';
      const execution = await testWorkflow({
        StartAt: 'Until',
        States: { Until: { Type: 'Wait', TimestampPath: '$.until', End: true } },
      }).run({ until });
      const exited = Date.parse(execution.events('WaitStateExited')[0]?.timestamp ?? '');
      expect(exited).toBeGreaterThanOrEqual(Date.parse(until));
      expect(exited).toBeLessThan(Date.parse(until) + 1000);
    });

    // 86 400.3 s: 96 hops of 900 s, then 0.3 s — the last hop must not fire early.
    it('waits until a Timestamp a day ahead, not before it', async () => {
      const until = '2026-03-02T00:00:01Z';
      const execution = await testWorkflow({
        StartAt: 'Until',
        States: { Until: { Type: 'Wait', Timestamp: until, End: true } },
      }).run({});
      const exited = Date.parse(execution.events('WaitStateExited')[0]?.timestamp ?? '');
      expect(exited).toBeGreaterThanOrEqual(Date.parse(until));
    });
  });

  it('chains waits: two hours of engine time across two Wait states', async () => {
    const execution = await testWorkflow({
      StartAt: 'One',
      States: {
        One: { Type: 'Wait', Seconds: 3600, Next: 'Two' },
        Two: { Type: 'Wait', SecondsPath: '$.seconds', End: true },
      },
    }).run({ seconds: 3600 });
    expect(execution.elapsedMs()).toBe(7_200_000);
  });
});

describe('execution TimeoutSeconds', () => {
  it('ends the execution TIMED_OUT after TimeoutSeconds when a Wait outlasts it', async () => {
    const execution = await testWorkflow({
      TimeoutSeconds: 60,
      StartAt: 'Nap',
      States: { Nap: { Type: 'Wait', Seconds: 3600, Next: 'After' }, After: { Type: 'Pass', End: true } },
    }).run({});
    expect(execution.status).toBe('TIMED_OUT');
    const [timedOut] = execution.events('ExecutionTimedOut');
    expect(timedOut).toBeDefined();
    expect(execution.elapsedMs(timedOut)).toBe(60_000);
    expect(execution.statesEntered()).toEqual(['Nap']);
  });

  it('succeeds when the execution ends within TimeoutSeconds', async () => {
    const execution = await testWorkflow({
      TimeoutSeconds: 60,
      StartAt: 'Nap',
      States: { Nap: { Type: 'Wait', Seconds: 59, End: true } },
    }).run({});
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.events('ExecutionTimedOut')).toHaveLength(0);
  });
});
