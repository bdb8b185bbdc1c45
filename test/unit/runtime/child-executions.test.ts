import { describe, expect, it } from 'vitest';
import { childExecutionArn, childExecutionName } from '../../../src/engine/states/child-executions.js';
import type { HistoryEvent } from '../../../src/engine/types.js';
import { createLocalEngine } from '../../../src/local/engine.js';
import { abortedHistory, childHistoryNumbered } from '../../../src/runtime/child-executions.js';
import {
  describeExecution,
  getExecutionHistory,
  listExecutions,
  listMapRunExecutions,
  redriveExecution,
  startExecution,
  stopExecution,
} from '../../../src/runtime/lifecycle.js';
import { describeMapRun } from '../../../src/runtime/map-runs.js';

/** A distributed Map over `$.items` whose children pass on `{ id }` after a Pass, or fail on `fail`. */
function childrenMap(processor: Record<string, unknown> = {}, fields: Record<string, unknown> = {}): object {
  return {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemsPath: '$.items',
        Label: 'Orders',
        ToleratedFailureCount: 5,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ...processor },
          StartAt: 'Check',
          States: {
            Check: { Type: 'Choice', Choices: [{ Variable: '$.fail', IsPresent: true, Next: 'Bad' }], Default: 'Keep' },
            Keep: { Type: 'Pass', Parameters: { 'id.$': '$.id' }, End: true },
            Bad: { Type: 'Fail', Error: 'Item.Bad', Cause: 'no' },
          },
        },
        End: true,
        ...fields,
      },
    },
  };
}

function mapRunOf(history: readonly HistoryEvent[]): string {
  const started = history.find((e) => e.type === 'MapRunStarted');
  const details = started?.mapRunStartedEventDetails as { mapRunArn?: string } | undefined;
  return details?.mapRunArn ?? '';
}

