import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/runtime/ports.js';
import { distributedMap } from '../engine/helpers.js';
import { apiOnEngine } from './support.js';

const SM = 'arn:aws:states:us-east-1:123456789012:stateMachine';

const WORK = { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Work', End: true };

/** `Work` handing its task token to the function, and waiting for the token's answer. */
const WORK_WAITING = {
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
  Parameters: { FunctionName: 'Work', Payload: { 'token.$': '$$.Task.Token' } },
  End: true,
};

/** A definition whose distributed Map `Each` runs `work` per item, with `fields` added to it. */
function runsDefinition(fields: Record<string, unknown>, work: object = WORK): string {
  const ItemProcessor = { ProcessorConfig: { Mode: 'DISTRIBUTED' }, StartAt: 'Work', States: { Work: work } };
  return JSON.stringify(distributedMap({ ItemProcessor, ...fields }));
}

const ZERO = { timedOut: 0, aborted: 0, resultsWritten: 0, failuresNotRedrivable: 0, pendingRedrive: 0 };

describe('map run actions', () => {
  it('list the map runs of an execution and describe one that ended, with its counts and configuration', async () => {
    const { call, engine } = apiOnEngine({
      tasks: {
        Work: async (item: unknown) => {
          if ((item as { fail?: boolean }).fail) throw Object.assign(new Error('bad item'), { name: 'Bad' });
          return item;
        },
      },
    });
    await call('CreateStateMachine', {
      name: 'Runs',
      definition: runsDefinition({ MaxConcurrency: 1, ToleratedFailureCount: 1, Label: 'Orders' }),
    });
    const started = await call('StartExecution', {
      stateMachineArn: `${SM}:Runs`,
      input: JSON.stringify([{ id: 1 }, { fail: true }, { id: 3 }]),
    });
    const executionArn = String(started.body.executionArn);
    await engine.settle(executionArn);

    const listed = await call('ListMapRuns', { executionArn });
    expect(listed.status).toBe(200);
    const runs = listed.body.mapRuns as Record<string, unknown>[];
    expect(runs).toEqual([
      {
        executionArn,
        mapRunArn: expect.stringMatching(/^arn:aws:states:us-east-1:123456789012:mapRun:Runs\/Orders:[0-9a-f-]{36}$/),
        stateMachineArn: `${SM}:Runs/Orders`,
        startDate: expect.any(Number),
        stopDate: expect.any(Number),
      },
    ]);
    const described = await call('DescribeMapRun', { mapRunArn: runs[0]!.mapRunArn });
    expect(described.body).toEqual({
      mapRunArn: runs[0]!.mapRunArn,
      executionArn,
      status: 'SUCCEEDED',
      startDate: expect.any(Number),
      stopDate: expect.any(Number),
      maxConcurrency: 1,
      toleratedFailureCount: 1,
      toleratedFailurePercentage: 0,
      itemCounts: { ...ZERO, pending: 0, running: 0, succeeded: 2, failed: 1, total: 3 },
      executionCounts: { ...ZERO, pending: 0, running: 0, succeeded: 2, failed: 1, total: 3 },
      redriveCount: 0,
    });
    expect(described.body.stopDate as number).toBeGreaterThanOrEqual(described.body.startDate as number);
  });

  it('counts children running up to MaxConcurrency while the run is, the rest pending, and items by batch', async () => {
    const tokens: string[] = [];
    const { call, engine } = apiOnEngine({
      tasks: {
        Work: async (payload: unknown) => {
          tokens.push((payload as { token: string }).token);
          return {};
        },
      },
    });
    await call('CreateStateMachine', {
      name: 'Batches',
      definition: runsDefinition({ MaxConcurrency: 2, ItemBatcher: { MaxItemsPerBatch: 2 } }, WORK_WAITING),
    });
    const started = await call('StartExecution', {
      stateMachineArn: `${SM}:Batches`,
      input: JSON.stringify([1, 2, 3, 4, 5, 6, 7]),
    });
    const executionArn = String(started.body.executionArn);
    await engine.until(() => tokens.length === 2);
    const [run] = (await call('ListMapRuns', { executionArn })).body.mapRuns as Record<string, unknown>[];
    expect(run).not.toHaveProperty('stopDate');
    const running = await call('DescribeMapRun', { mapRunArn: run!.mapRunArn });
    expect(running.body).toMatchObject({
      status: 'RUNNING',
      maxConcurrency: 2,
      executionCounts: { running: 2, pending: 2, succeeded: 0, total: 4 },
      itemCounts: { running: 4, pending: 3, succeeded: 0, total: 7 },
    });
    expect(running.body).not.toHaveProperty('stopDate');
    let answered = 0;
    await engine.until(async () => {
      while (answered < tokens.length) await call('SendTaskSuccess', { taskToken: tokens[answered++], output: '{}' });
      return answered === 4;
    });
    await engine.settle(executionArn);
    expect((await call('DescribeMapRun', { mapRunArn: run!.mapRunArn })).body).toMatchObject({
      status: 'SUCCEEDED',
      executionCounts: { running: 0, pending: 0, succeeded: 4, total: 4 },
      itemCounts: { succeeded: 7, total: 7 },
    });
  });

  describe('a batched run whose items are read in pages', () => {
    // 2,500 items in batches of 3: pages of 999 items, so batches [0, 1, 2] … [2496, 2497, 2498], [2499].
    const items = Array.from({ length: 2500 }, (_, n) => n);
    const reader = { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'b', Key: 'items.json' } };
    const batched = (fields: Record<string, unknown>, work: object = WORK) =>
      runsDefinition({ ItemReader: reader, ItemBatcher: { MaxItemsPerBatch: 3 }, ...fields }, work);

    it('counts items, not batches, for the children that succeeded and failed', async () => {
      const { call, engine } = apiOnEngine({
        tasks: {
          'arn:aws:states:::s3:getObject': async () => items,
          // The first batch (3 items) and the last (1 item) fail.
          Work: async (batch: unknown) => {
            const first = (batch as { Items: number[] }).Items[0];
            if (first === 0 || first === 2499) throw Object.assign(new Error('bad batch'), { name: 'Bad' });
            return {};
          },
        },
      });
      await call('CreateStateMachine', { name: 'Paged', definition: batched({ ToleratedFailureCount: 2 }) });
      const started = await call('StartExecution', { stateMachineArn: `${SM}:Paged`, input: '{}' });
      const executionArn = String(started.body.executionArn);
      await engine.settle(executionArn);
      const [run] = (await call('ListMapRuns', { executionArn })).body.mapRuns as Record<string, unknown>[];
      expect((await call('DescribeMapRun', { mapRunArn: run!.mapRunArn })).body).toMatchObject({
        status: 'SUCCEEDED',
        executionCounts: { ...ZERO, pending: 0, running: 0, succeeded: 832, failed: 2, total: 834 },
        itemCounts: { ...ZERO, pending: 0, running: 0, succeeded: 2496, failed: 4, total: 2500 },
      });
    });

    it('counts the items of the children running, pending and aborted', async () => {
      const { call, engine } = apiOnEngine({
        tasks: { 'arn:aws:states:::s3:getObject': async () => items, Work: async () => ({}) },
      });
      await call('CreateStateMachine', {
        name: 'PagedWaiting',
        definition: batched({ MaxConcurrency: 2 }, WORK_WAITING),
      });
      const started = await call('StartExecution', { stateMachineArn: `${SM}:PagedWaiting`, input: '{}' });
      const executionArn = String(started.body.executionArn);
      let mapRunArn: unknown;
      let described: Record<string, unknown> = {};
      // Once every page is read, while the first two batches wait for their tokens.
      await engine.until(async () => {
        const runs = (await call('ListMapRuns', { executionArn })).body.mapRuns as Record<string, unknown>[];
        mapRunArn = runs[0]?.mapRunArn;
        if (mapRunArn === undefined) return false;
        described = (await call('DescribeMapRun', { mapRunArn })).body;
        return (described.executionCounts as { total: number }).total === 834;
      });
      expect(described).toMatchObject({
        status: 'RUNNING',
        executionCounts: { running: 2, pending: 832, succeeded: 0, total: 834 },
        itemCounts: { running: 6, pending: 2494, succeeded: 0, total: 2500 },
      });
      // Stopped, the Map no longer holds the feed: every child fed is still counted, from the pages.
      await call('StopExecution', { executionArn });
      await engine.settle(executionArn);
      expect((await call('DescribeMapRun', { mapRunArn })).body).toMatchObject({
        status: 'ABORTED',
        executionCounts: { ...ZERO, aborted: 2, running: 0, pending: 832, succeeded: 0, failed: 0, total: 834 },
        itemCounts: { ...ZERO, aborted: 6, running: 0, pending: 2494, succeeded: 0, failed: 0, total: 2500 },
      });
    });

    it('counts every item not done as running when no MaxConcurrency holds children pending', async () => {
      const tokens: string[] = [];
      let pagesRead = 0;
      const { call, engine } = apiOnEngine({
        tasks: {
          'arn:aws:states:::s3:getObject': async () => items,
          Work: async (payload: unknown) => {
            tokens.push((payload as { token: string }).token);
            return {};
          },
        },
        adapters: {
          store: (store: Store): Store =>
            Object.assign(Object.create(store) as Store, {
              getItemPage: (...args: Parameters<Store['getItemPage']>) => {
                pagesRead++;
                return store.getItemPage(...args);
              },
            }),
        },
      });
      await call('CreateStateMachine', { name: 'PagedOpen', definition: batched({}, WORK_WAITING) });
      const started = await call('StartExecution', { stateMachineArn: `${SM}:PagedOpen`, input: '{}' });
      const executionArn = String(started.body.executionArn);
      await engine.until(() => tokens.length === 834);
      await call('SendTaskSuccess', { taskToken: tokens[833], output: '{}' });
      await call('SendTaskSuccess', { taskToken: tokens[0], output: '{}' });
      const [run] = (await call('ListMapRuns', { executionArn })).body.mapRuns as Record<string, unknown>[];
      let described: Record<string, unknown> = {};
      await engine.until(async () => {
        described = (await call('DescribeMapRun', { mapRunArn: run!.mapRunArn })).body;
        return (described.executionCounts as { succeeded: number }).succeeded === 2;
      });
      expect(described).toMatchObject({
        status: 'RUNNING',
        executionCounts: { running: 832, pending: 0, succeeded: 2, total: 834 },
        itemCounts: { running: 2496, pending: 0, succeeded: 4, total: 2500 },
      });
      // Counted without reading the item pages of the children running.
      pagesRead = 0;
      await call('DescribeMapRun', { mapRunArn: run!.mapRunArn });
      expect(pagesRead).toBe(0);
      await call('StopExecution', { executionArn });
      await engine.settle(executionArn);
    });
  });

  it('describes the run of a stopped execution as ABORTED, its running children aborted', async () => {
    const { call, engine } = apiOnEngine({ tasks: { Work: async () => ({}) } });
    await call('CreateStateMachine', { name: 'Stopped', definition: runsDefinition({}, WORK_WAITING) });
    const started = await call('StartExecution', { stateMachineArn: `${SM}:Stopped`, input: '[1, 2]' });
    const executionArn = String(started.body.executionArn);
    let mapRunArn: unknown;
    await engine.until(async () => {
      const runs = (await call('ListMapRuns', { executionArn })).body.mapRuns as Record<string, unknown>[];
      mapRunArn = runs[0]?.mapRunArn;
      return mapRunArn !== undefined && (await call('DescribeMapRun', { mapRunArn })).body.status === 'RUNNING';
    });
    await call('StopExecution', { executionArn });
    await engine.settle(executionArn);
    expect((await call('DescribeMapRun', { mapRunArn })).body).toMatchObject({
      status: 'ABORTED',
      stopDate: expect.any(Number),
      executionCounts: { aborted: 2, running: 0, total: 2 },
    });
  });

  it('answer ResourceNotFound, InvalidArn and ExecutionDoesNotExist as Step Functions does', async () => {
    const { call } = apiOnEngine();
    const unknown = 'arn:aws:states:us-east-1:123456789012:mapRun:Runs/Each:00000000-0000-4000-8000-000000000000';
    expect(await call('DescribeMapRun', { mapRunArn: unknown })).toMatchObject({
      status: 400,
      body: { __type: expect.stringContaining('ResourceNotFound') },
    });
    expect(await call('DescribeMapRun', { mapRunArn: `${SM}:Runs` })).toMatchObject({
      status: 400,
      body: { __type: expect.stringContaining('InvalidArn') },
    });
    expect(
      await call('ListMapRuns', { executionArn: 'arn:aws:states:us-east-1:123456789012:execution:Runs:nope' }),
    ).toMatchObject({ status: 400, body: { __type: expect.stringContaining('ExecutionDoesNotExist') } });
  });

  it("answer a child execution's state machine: the run's processor, its map run and label", async () => {
    const { call, engine } = apiOnEngine({ tasks: { Work: async (item: unknown) => item } });
    await call('CreateStateMachine', { name: 'Kids', definition: runsDefinition({ Label: 'Orders' }) });
    const started = await call('StartExecution', { stateMachineArn: `${SM}:Kids`, input: JSON.stringify([{ id: 1 }]) });
    await engine.settle(String(started.body.executionArn));
    const runs = (await call('ListMapRuns', { executionArn: started.body.executionArn })).body.mapRuns as {
      mapRunArn: string;
    }[];
    const { mapRunArn } = runs[0]!;
    const listed = await call('ListExecutions', { mapRunArn });
    const [child] = listed.body.executions as { executionArn: string }[];
    const machine = await call('DescribeStateMachineForExecution', { executionArn: child?.executionArn });
    expect(machine.body).toMatchObject({
      stateMachineArn: `${SM}:Kids/Orders`,
      name: 'Kids/Orders',
      mapRunArn,
      label: 'Orders',
    });
    expect(JSON.parse(String(machine.body.definition))).toEqual({ StartAt: 'Work', States: { Work: WORK } });
    expect(await call('ListExecutions', { mapRunArn, stateMachineArn: `${SM}:Kids` })).toMatchObject({
      status: 400,
      body: { __type: expect.stringContaining('ValidationException') },
    });
    expect(await call('ListExecutions', {})).toMatchObject({
      status: 400,
      body: { __type: expect.stringContaining('ValidationException') },
    });
  });
});
