import { describe, expect, it } from 'vitest';
import { delayed, returns, testWorkflow, throws } from '../../../src/testing.js';
import { lambda } from './helpers.js';

/** A Parallel with a branch per task name; each branch runs its task, after `waitSeconds` if given. */
function parallel(branches: Array<{ task: string; waitSeconds?: number }>, fields: Record<string, unknown> = {}) {
  return {
    StartAt: 'Both',
    States: {
      Both: {
        Type: 'Parallel',
        Branches: branches.map(({ task, waitSeconds }) =>
          waitSeconds === undefined
            ? { StartAt: task, States: { [task]: { Type: 'Task', Resource: lambda(task), End: true } } }
            : {
                StartAt: `Before ${task}`,
                States: {
                  [`Before ${task}`]: { Type: 'Wait', Seconds: waitSeconds, Next: task },
                  [task]: { Type: 'Task', Resource: lambda(task), End: true },
                },
              },
        ),
        End: true,
        ...fields,
      },
    },
  };
}

describe('Parallel on the embedded engine', () => {
  it('outputs the branches results in branch order, whichever finishes first', async () => {
    const execution = await testWorkflow(parallel([{ task: 'Slow' }, { task: 'Fast' }])).run(
      {},
      { tasks: { Slow: delayed(30, returns('slow')), Fast: returns('fast') } },
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toEqual(['slow', 'fast']);
    expect(execution.elapsedMs()).toBe(30_000);
  });

  it('gives every branch the same input', async () => {
    const execution = await testWorkflow(parallel([{ task: 'A' }, { task: 'B' }])).run(
      { order: 7 },
      { tasks: { A: returns(1), B: returns(2) } },
    );
    expect(execution.calls('A')).toEqual([{ order: 7 }]);
    expect(execution.calls('B')).toEqual([{ order: 7 }]);
  });

  it('fails at once with the first failing branch error, without waiting for the others', async () => {
    const execution = await testWorkflow(parallel([{ task: 'Breaks' }, { task: 'Later', waitSeconds: 3600 }])).run(
      {},
      { tasks: { Breaks: throws('Branch.Broke'), Later: returns('never') } },
    );
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Branch.Broke');
    expect(execution.elapsedMs()).toBe(0);
    expect(execution.callCount('Later')).toBe(0);
    expect(execution.events('ParallelStateFailed')).toHaveLength(1);
  });

  it('catches a failed branch with the Parallel state Catch', async () => {
    const definition = parallel([{ task: 'Breaks' }, { task: 'Fine' }], {
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Recovered' }],
    }) as { States: Record<string, unknown> & { Both: Record<string, unknown> } };
    definition.States.Recovered = { Type: 'Pass', End: true };
    const execution = await testWorkflow(definition).run(
      { id: 1 },
      { tasks: { Breaks: throws('Branch.Broke'), Fine: returns('ok') } },
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toMatchObject({ id: 1, failure: { Error: 'Branch.Broke' } });
  });

  it('retries the whole Parallel state, running every branch again', async () => {
    const definition = parallel([{ task: 'Flaky' }, { task: 'Fine' }], {
      Retry: [{ ErrorEquals: ['Flaky.Error'], IntervalSeconds: 5, MaxAttempts: 1 }],
    });
    const execution = await testWorkflow(definition).run(
      {},
      { tasks: { Flaky: throws('Flaky.Error'), Fine: returns('ok') } },
    );
    expect(execution.status).toBe('FAILED');
    expect(execution.callCount('Flaky')).toBe(2);
    expect(execution.callCount('Fine')).toBe(2);
    expect(execution.taskCalls('Flaky')[1]?.atMs).toBe(5000);
  });
});
