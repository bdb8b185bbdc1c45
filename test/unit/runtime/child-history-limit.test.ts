import { describe, expect, it } from 'vitest';
import { childExecutionArn } from '../../../src/engine/states/child-executions.js';
import type { HistoryEvent } from '../../../src/engine/types.js';
import { createLocalEngine } from '../../../src/local/engine.js';
import {
  describeExecution,
  getExecutionHistory,
  redriveExecution,
  startExecution,
} from '../../../src/runtime/lifecycle.js';
import { describeMapRun } from '../../../src/runtime/map-runs.js';
import type { FrameRecord, Store } from '../../../src/runtime/ports.js';
import { countTo } from '../../support/runaway.js';

const LIMIT_CAUSE = 'The execution reached the maximum number of history events (25000).';

/**
 * A distributed Map over `$.items` whose children count from their item's `n` to 7,000 (28,004
 * events from 0, a few from 6,999), tolerating `tolerated` failed children (undefined: no tolerance,
 * so that the Map fails with its first failed child's error and cause).
 */
function countingMap(processor: Record<string, unknown>, tolerated: number | undefined): object {
  return {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemsPath: '$.items',
        ...(tolerated === undefined ? {} : { ToleratedFailureCount: tolerated }),
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ...processor }, ...countTo(7000) },
        End: true,
      },
    },
  };
}

/** As {@link countingMap}, but each child counts inside a Parallel branch that first waits a second. */
function countingInBranch(tolerated = 1): object {
  const count = countTo(7000);
  return {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemsPath: '$.items',
        ToleratedFailureCount: tolerated,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED' },
          StartAt: 'Both',
          States: {
            Both: {
              Type: 'Parallel',
              Branches: [
                { StartAt: 'Pause', States: { Pause: { Type: 'Wait', Seconds: 1, Next: 'Count' }, ...count.States } },
              ],
              End: true,
            },
          },
        },
        End: true,
      },
    },
  };
}

function mapRunOf(history: readonly HistoryEvent[]): string {
  const started = history.find((e) => e.type === 'MapRunStarted');
  return (started?.mapRunStartedEventDetails as { mapRunArn?: string } | undefined)?.mapRunArn ?? '';
}

/** Every event of a child's history through `getExecutionHistory`, 1,000 a page. */
async function wholeHistory(engine: ReturnType<typeof createLocalEngine>, executionArn: string) {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await getExecutionHistory(engine.runtime, executionArn, { maxResults: 1000, nextToken });
    events.push(...page.events);
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return events;
}

