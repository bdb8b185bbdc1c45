import { describe, expect, it } from 'vitest';
import { childExecutionArn, childExecutionName } from '../../../src/engine/states/child-executions.js';
import type { HistoryEvent } from '../../../src/engine/types.js';
import { createLocalEngine } from '../../../src/local/engine.js';
import {
  describeExecution,
  getExecutionHistory,
  listExecutions,
  listMapRunExecutions,
  startExecution,
  stopExecution,
} from '../../../src/runtime/lifecycle.js';

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
});
