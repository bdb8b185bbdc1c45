import { describe, expect, it } from 'vitest';
import { apiOnEngine } from './support.js';

const ACTIVITY = 'arn:aws:states:us-east-1:123456789012:activity:approve';

function activityMachine(heartbeat?: number) {
  return JSON.stringify({
    StartAt: 'Approve',
    States: {
      Approve: {
        Type: 'Task',
        Resource: ACTIVITY,
        ...(heartbeat === undefined ? {} : { HeartbeatSeconds: heartbeat }),
        ResultPath: '$.approval',
        End: true,
      },
    },
  });
}

describe('activity actions', () => {
  it('hands an activity task to a worker, records its start and completes it with SendTaskSuccess', async () => {
    const { call, engine } = apiOnEngine();
    const created = await call('CreateActivity', { name: 'approve', tags: [{ key: 'team', value: 'ops' }] });
    expect(created.body.activityArn).toBe(ACTIVITY);
    expect((await call('CreateActivity', { name: 'approve' })).body.activityArn).toBe(ACTIVITY);
    const machine = await call('CreateStateMachine', { name: 'Approvals', definition: activityMachine() });
    const started = await call('StartExecution', { stateMachineArn: machine.body.stateMachineArn, input: '{"id":7}' });
    const executionArn = started.body.executionArn as string;
    expect((await call('GetActivityTask', { activityArn: ACTIVITY })).body.taskToken).toBeUndefined();
    await engine.until(async () => (await engine.runtime.deps.registry!.pendingActivityTasks(ACTIVITY, 1)).length > 0);
    await engine.until(async () => (await engine.store.loadFrame(executionArn, 'root'))?.frame.stage.name === 'task');
    const task = await call('GetActivityTask', { activityArn: ACTIVITY, workerName: 'w-1' });
    expect(task.body.input).toBe('{"id":7}');
    expect((await call('GetActivityTask', { activityArn: ACTIVITY })).body).toEqual({});
    await call('SendTaskSuccess', { taskToken: task.body.taskToken, output: '{"ok":true}' });
    await engine.settle(executionArn);
    const history = await call('GetExecutionHistory', { executionArn });
    const events = history.body.events as { type: string; activityStartedEventDetails?: unknown }[];
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'ActivityScheduled',
      'ActivityStarted',
      'ActivitySucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events[3]?.activityStartedEventDetails).toEqual({ workerName: 'w-1' });
    const described = await call('DescribeExecution', { executionArn });
    expect(JSON.parse(described.body.output as string)).toEqual({ id: 7, approval: { ok: true } });
    expect((await call('ListTagsForResource', { resourceArn: ACTIVITY })).body.tags).toEqual([
      { key: 'team', value: 'ops' },
    ]);
  });

  it('fails the task with ActivityFailed when the worker sends a failure', async () => {
    const { call, engine } = apiOnEngine();
    await call('CreateActivity', { name: 'approve' });
    const machine = await call('CreateStateMachine', { name: 'Approvals', definition: activityMachine(30) });
    const started = await call('StartExecution', { stateMachineArn: machine.body.stateMachineArn });
    const executionArn = started.body.executionArn as string;
    await engine.until(async () => (await engine.store.loadFrame(executionArn, 'root'))?.frame.stage.name === 'task');
    const task = await call('GetActivityTask', { activityArn: ACTIVITY });
    await call('SendTaskFailure', { taskToken: task.body.taskToken, error: 'Rejected', cause: 'no budget' });
    await engine.settle(executionArn);
    const described = await call('DescribeExecution', { executionArn });
    expect(described.body).toMatchObject({ status: 'FAILED', error: 'Rejected', cause: 'no budget' });
  });

  it('times an activity task out when its worker stops sending heartbeats', async () => {
    const { call, engine } = apiOnEngine();
    await call('CreateActivity', { name: 'approve' });
    const machine = await call('CreateStateMachine', { name: 'Approvals', definition: activityMachine(30) });
    const executionArn = (await call('StartExecution', { stateMachineArn: machine.body.stateMachineArn })).body
      .executionArn as string;
    await engine.until(async () => (await engine.store.loadFrame(executionArn, 'root'))?.frame.stage.name === 'task');
    await call('GetActivityTask', { activityArn: ACTIVITY });
    await engine.settle(executionArn);
    const described = await call('DescribeExecution', { executionArn });
    expect(described.body).toMatchObject({ status: 'FAILED', error: 'States.HeartbeatTimeout' });
    const events = (await call('GetExecutionHistory', { executionArn })).body.events as { type: string }[];
    expect(events.map((e) => e.type)).toContain('ActivityTimedOut');
  });

  it('lists, describes and deletes activities, and answers ActivityDoesNotExist for an unknown one', async () => {
    const { call } = apiOnEngine();
    await call('CreateActivity', { name: 'a' });
    await call('CreateActivity', { name: 'b' });
    const listed = await call('ListActivities', {});
    expect((listed.body.activities as { name: string }[]).map((a) => a.name)).toEqual(['a', 'b']);
    await call('DeleteActivity', { activityArn: `${ACTIVITY.replace(':approve', ':a')}` });
    const gone = await call('DescribeActivity', { activityArn: ACTIVITY.replace(':approve', ':a') });
    expect(gone.body.__type).toBe('ActivityDoesNotExist');
    expect((await call('GetActivityTask', { activityArn: ACTIVITY })).body.__type).toBe('ActivityDoesNotExist');
  });
});