describe("a distributed Map's child executions", () => {
  it('are described, with their state machine, map run, input, output and dates', async () => {
    const engine = createLocalEngine();
    const result = await engine.run(childrenMap(), { items: [{ id: 1 }, { id: 2, fail: true }] });
    expect(result.status).toBe('SUCCEEDED');
    const mapRunArn = mapRunOf(result.history);
    const first = await describeExecution(engine.runtime, childExecutionArn(mapRunArn, 0));
    expect(first).toMatchObject({
      executionArn: childExecutionArn(mapRunArn, 0),
      name: childExecutionName(mapRunArn, 0),
      stateMachineArn: expect.stringMatching(/:stateMachine:[^/:]+\/Orders$/),
      mapRunArn,
      status: 'SUCCEEDED',
      input: '{"id":1}',
      output: '{"id":1}',
    });
    expect(Date.parse(first.stopDate ?? '')).toBeGreaterThanOrEqual(Date.parse(first.startDate));
    const second = await describeExecution(engine.runtime, childExecutionArn(mapRunArn, 1));
    expect(second).toMatchObject({ status: 'FAILED', error: 'Item.Bad', cause: 'no', mapRunArn });
  });

  it('keep a history of their own, numbered from 1, and none of it in the parent', async () => {
    const engine = createLocalEngine();
    const result = await engine.run(childrenMap(), { items: [{ id: 1 }, { id: 2, fail: true }] });
    const mapRunArn = mapRunOf(result.history);
    const { events } = await getExecutionHistory(engine.runtime, childExecutionArn(mapRunArn, 0));
    expect(events.map((e) => [e.id, e.previousEventId, e.type])).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'ChoiceStateEntered'],
      [3, 2, 'ChoiceStateExited'],
      [4, 3, 'PassStateEntered'],
      [5, 4, 'PassStateExited'],
      [6, 5, 'ExecutionSucceeded'],
    ]);
    expect(events[0]?.executionStartedEventDetails).toMatchObject({
      input: '{"id":1}',
      inputDetails: { truncated: false },
    });
    const failed = (await getExecutionHistory(engine.runtime, childExecutionArn(mapRunArn, 1))).events;
    expect(failed.at(-1)).toMatchObject({
      type: 'ExecutionFailed',
      executionFailedEventDetails: { error: 'Item.Bad', cause: 'no' },
    });
    // The parent's history is as before: the map run's events, none of its children's.
    expect(result.history.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapRunStarted',
      'MapRunSucceeded',
      'MapStateSucceeded',
      'MapStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('are listed by their map run, not by the state machine of their parent', async () => {
    const engine = createLocalEngine();
    const items = [{ id: 1 }, { id: 2, fail: true }, { id: 3 }];
    const result = await engine.run(childrenMap(), { items });
    const mapRunArn = mapRunOf(result.history);
    const all = await listMapRunExecutions(engine.runtime, { mapRunArn });
    expect(new Set(all.items.map((e) => e.executionArn))).toEqual(
      new Set(items.map((_, index) => childExecutionArn(mapRunArn, index))),
    );
    expect(all.items.every((e) => e.itemCount === 1)).toBe(true);
    const failed = await listMapRunExecutions(engine.runtime, { mapRunArn, statusFilter: 'FAILED' });
    expect(failed.items.map((e) => e.executionArn)).toEqual([childExecutionArn(mapRunArn, 1)]);
    const first = await listMapRunExecutions(engine.runtime, { mapRunArn, maxResults: 2 });
    const rest = await listMapRunExecutions(engine.runtime, { mapRunArn, maxResults: 2, nextToken: first.nextToken });
    expect([...first.items, ...rest.items].map((e) => e.executionArn)).toEqual(all.items.map((e) => e.executionArn));
    const parent = await describeExecution(engine.runtime, result.executionArn);
    const listed = await listExecutions(engine.runtime, { stateMachineArn: parent.stateMachineArn });
    expect(listed.items.map((e) => e.executionArn)).toEqual([result.executionArn]);
    await expect(listMapRunExecutions(engine.runtime, { mapRunArn: `${mapRunArn}x` })).rejects.toMatchObject({
      name: 'ResourceNotFound',
    });
  });

  it('count the items a batch gave each', async () => {
    const engine = createLocalEngine();
    const result = await engine.run(
      childrenMap({}, { ItemBatcher: { MaxItemsPerBatch: 2 }, ItemSelector: undefined }),
      {
        items: [{ id: 1 }, { id: 2 }, { id: 3 }],
      },
    );
    const mapRunArn = mapRunOf(result.history);
    const page = await listMapRunExecutions(engine.runtime, { mapRunArn });
    const counts = new Map(page.items.map((e) => [e.executionArn, e.itemCount]));
    expect(counts.get(childExecutionArn(mapRunArn, 0))).toBe(2);
    expect(counts.get(childExecutionArn(mapRunArn, 1))).toBe(1);
  });

  it('count the items a batch gave each when the items are read in pages', async () => {
    const engine = createLocalEngine({ tasks: { 'arn:aws:states:::s3:getObject': async () => [1, 2, 3, 4, 5] } });
    const reader = { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'b', Key: 'k' } };
    const definition = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemReader: reader,
          ItemBatcher: { MaxItemsPerBatch: 2 },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED' },
            StartAt: 'Keep',
            States: { Keep: { Type: 'Pass', End: true } },
          },
          End: true,
        },
      },
    };
    const result = await engine.run(definition, {});
    expect(result.status).toBe('SUCCEEDED');
    const mapRunArn = mapRunOf(result.history);
    const page = await listMapRunExecutions(engine.runtime, { mapRunArn });
    const counts = new Map(page.items.map((e) => [e.executionArn, e.itemCount]));
    expect([0, 1, 2].map((index) => counts.get(childExecutionArn(mapRunArn, index)))).toEqual([2, 2, 1]);
  });

  it('keep no history when EXPRESS, and are still described', async () => {
    const engine = createLocalEngine();
    const result = await engine.run(childrenMap({ ExecutionType: 'EXPRESS' }), { items: [{ id: 1 }] });
    const child = childExecutionArn(mapRunOf(result.history), 0);
    expect(await describeExecution(engine.runtime, child)).toMatchObject({ status: 'SUCCEEDED', output: '{"id":1}' });
    await expect(getExecutionHistory(engine.runtime, child)).rejects.toMatchObject({
      name: 'StateMachineTypeNotSupported',
    });
  });

  it('end ABORTED with their parent, which alone is stopped', async () => {
    const engine = createLocalEngine({ tasks: { Worker: async () => ({}) } });
    const definition = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED' },
            StartAt: 'Hold',
            States: {
              Hold: {
                Type: 'Task',
                Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
                Parameters: { FunctionName: 'Worker', Payload: { 'token.$': '$$.Task.Token' } },
                End: true,
              },
            },
          },
          End: true,
        },
      },
    };
    const stateMachineArn = await engine.createStateMachine({ name: 'Holding', definition });
    const { executionArn } = await startExecution(engine.runtime, { stateMachineArn, definition }, { input: '[1, 2]' });
    await engine.until(() => engine.pendingTaskTokens().length === 2);
    const mapRunArn = mapRunOf(await engine.store.readHistory(executionArn));
    const running = await listMapRunExecutions(engine.runtime, { mapRunArn, statusFilter: 'RUNNING' });
    expect(running.items).toHaveLength(2);
    await expect(stopExecution(engine.runtime, childExecutionArn(mapRunArn, 0))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    const { stopDate } = await stopExecution(engine.runtime, executionArn);
    const child = await describeExecution(engine.runtime, childExecutionArn(mapRunArn, 0));
    expect(child).toMatchObject({ status: 'ABORTED', stopDate });
    const aborted = await listMapRunExecutions(engine.runtime, { mapRunArn, statusFilter: 'ABORTED' });
    expect(aborted.items.map((e) => e.status)).toEqual(['ABORTED', 'ABORTED']);
    expect((await listMapRunExecutions(engine.runtime, { mapRunArn, statusFilter: 'RUNNING' })).items).toEqual([]);
  });

  it("end with ExecutionAborted at their parent's stop, and take no step after it, when STANDARD", async () => {
    const engine = createLocalEngine();
    const definition = waitingMap({});
    const stateMachineArn = await engine.createStateMachine({ name: 'Waiting', definition });
    const { executionArn } = await startExecution(engine.runtime, { stateMachineArn, definition }, { input: '[1, 2]' });
    const mapRunArn = await childrenRunning(engine, executionArn, 2);
    const { stopDate } = await stopExecution(engine.runtime, executionArn);
    // Their timers come due: the children find their parent stopped and commit nothing.
    await engine.until(() => engine.queue.depth === 0);
    const child = childExecutionArn(mapRunArn, 0);
    expect(await describeExecution(engine.runtime, child)).toMatchObject({ status: 'ABORTED', stopDate });
    const { events } = await getExecutionHistory(engine.runtime, child);
    expect(events.map((e) => [e.id, e.previousEventId, e.type])).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'WaitStateEntered'],
      [3, 2, 'ExecutionAborted'],
    ]);
    expect(events.at(-1)?.timestamp).toBe(stopDate);
    const reversed = await getExecutionHistory(engine.runtime, child, { reverseOrder: true, maxResults: 1 });
    expect(reversed.events.map((e) => e.type)).toEqual(['ExecutionAborted']);
    // It is redriven with its parent only, as on AWS.
    await expect(redriveExecution(engine.runtime, child)).rejects.toMatchObject({
      name: 'ExecutionNotRedrivable',
      message: expect.stringContaining('redriven with its parent execution'),
    });
  });

  it('run on to their end when their parent stops, when EXPRESS', async () => {
    const engine = createLocalEngine();
    const definition = waitingMap({ ExecutionType: 'EXPRESS' });
    const stateMachineArn = await engine.createStateMachine({ name: 'WaitingExpress', definition });
    const { executionArn } = await startExecution(engine.runtime, { stateMachineArn, definition }, { input: '[1, 2]' });
    const mapRunArn = await childrenRunning(engine, executionArn, 2);
    await stopExecution(engine.runtime, executionArn);
    await engine.until(() => engine.queue.depth === 0);
    expect(await describeExecution(engine.runtime, childExecutionArn(mapRunArn, 1))).toMatchObject({
      status: 'SUCCEEDED',
      output: '2',
    });
    const succeeded = await listMapRunExecutions(engine.runtime, { mapRunArn, statusFilter: 'SUCCEEDED' });
    expect(succeeded.items).toHaveLength(2);
    expect((await listMapRunExecutions(engine.runtime, { mapRunArn, statusFilter: 'ABORTED' })).items).toEqual([]);
  });

  it('are aborted when failures beyond the tolerance end their map run, and take no step after it, when STANDARD', async () => {
    const engine = createLocalEngine();
    const result = await engine.run(failingMap({}), { items: [{ fail: true }, { id: 2 }] });
    expect(result.status).toBe('SUCCEEDED');
    const mapRunArn = mapRunOf(result.history);
    const failedAt = result.history.find((e) => e.type === 'MapRunFailed')?.timestamp;
    const left = childExecutionArn(mapRunArn, 1);
    expect(await describeExecution(engine.runtime, left)).toMatchObject({ status: 'ABORTED', stopDate: failedAt });
    const { events } = await getExecutionHistory(engine.runtime, left);
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'WaitStateEntered',
      'ExecutionAborted',
    ]);
    expect(events.at(-1)).toMatchObject({ id: 5, previousEventId: 4, timestamp: failedAt });
    const aborted = await listMapRunExecutions(engine.runtime, { mapRunArn, statusFilter: 'ABORTED' });
    expect(aborted.items.map((e) => e.executionArn)).toEqual([left]);
    expect((await listMapRunExecutions(engine.runtime, { mapRunArn, statusFilter: 'RUNNING' })).items).toEqual([]);
    const run = await describeMapRun(engine.runtime, mapRunArn);
    expect(run).toMatchObject({ status: 'FAILED', stopDate: failedAt });
    expect(run.executionCounts).toMatchObject({
      failed: 1,
      aborted: 1,
      succeeded: 0,
      running: 0,
      pending: 0,
      total: 2,
    });
    expect(run.itemCounts).toMatchObject({ failed: 1, aborted: 1, succeeded: 0, running: 0, pending: 0, total: 2 });
    // EXPRESS children run on to their end, as AWS lets them.
    const express = await engine.run(failingMap({ ExecutionType: 'EXPRESS' }), { items: [{ fail: true }, { id: 2 }] });
    expect(await describeExecution(engine.runtime, childExecutionArn(mapRunOf(express.history), 1))).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"id":2}',
    });
  });

  it("stay ABORTED at their parent's stop when the parent is redriven, which starts a new map run", async () => {
    const engine = createLocalEngine();
    const definition = waitingMap({});
    const stateMachineArn = await engine.createStateMachine({ name: 'Redriven', definition });
    const { executionArn } = await startExecution(engine.runtime, { stateMachineArn, definition }, { input: '[1]' });
    const first = await childrenRunning(engine, executionArn, 1);
    const { stopDate } = await stopExecution(engine.runtime, executionArn);
    await redriveExecution(engine.runtime, executionArn);
    const child = childExecutionArn(first, 0);
    expect(await describeExecution(engine.runtime, child)).toMatchObject({ status: 'ABORTED', stopDate });
    expect(await describeMapRun(engine.runtime, first)).toMatchObject({ status: 'ABORTED', stopDate });
    await engine.settle(executionArn);
    expect((await describeExecution(engine.runtime, executionArn)).status).toBe('SUCCEEDED');
    expect(await describeExecution(engine.runtime, child)).toMatchObject({ status: 'ABORTED', stopDate });
    expect((await getExecutionHistory(engine.runtime, child)).events.at(-1)).toMatchObject({
      type: 'ExecutionAborted',
      timestamp: stopDate,
    });
    expect(await describeMapRun(engine.runtime, first)).toMatchObject({ status: 'ABORTED', stopDate });
  });

  it('stop the frames of their nested Parallel with them when failures beyond the tolerance end their map run', async () => {
    const engine = createLocalEngine();
    const hold = {
      Type: 'Parallel',
      Branches: [{ StartAt: 'Pause', States: { Pause: { Type: 'Wait', Seconds: 60, End: true } } }],
      Next: 'Keep',
    };
    const result = await engine.run(failingMap({}, { Hold: hold }), { items: [{ fail: true }, { id: 2 }] });
    expect(result.status).toBe('SUCCEEDED');
    const failedAt = result.history.find((e) => e.type === 'MapRunFailed')?.timestamp ?? '';
    const left = childExecutionArn(mapRunOf(result.history), 1);
    expect(await describeExecution(engine.runtime, left)).toMatchObject({ status: 'ABORTED', stopDate: failedAt });
    const { events } = await getExecutionHistory(engine.runtime, left);
    expect(events.map((e) => [e.id, e.previousEventId, e.type])).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'ChoiceStateEntered'],
      [3, 2, 'ChoiceStateExited'],
      [4, 3, 'ParallelStateEntered'],
      [5, 4, 'ParallelStateStarted'],
      [6, 5, 'WaitStateEntered'],
      [7, 6, 'ExecutionAborted'],
    ]);
    expect(events.at(-1)?.timestamp).toBe(failedAt);
    for (const event of events) expect(Date.parse(event.timestamp)).toBeLessThanOrEqual(Date.parse(failedAt));
    // The branch's timer came due after the stop, and its step committed nothing.
    const child = await engine.store.getExecution(left);
    const kept = await engine.store.readChildHistory(result.executionArn, child?.parent?.frameId ?? '');
    expect(kept.map((e) => e.type)).not.toContain('WaitStateExited');
    expect(engine.queue.depth).toBe(0);
  });
});

