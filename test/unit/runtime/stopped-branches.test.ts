import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../src/engine/types.js';
import { createLocalEngine } from '../../../src/local/engine.js';

/** A branch that waits `seconds`, then runs `then`. */
function waitThen(seconds: number, then: Record<string, unknown>): object {
  const last = then.Type === 'Fail' ? then : { ...then, End: true };
  return { StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: seconds, Next: 'Then' }, Then: last } };
}

const WORKER = { Type: 'Task', Resource: 'Worker' };

/** A task that answers `output` and keeps the inputs it was invoked with. */
function recorded(output: unknown = {}): { calls: unknown[]; task: (input: unknown) => Promise<unknown> } {
  const calls: unknown[] = [];
  return {
    calls,
    task: async (input) => {
      calls.push(input);
      return output;
    },
  };
}
const FAIL = { Type: 'Fail', Error: 'Branch.Failed', Cause: 'no' };

/** The names of the states entered after the event of `type` (the Parallel's or Map's exit). */
function enteredAfter(history: readonly HistoryEvent[], type: string): string[] {
  const at = history.findIndex((e) => e.type === type);
  return history
    .slice(at + 1)
    .map((e) => (e.stateEnteredEventDetails as { name?: string } | undefined)?.name)
    .filter((name): name is string => name !== undefined);
}

describe('the other branches of a Parallel that fails', () => {
  it('stop: a branch still waiting invokes no task and records no event once the Parallel has gone on', async () => {
    const { calls, task } = recorded();
    const engine = createLocalEngine({ tasks: { Worker: task } });
    const definition = {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [waitThen(5, FAIL), waitThen(60, WORKER)],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'After' }],
          Next: 'After',
        },
        // Still running when the second branch's timer comes due.
        After: { Type: 'Wait', Seconds: 120, End: true },
      },
    };
    const result = await engine.run(definition, {});
    expect(result.status).toBe('SUCCEEDED');
    expect(calls).toEqual([]);
    expect(enteredAfter(result.history, 'ParallelStateExited')).toEqual(['After']);
    expect(result.history.filter((e) => e.type === 'WaitStateExited')).toHaveLength(2); // branch 1's and After's
    expect(engine.queue.depth).toBe(0);
  });

  it('stop when the Parallel retries: only the branches of its last attempt run on', async () => {
    const { calls, task } = recorded({ done: true });
    let flaky = 0;
    const engine = createLocalEngine({
      tasks: {
        Worker: task,
        Flaky: async () => {
          flaky += 1;
          if (flaky === 1) throw Object.assign(new Error('first time'), { name: 'Flaky.Error' });
          return { flaky };
        },
      },
    });
    const definition = {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [waitThen(5, { Type: 'Task', Resource: 'Flaky' }), waitThen(60, WORKER)],
          Retry: [{ ErrorEquals: ['Flaky.Error'], IntervalSeconds: 1, MaxAttempts: 1 }],
          End: true,
        },
      },
    };
    const result = await engine.run(definition, {});
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual([{ flaky: 2 }, { done: true }]);
    // The first attempt's second branch woke at 60 s, after the retry had started new branches.
    expect(calls).toHaveLength(1);
    expect(result.history.filter((e) => e.type.endsWith('Scheduled'))).toHaveLength(3); // Flaky twice, Worker once
  });
});

describe('the other iterations of a Map that fails', () => {
  it('stop: an iteration still waiting invokes no task once the Map has gone on', async () => {
    const { calls, task } = recorded();
    const engine = createLocalEngine({ tasks: { Worker: task } });
    const definition = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'Check',
            States: {
              Check: {
                Type: 'Choice',
                Choices: [{ Variable: '$.fail', IsPresent: true, Next: 'Soon' }],
                Default: 'Later',
              },
              Soon: { Type: 'Wait', Seconds: 5, Next: 'Bad' },
              Bad: FAIL,
              Later: { Type: 'Wait', Seconds: 60, Next: 'Work' },
              Work: { ...WORKER, End: true },
            },
          },
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'After' }],
          Next: 'After',
        },
        After: { Type: 'Wait', Seconds: 120, End: true },
      },
    };
    const result = await engine.run(definition, [{ fail: true }, { id: 2 }, { id: 3 }]);
    expect(result.status).toBe('SUCCEEDED');
    expect(calls).toEqual([]);
    expect(enteredAfter(result.history, 'MapStateExited')).toEqual(['After']);
    expect(engine.queue.depth).toBe(0);
  });
});