describe("the history quota of a distributed Map's STANDARD child executions", () => {
  it('fails a child at event 25,000 of its own history, counted as a failed child within the tolerance', async () => {
    const engine = createLocalEngine();
    const result = await engine.run(countingMap({}, 1), { items: [{ n: 0 }, { n: 6999 }] });
    expect(result.status).toBe('SUCCEEDED');
    const mapRunArn = mapRunOf(result.history);
    const long = childExecutionArn(mapRunArn, 0);
    expect(await describeExecution(engine.runtime, long)).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: LIMIT_CAUSE,
    });
    const events = await wholeHistory(engine, long);
    expect(events.map((e) => e.id)).toEqual(Array.from({ length: 25_000 }, (_, i) => i + 1));
    expect(events.at(-1)).toMatchObject({
      id: 25_000,
      previousEventId: 24_999,
      type: 'ExecutionFailed',
      executionFailedEventDetails: { error: 'States.Runtime', cause: LIMIT_CAUSE },
    });
    expect(events.filter((e) => e.type.startsWith('Execution')).map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'ExecutionFailed',
    ]);
    expect(await describeExecution(engine.runtime, childExecutionArn(mapRunArn, 1))).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"n":7000}',
    });
    const run = await describeMapRun(engine.runtime, mapRunArn);
    expect(run).toMatchObject({ status: 'SUCCEEDED' });
    expect(run.executionCounts).toMatchObject({ failed: 1, succeeded: 1, aborted: 0, total: 2 });
    // The parent's history holds none of it, and no limit of its own was reached.
    expect(result.history.length).toBeLessThan(20);
  });

  it("fails the map run when the child's failure is beyond the tolerance", async () => {
    const engine = createLocalEngine();
    const result = await engine.run(countingMap({}, 0), { items: [{ n: 0 }] });
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.ExceedToleratedFailureThreshold');
    const run = await describeMapRun(engine.runtime, mapRunOf(result.history));
    expect(run).toMatchObject({ status: 'FAILED' });
    expect(run.executionCounts).toMatchObject({ failed: 1, total: 1 });
  });

  it("fails a child whose nested Parallel branch, a frame of its own, reaches the child's limit", async () => {
    const engine = createLocalEngine();
    const result = await engine.run(countingInBranch(), { items: [{ n: 0 }, { n: 6999 }] });
    expect(result.status).toBe('SUCCEEDED');
    const mapRunArn = mapRunOf(result.history);
    const long = childExecutionArn(mapRunArn, 0);
    expect(await describeExecution(engine.runtime, long)).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: LIMIT_CAUSE,
    });
    const events = await wholeHistory(engine, long);
    expect(events.map((e) => e.id)).toEqual(Array.from({ length: 25_000 }, (_, i) => i + 1));
    expect(events.at(-1)).toMatchObject({ id: 25_000, previousEventId: 24_999, type: 'ExecutionFailed' });
    expect(events.filter((e) => e.type.startsWith('Execution')).map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'ExecutionFailed',
    ]);
    // The branch took no step after the child failed: nothing is left to deliver.
    expect(engine.queue.depth).toBe(0);
    const run = await describeMapRun(engine.runtime, mapRunArn);
    expect(run.executionCounts).toMatchObject({ failed: 1, succeeded: 1, total: 2 });
  });

  it('still fails the child when the worker dies right after each commit that reaches its limit', async () => {
    const crashed = new Set<string>();
    const engine = createLocalEngine({
      adapters: {
        store: (store) =>
          Object.assign(Object.create(store) as Store, {
            async commitFrame(record: FrameRecord) {
              const result = await store.commitFrame(record);
              const kind = record.outbox.some((m) => m.body.kind === 'historyLimit')
                ? 'branch'
                : record.childHistory?.some((e) => e.id === 25_000)
                  ? 'child'
                  : undefined;
              if (kind !== undefined && !crashed.has(kind)) {
                crashed.add(kind);
                throw new Error('worker died after the commit');
              }
              return result;
            },
          }),
      },
    });
    const result = await engine.run(countingInBranch(0), { items: [{ n: 0 }] });
    expect([...crashed].sort()).toEqual(['branch', 'child']);
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.ExceedToleratedFailureThreshold');
    const long = childExecutionArn(mapRunOf(result.history), 0);
    expect(await describeExecution(engine.runtime, long)).toMatchObject({ status: 'FAILED', cause: LIMIT_CAUSE });
    const events = await wholeHistory(engine, long);
    expect(events.map((e) => e.id)).toEqual(Array.from({ length: 25_000 }, (_, i) => i + 1));
  });

  it('lets the parent whose Map failed with the error of a child at its limit be redriven, and keeps that child', async () => {
    const engine = createLocalEngine();
    const definition = countingMap({}, undefined);
    const stateMachineArn = await engine.createStateMachine({ name: 'Limited', definition });
    const input = JSON.stringify({ items: [{ n: 0 }] });
    const { executionArn } = await startExecution(engine.runtime, { stateMachineArn, definition }, { input });
    await engine.settle(executionArn);
    // Without a tolerance, the Map fails with its child's error and cause: the parent reads as an
    // execution that failed at the history limit, but its own history is a few events long.
    const failed = await describeExecution(engine.runtime, executionArn);
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.Runtime', cause: LIMIT_CAUSE });
    const first = await wholeHistory(engine, executionArn);
    expect(first.length).toBeLessThan(20);
    const child = childExecutionArn(mapRunOf(first), 0);
    await redriveExecution(engine.runtime, executionArn);
    await engine.settle(executionArn);
    // The redriven Map starts a new run, whose child reaches the limit again, and the parent ends as
    // it did; the first run's child keeps its end and its whole history.
    expect(await describeExecution(engine.runtime, executionArn)).toMatchObject({
      status: 'FAILED',
      cause: LIMIT_CAUSE,
      redriveCount: 1,
    });
    const runs = (await wholeHistory(engine, executionArn)).filter((e) => e.type === 'MapRunStarted');
    expect(runs).toHaveLength(2);
    expect(await describeExecution(engine.runtime, child)).toMatchObject({ status: 'FAILED', cause: LIMIT_CAUSE });
    expect(await wholeHistory(engine, child)).toHaveLength(25_000);
  });

  it("holds no child to the limit when the parent's state machine or engine lifts it, nor an EXPRESS child", async () => {
    const lifted = createLocalEngine();
    const byRun = await lifted.run(countingMap({}, 0), { items: [{ n: 0 }] }, { quotas: { historyLimit: false } });
    expect(byRun.status).toBe('SUCCEEDED');
    const child = childExecutionArn(mapRunOf(byRun.history), 0);
    expect(await describeExecution(lifted.runtime, child)).toMatchObject({ status: 'SUCCEEDED' });
    expect(await wholeHistory(lifted, child)).toHaveLength(28_004);

    const byEngine = createLocalEngine({ quotas: { historyLimit: false } });
    expect((await byEngine.run(countingInBranch(), { items: [{ n: 0 }] })).status).toBe('SUCCEEDED');

    const express = createLocalEngine();
    const run = await express.run(countingMap({ ExecutionType: 'EXPRESS' }, 0), { items: [{ n: 0 }] });
    expect(run.status).toBe('SUCCEEDED');
  });
});