/** A distributed Map whose children wait a minute, then pass on their item. */
function waitingMap(processor: Record<string, unknown>): object {
  return {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ...processor },
          StartAt: 'Hold',
          States: { Hold: { Type: 'Wait', Seconds: 60, Next: 'Keep' }, Keep: { Type: 'Pass', End: true } },
        },
        End: true,
      },
    },
  };
}

/**
 * A distributed Map that tolerates no failure: a child of an item with `fail` fails at once, the
 * others wait a minute first. The Map's failure is caught, and the execution waits two minutes more,
 * so it still runs when the children's timers come due.
 */
function failingMap(processor: Record<string, unknown>, states: Record<string, unknown> = {}): object {
  return {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemsPath: '$.items',
        ToleratedFailureCount: 0,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ...processor },
          StartAt: 'Check',
          States: {
            Check: { Type: 'Choice', Choices: [{ Variable: '$.fail', IsPresent: true, Next: 'Bad' }], Default: 'Hold' },
            Hold: { Type: 'Wait', Seconds: 60, Next: 'Keep' },
            Keep: { Type: 'Pass', End: true },
            Bad: { Type: 'Fail', Error: 'Item.Bad', Cause: 'no' },
            ...states,
          },
        },
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'After' }],
        End: true,
      },
      After: { Type: 'Wait', Seconds: 120, End: true },
    },
  };
}

