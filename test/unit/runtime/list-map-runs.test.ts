import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../src/engine/types.js';
import { createLocalEngine } from '../../../src/local/engine.js';
import { redriveExecution, startExecution, stopExecution } from '../../../src/runtime/lifecycle.js';
import { listMapRuns, type MapRunListItem } from '../../../src/runtime/map-runs.js';
import type { Store } from '../../../src/runtime/ports.js';

/** A distributed Map whose children pass (or, with `seconds`, wait first). */
function eachMap(next: Record<string, unknown>, seconds?: number): Record<string, unknown> {
  const hold = seconds === undefined ? {} : { Hold: { Type: 'Wait', Seconds: seconds, Next: 'Keep' } };
  return {
    Type: 'Map',
    ItemProcessor: {
      ProcessorConfig: { Mode: 'DISTRIBUTED' },
      StartAt: seconds === undefined ? 'Keep' : 'Hold',
      States: { ...hold, Keep: { Type: 'Pass', End: true } },
    },
    ResultPath: null,
    ...next,
  };
}

/** `count` distributed Maps one after the other, a second apart, so that each run starts later. */
function mapsInTurn(count: number): object {
  const states: Record<string, unknown> = {};
  for (let n = 1; n <= count; n++) {
    states[`Each${n}`] = eachMap(n === count ? { End: true } : { Next: `Pause${n}` });
    if (n < count) states[`Pause${n}`] = { Type: 'Wait', Seconds: 1, Next: `Each${n + 1}` };
  }
  return { StartAt: 'Each1', States: states };
}

/** The runs a history records, newest first, as `ListMapRuns` shows them. */
function runsIn(executionArn: string, history: readonly HistoryEvent[]): MapRunListItem[] {
  const ends = new Map(
    history.filter((e) => e.type === 'MapRunSucceeded' || e.type === 'MapRunFailed').map((e) => [e.previousEventId, e]),
  );
  return history
    .filter((e) => e.type === 'MapRunStarted')
    .map((started) => {
      const { mapRunArn } = started.mapRunStartedEventDetails as { mapRunArn: string };
      const stopDate = ends.get(started.id)?.timestamp;
      return {
        executionArn,
        mapRunArn,
        stateMachineArn: expect.stringMatching(/:stateMachine:StateMachine\/Each\d*$/) as unknown as string,
        startDate: started.timestamp,
        ...(stopDate === undefined ? {} : { stopDate }),
      };
    })
    .reverse();
}

/** A store that counts the whole-history reads. */
function countingHistoryReads(counter: { reads: number }): (store: Store) => Store {
  return (store) =>
    new Proxy(store, {
      get(target, property, receiver) {
        if (property !== 'readHistory') return Reflect.get(target, property, receiver);
        return (...args: Parameters<Store['readHistory']>) => {
          counter.reads++;
          return target.readHistory(...args);
        };
      },
    });
}

describe('ListMapRuns', () => {
  it("lists an execution's runs newest first, a page of maxResults at a time, without reading its history", async () => {
    const counter = { reads: 0 };
    const engine = createLocalEngine({ adapters: { store: countingHistoryReads(counter) } });
    const result = await engine.run(mapsInTurn(5), [1, 2]);
    expect(result.status).toBe('SUCCEEDED');
    const expected = runsIn(result.executionArn, result.history);
    expect(expected).toHaveLength(5);
    counter.reads = 0;
    const pages: MapRunListItem[][] = [];
    let nextToken: string | undefined;
    do {
      const page = await listMapRuns(engine.runtime, result.executionArn, { maxResults: 2, nextToken });
      pages.push([...page.items]);
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(expected);
    expect(counter.reads).toBe(0);
    expect((await listMapRuns(engine.runtime, result.executionArn)).items).toEqual(expected);
  });

  it("lists a redriven execution's runs: the one its stop aborted, at its stop, after the redrive's", async () => {
    const engine = createLocalEngine();
    const definition = { StartAt: 'Each', States: { Each: eachMap({ End: true }, 60) } };
    const stateMachineArn = await engine.createStateMachine({ name: 'StateMachine', definition });
    const { executionArn } = await startExecution(engine.runtime, { stateMachineArn, definition }, { input: '[1]' });
    await engine.until(async () => (await listMapRuns(engine.runtime, executionArn)).items.length === 1);
    const [first] = (await listMapRuns(engine.runtime, executionArn)).items;
    expect(first).not.toHaveProperty('stopDate');
    const { stopDate } = await stopExecution(engine.runtime, executionArn);
    await redriveExecution(engine.runtime, executionArn);
    await engine.settle(executionArn);
    const history = await engine.store.readHistory(executionArn);
    const [second, earlier] = runsIn(executionArn, history);
    expect(earlier?.mapRunArn).toBe(first?.mapRunArn);
    expect(second?.stopDate).toBeDefined();
    const listed = await listMapRuns(engine.runtime, executionArn, { maxResults: 1 });
    expect(listed.items).toEqual([second]);
    const rest = await listMapRuns(engine.runtime, executionArn, { maxResults: 1, nextToken: listed.nextToken });
    expect(rest).toEqual({ items: [{ ...first, stopDate }] });
  });

  it('leaves out the record of a run whose commit a racing step won, and of one whose commit never came', async () => {
    const engine = createLocalEngine();
    const result = await engine.run(mapsInTurn(1), [1]);
    const [run] = (await listMapRuns(engine.runtime, result.executionArn)).items;
    const record = await engine.store.getMapRun(run?.mapRunArn ?? '');
    if (record?.startedBy === undefined) throw new Error('the run has no record of its start');
    const { ended: _, ...started } = record;
    // A step that lost the commit to the one that started `run`, and one that crashed before its commit.
    await engine.store.putMapRun({ ...started, mapRunArn: `${record.mapRunArn.slice(0, -4)}lost` });
    await engine.store.putMapRun({
      ...started,
      mapRunArn: `${record.mapRunArn.slice(0, -4)}gone`,
      startedBy: { ...record.startedBy, version: record.startedBy.version + 100 },
    });
    expect((await listMapRuns(engine.runtime, result.executionArn)).items).toEqual([run]);
  });

  it("leaves out the runs of a distributed Map inside a child execution, which the child's history holds", async () => {
    const engine = createLocalEngine();
    const inner = eachMap({ ItemsPath: '$.items', End: true });
    const outer = eachMap({ End: true });
    const definition = {
      StartAt: 'Each1',
      States: {
        Each1: {
          ...outer,
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' }, StartAt: 'Each2', States: { Each2: inner } },
        },
      },
    };
    const result = await engine.run(definition, [{ items: [1, 2] }]);
    expect(result.status).toBe('SUCCEEDED');
    expect((await listMapRuns(engine.runtime, result.executionArn)).items).toEqual(
      runsIn(result.executionArn, result.history),
    );
    expect(result.history.filter((e) => e.type === 'MapRunStarted')).toHaveLength(1);
  });

  it('answers InvalidToken for a token it did not give', async () => {
    const engine = createLocalEngine();
    const result = await engine.run(mapsInTurn(1), [1]);
    await expect(listMapRuns(engine.runtime, result.executionArn, { nextToken: 'bm9wZQ' })).rejects.toMatchObject({
      name: 'InvalidToken',
    });
  });
});
