import { describe, expect, it } from 'vitest';
import { apiOnEngine } from './support.js';

const SM = 'arn:aws:states:us-east-1:123456789012:stateMachine';

const FLAKY = JSON.stringify({
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Parameters: { 'order.$': '$.order' }, Next: 'Charge' },
    Charge: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Charge', End: true },
  },
});

describe('execution actions', () => {
  it('pages history either way, drops execution data when asked, and filters listings by redrive', async () => {
    let calls = 0;
    const { call, engine } = apiOnEngine({
      tasks: {
        Charge: async () => {
          calls += 1;
          if (calls === 1) throw Object.assign(new Error('card service down'), { name: 'Unavailable' });
          return { charged: true };
        },
      },
    });
    await call('CreateStateMachine', { name: 'Flaky', definition: FLAKY });
    const failed = await call('StartExecution', { stateMachineArn: `${SM}:Flaky`, name: 'a', input: '{"order":7}' });
    const fine = await call('StartExecution', { stateMachineArn: `${SM}:Flaky`, name: 'b', input: '{"order":8}' });
    await engine.settle(String(failed.body.executionArn));
    await engine.settle(String(fine.body.executionArn));
    const a = String(failed.body.executionArn);
    expect((await call('DescribeExecution', { executionArn: a })).body).toMatchObject({
      status: 'FAILED',
      error: 'Unavailable',
      redriveStatus: 'REDRIVABLE',
    });
    await call('RedriveExecution', { executionArn: a });
    await engine.settle(a);
    expect((await call('DescribeExecution', { executionArn: a })).body).toMatchObject({
      status: 'SUCCEEDED',
      redriveCount: 1,
    });

    const redriven = await call('ListExecutions', { stateMachineArn: `${SM}:Flaky`, redriveFilter: 'REDRIVEN' });
    expect((redriven.body.executions as { name: string }[]).map((e) => e.name)).toEqual(['a']);
    const never = await call('ListExecutions', { stateMachineArn: `${SM}:Flaky`, redriveFilter: 'NOT_REDRIVEN' });
    expect((never.body.executions as { name: string }[]).map((e) => e.name)).toEqual(['b']);

    const forward: { id: number }[] = [];
    const backward: { id: number }[] = [];
    for (const [reverseOrder, into] of [
      [false, forward],
      [true, backward],
    ] as const) {
      let nextToken: unknown;
      do {
        const page = await call('GetExecutionHistory', { executionArn: a, maxResults: 3, reverseOrder, nextToken });
        into.push(...(page.body.events as { id: number }[]));
        nextToken = page.body.nextToken;
      } while (nextToken !== undefined);
    }
    expect(forward.map((e) => e.id)).toEqual(forward.map((_, i) => i + 1));
    expect(backward.map((e) => e.id)).toEqual(forward.map((e) => e.id).reverse());

    const withoutData = await call('GetExecutionHistory', { executionArn: a, includeExecutionData: false });
    const started = (withoutData.body.events as Record<string, Record<string, unknown>>[])[0];
    expect(started?.executionStartedEventDetails).toBeDefined();
    expect(started?.executionStartedEventDetails?.input).toBeUndefined();
    const withData = await call('GetExecutionHistory', { executionArn: a, maxResults: 1 });
    expect(
      (withData.body.events as Record<string, Record<string, unknown>>[])[0]?.executionStartedEventDetails?.input,
    ).toBe('{"order":7}');
  });

  it('stops a running execution and describes the state machine it runs', async () => {
    const { call } = apiOnEngine();
    const waiting = JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } });
    await call('CreateStateMachine', { name: 'Slow', definition: waiting });
    const started = await call('StartExecution', { stateMachineArn: `${SM}:Slow` });
    const executionArn = String(started.body.executionArn);
    const stopped = await call('StopExecution', { executionArn, error: 'Manual', cause: 'enough' });
    expect(typeof stopped.body.stopDate).toBe('number');
    expect((await call('DescribeExecution', { executionArn })).body).toMatchObject({
      status: 'ABORTED',
      error: 'Manual',
    });
    const machine = await call('DescribeStateMachineForExecution', { executionArn });
    expect(machine.body).toMatchObject({ stateMachineArn: `${SM}:Slow`, name: 'Slow', definition: waiting });
  });
});
