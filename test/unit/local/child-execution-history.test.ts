import { describe, expect, it } from 'vitest';
import { childExecutionArn } from '../../../src/engine/states/child-executions.js';
import type { HistoryEvent } from '../../../src/engine/types.js';
import { createLocalEngine, type LocalEngine } from '../../../src/local/engine.js';
import {
  describeExecution,
  getExecutionHistory,
  startExecution,
  stopExecution,
} from '../../../src/runtime/lifecycle.js';

/** A child's states: a Parallel whose first branch waits 10 s, then a Pass. */
const PARALLEL_THAT_WAITS = {
  StartAt: 'Both',
  States: {
    Both: {
      Type: 'Parallel',
      Branches: [
        {
          StartAt: 'Hold',
          States: { Hold: { Type: 'Wait', Seconds: 10, Next: 'Held' }, Held: { Type: 'Pass', End: true } },
        },
        { StartAt: 'Quick', States: { Quick: { Type: 'Pass', Result: 'quick', End: true } } },
      ],
      Next: 'After',
    },
    After: { Type: 'Pass', End: true },
  },
};

/** A child's states: an inline Map whose iterations wait for a callback each. */
const MAP_OF_CALLBACKS = {
  StartAt: 'Jobs',
  States: {
    Jobs: {
      Type: 'Map',
      ItemsPath: '$.jobs',
      ItemProcessor: {
        StartAt: 'Ask',
        States: {
          Ask: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
            Parameters: { FunctionName: 'Worker', Payload: { 'token.$': '$$.Task.Token', 'job.$': '$' } },
            End: true,
          },
        },
      },
      End: true,
    },
  },
};

/** A distributed Map over `$.items` whose children run `processor`. */
function distributed(processor: { StartAt: string; States: object }): object {
  return {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' }, ...processor },
        End: true,
      },
    },
  };
}

/** The map run a history's `MapRunStarted` names. */
function mapRunOf(history: readonly HistoryEvent[]): string {
  const details = history.find((e) => e.type === 'MapRunStarted')?.mapRunStartedEventDetails as
    | { mapRunArn?: string }
    | undefined;
  return details?.mapRunArn ?? '';
}

/** Each event as `[id, previousEventId, type]`. */
function shape(events: readonly HistoryEvent[]): Array<[number, number, string]> {
  return events.map((e) => [e.id, e.previousEventId, e.type]);
}

/** Starts `definition` and answers every task token as it comes (in the order they came) until the end. */
async function runAnswering(engine: LocalEngine, definition: object, input: unknown): Promise<string> {
  const stateMachineArn = await engine.createStateMachine({ name: `m-${Math.random()}`.slice(0, 20), definition });
  const { executionArn } = await startExecution(
    engine.runtime,
    { stateMachineArn, definition },
    { input: JSON.stringify(input) },
  );
  const answered = new Set<string>();
  for (;;) {
    await engine.until(
      async () =>
        engine.pendingTaskTokens().some((t) => !answered.has(t)) ||
        (await engine.store.getExecution(executionArn))?.status !== 'RUNNING',
    );
    const token = engine.pendingTaskTokens().find((t) => !answered.has(t));
    if (token === undefined) return executionArn;
    answered.add(token);
    await engine.sendTaskSuccess(token, { answered: true });
  }
}

describe("a distributed Map's child execution whose nested fan-out runs apart", () => {
  it('keeps the events of a Parallel branch that waits in its own history, as an execution of its states would', async () => {
    const engine = createLocalEngine();
    const result = await engine.run(distributed(PARALLEL_THAT_WAITS), { items: [{ id: 1 }, { id: 2 }] });
    expect(result.status).toBe('SUCCEEDED');
    // The same states run as an execution of their own: the history a child execution must have.
    const alone = await createLocalEngine().run(PARALLEL_THAT_WAITS, { id: 1 });
    const mapRunArn = mapRunOf(result.history);
    for (const index of [0, 1]) {
      const { events } = await getExecutionHistory(engine.runtime, childExecutionArn(mapRunArn, index), {
        maxResults: 1000,
      });
      expect(shape(events)).toEqual(shape(alone.history));
      expect(events.filter((e) => e.type === 'WaitStateEntered')).toHaveLength(1);
    }
    // The parent's history holds none of its children's events, and its ids are its own.
    expect(result.history.filter((e) => /^(Parallel|Wait|Pass)/.test(e.type))).toEqual([]);
    expect(result.history.map((e) => e.id)).toEqual(result.history.map((_, i) => i + 1));
  });

  it('keeps the events of an inline Map of callbacks in its own history, numbered 1 to n', async () => {
    const items = [{ jobs: ['a', 'b'] }, { jobs: ['c'] }];
    const engine = createLocalEngine({ tasks: { Worker: async () => ({}) } });
    const executionArn = await runAnswering(engine, distributed(MAP_OF_CALLBACKS), { items });
    expect((await engine.store.getExecution(executionArn))?.status).toBe('SUCCEEDED');
    const parent = await engine.store.readHistory(executionArn);
    expect(parent.some((e) => /^(Task|MapIteration)/.test(e.type))).toBe(false);
    const mapRunArn = mapRunOf(parent);
    for (const [index, item] of items.entries()) {
      const alone = createLocalEngine({ tasks: { Worker: async () => ({}) } });
      const aloneArn = await runAnswering(alone, MAP_OF_CALLBACKS, item);
      const expected = await alone.store.readHistory(aloneArn);
      const { events } = await getExecutionHistory(engine.runtime, childExecutionArn(mapRunArn, index), {
        maxResults: 1000,
      });
      expect(shape(events)).toEqual(shape(expected));
      expect(events.filter((e) => e.type === 'TaskSubmitted')).toHaveLength(item.jobs.length);
      expect(events.at(-1)?.executionSucceededEventDetails).toMatchObject({
        output: JSON.stringify(item.jobs.map(() => ({ answered: true }))),
      });
    }
  });

  it('runs its waiting branches on to its end when its parent stops, when EXPRESS', async () => {
    const engine = createLocalEngine();
    const definition = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, ...PARALLEL_THAT_WAITS },
          End: true,
        },
      },
    };
    const stateMachineArn = await engine.createStateMachine({ name: 'NestedExpress', definition });
    const { executionArn } = await startExecution(engine.runtime, { stateMachineArn, definition }, { input: '[1]' });
    // The child's Parallel waits in its first branch, a frame of its own.
    await engine.until(
      async () => (await engine.store.loadFrame(executionArn, 'root/0.0.0/0.0.0'))?.frame.state === 'Hold',
    );
    await stopExecution(engine.runtime, executionArn);
    await engine.until(() => engine.queue.depth === 0);
    const mapRunArn = mapRunOf(await engine.store.readHistory(executionArn));
    expect(await describeExecution(engine.runtime, childExecutionArn(mapRunArn, 0))).toMatchObject({
      status: 'SUCCEEDED',
      output: '[1,"quick"]',
    });
  });
});
