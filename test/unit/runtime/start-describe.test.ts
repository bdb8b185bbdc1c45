import { describe, expect, it } from 'vitest';
import {
  describeExecution,
  getExecutionHistory,
  listExecutions,
  startExecution,
} from '../../../src/runtime/lifecycle.js';
import { Bench, MACHINE_ARN } from './bench.js';

const PASSES = {
  StartAt: 'A',
  States: {
    A: { Type: 'Pass', Result: 1, ResultPath: '$.a', Next: 'B' },
    B: { Type: 'Pass', Result: 2, ResultPath: '$.b', Next: 'C' },
    C: { Type: 'Pass', Result: 3, ResultPath: '$.c', End: true },
  },
};

describe('startExecution', () => {
  it('returns the same execution when started again with the same name and input', async () => {
    const bench = new Bench();
    const first = await bench.start(PASSES, { order: 1 }, 'order-1');
    bench.clock.advanceTo(bench.clock.now() + 5000);
    const again = await bench.start(PASSES, { order: 1 }, 'order-1');
    expect(again).toEqual(first);
    expect(first.executionArn).toBe('arn:aws:states:us-east-1:123456789012:execution:Bench:order-1');
    await bench.settle();
    const page = await listExecutions(bench.runtime, { stateMachineArn: MACHINE_ARN });
    expect(page.items).toHaveLength(1);
    // The retried start re-sent the first message: its duplicate is stale, and the states ran once.
    const history = await bench.history(first.executionArn);
    expect(history.filter((e) => e.type === 'PassStateEntered')).toHaveLength(3);
    expect(bench.deliveries.map((d) => d.outcome)).toEqual(['finished', 'stale']);
  });

  it('fails with ExecutionAlreadyExists when the name is taken with another input', async () => {
    const bench = new Bench();
    await bench.start(PASSES, { order: 1 }, 'order-1');
    await expect(bench.start(PASSES, { order: 2 }, 'order-1')).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
    });
  });

  it('fails with InvalidExecutionInput when the input is not JSON', async () => {
    const bench = new Bench();
    await expect(
      startExecution(bench.runtime, { stateMachineArn: MACHINE_ARN, definition: PASSES }, { input: '{"order":' }),
    ).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
    expect((await listExecutions(bench.runtime, { stateMachineArn: MACHINE_ARN })).items).toEqual([]);
  });

  it('fails with InvalidName when the name has characters Step Functions refuses', async () => {
    const bench = new Bench();
    await expect(bench.start(PASSES, {}, 'order 1')).rejects.toMatchObject({ name: 'InvalidName' });
  });
});

describe('describeExecution', () => {
  it('reports a finished execution with its input and output as JSON text', async () => {
    const bench = new Bench();
    const { executionArn, startDate } = await bench.start(PASSES, { order: 1 }, 'order-1');
    await bench.settle();
    expect(await describeExecution(bench.runtime, executionArn)).toEqual({
      executionArn,
      stateMachineArn: MACHINE_ARN,
      name: 'order-1',
      status: 'SUCCEEDED',
      startDate,
      stopDate: startDate,
      input: '{"order":1}',
      output: '{"order":1,"a":1,"b":2,"c":3}',
      redriveCount: 0,
    });
  });

  it('fails with ExecutionDoesNotExist for an unknown ARN', async () => {
    const bench = new Bench();
    await expect(describeExecution(bench.runtime, `${MACHINE_ARN}:nope`)).rejects.toMatchObject({
      name: 'ExecutionDoesNotExist',
    });
  });
});

describe('getExecutionHistory', () => {
  it('pages through the history forwards and backwards', async () => {
    const bench = new Bench();
    const { executionArn } = await bench.start(PASSES);
    await bench.settle();
    // ExecutionStarted, three Pass states entered and exited, ExecutionSucceeded.
    const expected = [
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'PassStateEntered',
      'PassStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ];
    for (const reverseOrder of [false, true]) {
      const types: string[] = [];
      const ids: number[] = [];
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const page = await getExecutionHistory(bench.runtime, executionArn, { maxResults: 3, reverseOrder, nextToken });
        expect(page.events.length).toBeLessThanOrEqual(3);
        types.push(...page.events.map((e) => e.type));
        ids.push(...page.events.map((e) => e.id));
        nextToken = page.nextToken;
        pages++;
      } while (nextToken !== undefined);
      expect(pages).toBe(3);
      expect(types).toEqual(reverseOrder ? [...expected].reverse() : expected);
      const ascending = [1, 2, 3, 4, 5, 6, 7, 8];
      expect(ids).toEqual(reverseOrder ? [...ascending].reverse() : ascending);
    }
  });

  it('fails with ExecutionDoesNotExist for an unknown ARN', async () => {
    const bench = new Bench();
    await expect(getExecutionHistory(bench.runtime, `${MACHINE_ARN}:nope`)).rejects.toMatchObject({
      name: 'ExecutionDoesNotExist',
    });
  });
});

describe('listExecutions', () => {
  it('lists newest first, filters by status and pages', async () => {
    const bench = new Bench();
    const arns: string[] = [];
    for (let i = 0; i < 3; i++) {
      arns.push((await bench.start(PASSES, { i }, `run-${i}`)).executionArn);
      bench.clock.advanceTo(bench.clock.now() + 1000);
    }
    await bench.settle();
    const waiting = { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, End: true } } };
    const running = (await bench.start(waiting, {}, 'run-3')).executionArn;
    await bench.deliverVisible();

    const first = await listExecutions(bench.runtime, { stateMachineArn: MACHINE_ARN, maxResults: 3 });
    expect(first.items.map((d) => d.executionArn)).toEqual([running, arns[2], arns[1]]);
    const second = await listExecutions(bench.runtime, {
      stateMachineArn: MACHINE_ARN,
      maxResults: 3,
      nextToken: first.nextToken!,
    });
    expect(second.items.map((d) => d.executionArn)).toEqual([arns[0]]);
    expect(second.nextToken).toBeUndefined();

    const succeeded = await listExecutions(bench.runtime, { stateMachineArn: MACHINE_ARN, statusFilter: 'SUCCEEDED' });
    expect(succeeded.items.map((d) => d.executionArn)).toEqual([arns[2], arns[1], arns[0]]);
    const stillRunning = await listExecutions(bench.runtime, { stateMachineArn: MACHINE_ARN, statusFilter: 'RUNNING' });
    expect(stillRunning.items.map((d) => d.name)).toEqual(['run-3']);
  });
});