/** Waits until `count` children of the execution's map run have started; answers the map run. */
async function childrenRunning(
  engine: ReturnType<typeof createLocalEngine>,
  executionArn: string,
  count: number,
): Promise<string> {
  let mapRunArn = '';
  await engine.until(async () => {
    mapRunArn = mapRunOf(await engine.store.readHistory(executionArn));
    if (mapRunArn === '') return false;
    return (await listMapRunExecutions(engine.runtime, { mapRunArn, statusFilter: 'RUNNING' })).items.length === count;
  });
  return mapRunArn;
}

describe('childHistoryNumbered', () => {
  const at = (id: number, previousEventId: number, type = 'PassStateEntered'): HistoryEvent => ({
    id,
    previousEventId,
    timestamp: '2024-05-01T10:00:00.000Z',
    type,
  });

  it('closes the gaps a step that never committed left, each previousEventId following its event', () => {
    const history = [at(1, 0, 'ExecutionStarted'), at(2, 0), at(3, 2), at(6, 3), at(7, 3), at(9, 6), at(10, 7)];
    expect(childHistoryNumbered(history).map((e) => [e.id, e.previousEventId, e.type])).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'PassStateEntered'],
      [3, 2, 'PassStateEntered'],
      [4, 3, 'PassStateEntered'],
      [5, 3, 'PassStateEntered'],
      [6, 4, 'PassStateEntered'],
      [7, 5, 'PassStateEntered'],
    ]);
  });

  it('keeps a history numbered 1 to n as it is', () => {
    const history = [at(1, 0, 'ExecutionStarted'), at(2, 0), at(3, 2)];
    const numbered = childHistoryNumbered(history);
    expect(numbered).toEqual(history);
    expect(numbered.every((e, i) => e === history[i])).toBe(true);
  });
});

