import { describe, expect, it } from 'vitest';
import { childExecutionArn } from '../../../src/engine/states/child-executions.js';
import type { HistoryEvent } from '../../../src/engine/types.js';
import { describeExecution, stopExecution } from '../../../src/runtime/lifecycle.js';
import { describeMapRun } from '../../../src/runtime/map-runs.js';
import type { Store } from '../../../src/runtime/ports.js';
import { Bench } from './bench.js';

/**
 * A distributed Map over the input whose children pass (or, with `Seconds`, wait first), followed
 * by `then` (the execution ends with the Map when absent).
 */
function distributedMap(options: { seconds?: number; then?: Record<string, unknown> } = {}): object {
  const hold = options.seconds === undefined ? {} : { Hold: { Type: 'Wait', Seconds: options.seconds, Next: 'Keep' } };
  return {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED' },
          StartAt: options.seconds === undefined ? 'Keep' : 'Hold',
          States: { ...hold, Keep: { Type: 'Pass', End: true } },
        },
        ...(options.then === undefined ? { End: true } : { Next: 'Then' }),
      },
      ...(options.then === undefined ? {} : { Then: options.then }),
    },
  };
}

function eventOf(history: readonly HistoryEvent[], type: string): HistoryEvent {
  const event = history.find((e) => e.type === type);
  if (event === undefined) throw new Error(`no ${type} event`);
  return event;
}

function mapRunOf(history: readonly HistoryEvent[]): string {
  return (eventOf(history, 'MapRunStarted').mapRunStartedEventDetails as { mapRunArn: string }).mapRunArn;
}

/** A store whose `endMapRun` fails its first `times` calls, as a worker that died before making it. */
function crashingEndMapRun(times: number): (store: Store) => Store {
  let left = times;
  return (store) =>
    new Proxy(store, {
      get(target, property, receiver) {
        if (property !== 'endMapRun') return Reflect.get(target, property, receiver);
        return async (...args: Parameters<Store['endMapRun']>) => {
          if (left > 0) {
            left--;
            throw new Error('crashed before recording the run’s end');
          }
          return target.endMapRun(...args);
        };
      },
    });
}

describe("a map run's end on its record", () => {
  it('is recorded after the commit that holds it, and DescribeMapRun answers from it without the history', async () => {
    const bench = new Bench();
    const { executionArn } = await bench.start(distributedMap(), [1, 2, 3]);
    await bench.settle();
    expect((await bench.execution(executionArn)).status).toBe('SUCCEEDED');
    const history = await bench.history(executionArn);
    const mapRunArn = mapRunOf(history);
    const ended = eventOf(history, 'MapRunSucceeded');
    expect((await bench.store.getMapRun(mapRunArn))?.ended).toEqual({ status: 'SUCCEEDED', stopDate: ended.timestamp });
    bench.resetCalls();
    expect(await describeMapRun(bench.runtime, mapRunArn)).toMatchObject({
      status: 'SUCCEEDED',
      startDate: eventOf(history, 'MapRunStarted').timestamp,
      stopDate: ended.timestamp,
      executionCounts: { succeeded: 3, total: 3 },
    });
    expect(bench.calls.readHistory).toBeUndefined();
  });

  it('is recorded when the message is redelivered after a crash between the commit and the record', async () => {
    const bench = new Bench({}, { wrapStore: crashingEndMapRun(1) });
    const { executionArn } = await bench.start(distributedMap(), [1, 2]);
    await bench.settle();
    // The delivery that committed the run's end failed after its commit; its redelivery recorded it.
    expect(bench.deliveries.filter((d) => d.outcome === 'failed')).toHaveLength(1);
    expect(bench.deliveries.some((d) => d.outcome === 'resent')).toBe(true);
    expect((await bench.execution(executionArn)).status).toBe('SUCCEEDED');
    const history = await bench.history(executionArn);
    const mapRunArn = mapRunOf(history);
    expect((await bench.store.getMapRun(mapRunArn))?.ended).toEqual({
      status: 'SUCCEEDED',
      stopDate: eventOf(history, 'MapRunSucceeded').timestamp,
    });
    expect(await describeMapRun(bench.runtime, mapRunArn)).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('is recorded by the redelivery even when the execution was stopped before it', async () => {
    const bench = new Bench({}, { wrapStore: crashingEndMapRun(1) });
    const then = { Type: 'Wait', Seconds: 3600, End: true };
    const { executionArn } = await bench.start(distributedMap({ then }), [1, 2]);
    // Every message visible now: the run ends, and its commit's delivery dies before the record.
    await bench.deliverVisible();
    expect(bench.deliveries.filter((d) => d.outcome === 'failed')).toHaveLength(1);
    const { stopDate } = await stopExecution(bench.runtime, executionArn);
    await bench.settle();
    const history = await bench.history(executionArn);
    const mapRunArn = mapRunOf(history);
    const ended = eventOf(history, 'MapRunSucceeded');
    expect(ended.timestamp <= stopDate).toBe(true);
    expect(await describeMapRun(bench.runtime, mapRunArn)).toMatchObject({
      status: 'SUCCEEDED',
      stopDate: ended.timestamp,
    });
  });

  it('is absent for a run its execution stopped: ABORTED at the stop, read without the history', async () => {
    const bench = new Bench();
    const { executionArn } = await bench.start(distributedMap({ seconds: 60 }), [1, 2]);
    await bench.deliverVisible();
    const mapRunArn = mapRunOf(await bench.history(executionArn));
    const child = childExecutionArn(mapRunArn, 0);
    bench.resetCalls();
    expect((await describeMapRun(bench.runtime, mapRunArn)).status).toBe('RUNNING');
    expect((await describeExecution(bench.runtime, child)).status).toBe('RUNNING');
    const { stopDate } = await stopExecution(bench.runtime, executionArn);
    bench.resetCalls();
    expect(await describeMapRun(bench.runtime, mapRunArn)).toMatchObject({ status: 'ABORTED', stopDate });
    expect(await describeExecution(bench.runtime, child)).toMatchObject({ status: 'ABORTED', stopDate });
    expect(bench.calls.readHistory).toBeUndefined();
    expect((await bench.store.getMapRun(mapRunArn))?.ended).toBeUndefined();
  });
});
