import { describe, expect, it } from 'vitest';
import { returns, type TaskStub, testWorkflow, throws } from '../../../src/testing.js';
import { lambda } from './helpers.js';

/** A Map over `$.items` whose iterations run the task `Item`. */
function mapOver(fields: Record<string, unknown>): object {
  return {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Item',
          States: { Item: { Type: 'Task', Resource: lambda('Item'), End: true } },
        },
        End: true,
        ...fields,
      },
    },
  };
}

/** A stub that takes one second of engine time and counts how many calls run at once. */
function concurrencyProbe(): { stub: TaskStub; most: () => number } {
  let running = 0;
  let most = 0;
  return {
    stub: async (payload, context) => {
      running++;
      most = Math.max(most, running);
      await context.sleep(1000);
      running--;
      return payload;
    },
    most: () => most,
  };
}

const items = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('Map MaxConcurrency on the embedded engine', () => {
  it.each([1, 2, 3])('never runs more than %i iterations at once', async (limit) => {
    const probe = concurrencyProbe();
    const execution = await testWorkflow(mapOver({ MaxConcurrency: limit })).run(
      { items: items(7) },
      { tasks: { Item: probe.stub } },
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toEqual(items(7));
    expect(probe.most()).toBe(limit);
    expect(execution.elapsedMs()).toBe(Math.ceil(7 / limit) * 1000);
  });

  it('runs every iteration at once when MaxConcurrency is 0 or absent', async () => {
    for (const fields of [{ MaxConcurrency: 0 }, {}]) {
      const probe = concurrencyProbe();
      const execution = await testWorkflow(mapOver(fields)).run({ items: items(6) }, { tasks: { Item: probe.stub } });
      expect(probe.most()).toBe(6);
      expect(execution.elapsedMs()).toBe(1000);
    }
  });

  it('takes the limit from the input with MaxConcurrencyPath', async () => {
    const probe = concurrencyProbe();
    await testWorkflow(mapOver({ MaxConcurrencyPath: '$.limit' })).run(
      { items: items(5), limit: 2 },
      { tasks: { Item: probe.stub } },
    );
    expect(probe.most()).toBe(2);
  });
});

describe('Map failures on the embedded engine', () => {
  /** Fails for the items listed, succeeds (echoing the item) for the others. */
  const failingFor =
    (...bad: number[]): TaskStub =>
    (item, context) =>
      bad.includes(item as number) ? throws('Item.Bad')(item, context) : returns(item)(item, context);

  it('fails the Map with the iteration error when no failure is tolerated', async () => {
    const execution = await testWorkflow(mapOver({})).run({ items: items(4) }, { tasks: { Item: failingFor(2) } });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Item.Bad');
    expect(execution.events('MapStateFailed')).toHaveLength(1);
  });

  it('succeeds while failures stay within ToleratedFailureCount', async () => {
    const execution = await testWorkflow(mapOver({ ToleratedFailureCount: 2 })).run(
      { items: items(5) },
      { tasks: { Item: failingFor(1, 3) } },
    );
    expect(execution.status).toBe('SUCCEEDED');
    const output = execution.output as unknown[];
    expect(output).toHaveLength(5);
    expect([output[0], output[2], output[4]]).toEqual([0, 2, 4]);
    expect(execution.events('MapIterationFailed')).toHaveLength(2);
  });

  it('fails with States.ExceedToleratedFailureThreshold beyond ToleratedFailureCount', async () => {
    const execution = await testWorkflow(mapOver({ ToleratedFailureCount: 1 })).run(
      { items: items(5) },
      { tasks: { Item: failingFor(1, 3) } },
    );
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.ExceedToleratedFailureThreshold');
  });

  it('tolerates up to ToleratedFailurePercentage of the items', async () => {
    const workflow = testWorkflow(mapOver({ ToleratedFailurePercentage: 25 }));
    const within = await workflow.run({ items: items(8) }, { tasks: { Item: failingFor(0, 7) } });
    expect(within.status).toBe('SUCCEEDED');
    const beyond = await workflow.run({ items: items(8) }, { tasks: { Item: failingFor(0, 4, 7) } });
    expect(beyond.status).toBe('FAILED');
    expect(beyond.error).toBe('States.ExceedToleratedFailureThreshold');
  });

  it('catches a failed Map like any state, with the iteration error', async () => {
    const definition = mapOver({
      Catch: [{ ErrorEquals: ['Item.Bad'], ResultPath: '$.failure', Next: 'Recovered' }],
      Next: 'Done',
    }) as { States: { Each: { End?: boolean } } & Record<string, unknown> };
    delete definition.States.Each.End;
    definition.States.Recovered = { Type: 'Pass', End: true };
    definition.States.Done = { Type: 'Pass', End: true };
    const execution = await testWorkflow(definition).run({ items: items(3) }, { tasks: { Item: failingFor(1) } });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.statesEntered().at(-1)).toBe('Recovered');
    expect(execution.output).toMatchObject({ items: items(3), failure: { Error: 'Item.Bad' } });
  });
});