describe('abortedHistory', () => {
  const at = (second: number) => `2026-01-01T00:00:${String(second).padStart(2, '0')}.000Z`;
  const event = (id: number, previousEventId: number, type: string, second: number): HistoryEvent => ({
    id,
    previousEventId,
    type,
    timestamp: at(second),
  });

  it('ends with ExecutionAborted at the stop, leaving out the events of a step that committed after it', () => {
    const history = [
      event(1, 0, 'ExecutionStarted', 1),
      event(2, 0, 'ParallelStateEntered', 1),
      event(3, 2, 'WaitStateEntered', 2),
      event(4, 3, 'WaitStateExited', 40),
      event(5, 4, 'PassStateEntered', 40),
    ];
    expect(abortedHistory(history, at(30)).map((e) => [e.id, e.previousEventId, e.type, e.timestamp])).toEqual([
      [1, 0, 'ExecutionStarted', at(1)],
      [2, 0, 'ParallelStateEntered', at(1)],
      [3, 2, 'WaitStateEntered', at(2)],
      [4, 3, 'ExecutionAborted', at(30)],
    ]);
  });

  it('keeps a history that already ended as it is', () => {
    const history = [event(1, 0, 'ExecutionStarted', 1), event(2, 1, 'ExecutionSucceeded', 40)];
    expect(abortedHistory(history, at(30))).toEqual(history);
  });
});
