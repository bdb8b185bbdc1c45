import { describe, expect, it } from 'vitest';
import {
  describeExecution,
  sendTaskFailure,
  sendTaskHeartbeat,
  sendTaskSuccess,
} from '../../../src/runtime/lifecycle.js';
import { Bench } from './bench.js';

/** A callback task: the bench's handler keeps the token, the test answers it. */
function callbackMachine(task: object = {}) {
  return {
    StartAt: 'Approve',
    States: {
      Approve: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: 'Approve', Payload: { 'token.$': '$$.Task.Token' } },
        ResultPath: '$.approval',
        ...task,
        End: true,
      },
    },
  };
}

/** A bench whose `Approve` task hands its token over and returns. */
function approvalBench(): { bench: Bench; tokens: string[] } {
  const tokens: string[] = [];
  const bench = new Bench({
    Approve: (payload) => {
      tokens.push((payload as { token: string }).token);
      return { ok: true, output: { StatusCode: 200 } };
    },
  });
  return { bench, tokens };
}

describe('task token callbacks', () => {
  it('continues the execution with the output of SendTaskSuccess', async () => {
    const { bench, tokens } = approvalBench();
    const { executionArn } = await bench.start(callbackMachine(), { order: 7 });
    await bench.deliverVisible();
    expect(tokens).toHaveLength(1);
    expect((await bench.execution(executionArn)).status).toBe('RUNNING');
    await sendTaskSuccess(bench.runtime, tokens[0]!, '{"approved":true}');
    await bench.deliverVisible();
    const described = await describeExecution(bench.runtime, executionArn);
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output!)).toEqual({ order: 7, approval: { approved: true } });
  });

  it('fails the task with the error and cause of SendTaskFailure', async () => {
    const { bench, tokens } = approvalBench();
    const { executionArn } = await bench.start(callbackMachine());
    await bench.deliverVisible();
    await sendTaskFailure(bench.runtime, tokens[0]!, { error: 'Rejected', cause: 'over budget' });
    await bench.deliverVisible();
    const record = await bench.execution(executionArn);
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('Rejected');
    expect(record.cause).toBe('over budget');
    const types = (await bench.history(executionArn)).map((e) => e.type);
    expect(types).toContain('TaskFailed');
  });

  it('rejects a callback for a token no task was given with TaskDoesNotExist', async () => {
    const { bench } = approvalBench();
    const unknown = '00000000-0000-4000-8000-00000000dead';
    await expect(sendTaskSuccess(bench.runtime, unknown, '{}')).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
    await expect(sendTaskFailure(bench.runtime, unknown)).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
    await expect(sendTaskHeartbeat(bench.runtime, unknown)).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
  });

  it('rejects a callback with text that is no task token with InvalidToken, worded as Step Functions words it', async () => {
    const { bench } = approvalBench();
    const invalid = { name: 'InvalidToken', message: "Invalid Token: 'Invalid token'" };
    await expect(sendTaskSuccess(bench.runtime, 'no-such-token', '{}')).rejects.toMatchObject(invalid);
    await expect(sendTaskFailure(bench.runtime, 'no-such-token')).rejects.toMatchObject(invalid);
    await expect(sendTaskHeartbeat(bench.runtime, 'no-such-token')).rejects.toMatchObject(invalid);
  });

  it('rejects a second callback for the same token with TaskTimedOut', async () => {
    const { bench, tokens } = approvalBench();
    const { executionArn } = await bench.start(callbackMachine());
    await bench.deliverVisible();
    await sendTaskSuccess(bench.runtime, tokens[0]!, '"first"');
    await bench.deliverVisible();
    await expect(sendTaskSuccess(bench.runtime, tokens[0]!, '"second"')).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
    await expect(sendTaskFailure(bench.runtime, tokens[0]!)).rejects.toMatchObject({ name: 'TaskTimedOut' });
    await expect(sendTaskHeartbeat(bench.runtime, tokens[0]!)).rejects.toMatchObject({ name: 'TaskTimedOut' });
    expect((await bench.execution(executionArn)).output).toEqual({ approval: 'first' });
  });

  it('accepts the same callback again when an earlier attempt recorded it but died before sending it', async () => {
    const { bench, tokens } = approvalBench();
    const { executionArn } = await bench.start(callbackMachine());
    await bench.deliverVisible();
    // What the API process did before it crashed: the outcome is recorded, no message went out.
    await bench.store.resolveTaskToken(tokens[0]!, { ok: true, output: { approved: 'yes' } });
    await expect(sendTaskSuccess(bench.runtime, tokens[0]!, '{"approved":"no"}')).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
    await sendTaskSuccess(bench.runtime, tokens[0]!, '{"approved":"yes"}');
    await bench.deliverVisible();
    const record = await bench.execution(executionArn);
    expect(record.status).toBe('SUCCEEDED');
    expect(record.output).toEqual({ approval: { approved: 'yes' } });
  });

  it('delivers a recorded callback whose sender died before announcing it, at the next timeout check', async () => {
    const { bench, tokens } = approvalBench();
    const { executionArn } = await bench.start(callbackMachine({ TimeoutSeconds: 3600 }));
    await bench.deliverVisible();
    // The API process recorded the outcome and died; its client never tried again.
    await bench.store.resolveTaskToken(tokens[0]!, { ok: true, output: 'late but recorded' });
    await bench.advance(899);
    expect((await bench.execution(executionArn)).status).toBe('RUNNING');
    // The timeout check comes after the queue's longest delay, 900 s, and finds the outcome.
    await bench.advance(2);
    const record = await bench.execution(executionArn);
    expect(record.status).toBe('SUCCEEDED');
    expect(record.output).toEqual({ approval: 'late but recorded' });
    expect(await bench.secondsAt(executionArn, 'TaskSucceeded')).toBe(900);
  });

  it('rejects SendTaskSuccess whose output is not JSON', async () => {
    const { bench, tokens } = approvalBench();
    await bench.start(callbackMachine());
    await bench.deliverVisible();
    await expect(sendTaskSuccess(bench.runtime, tokens[0]!, '{not json')).rejects.toMatchObject({
      name: 'InvalidOutput',
    });
  });
});

describe('task timeouts', () => {
  it('times a callback task out after TimeoutSeconds with States.Timeout', async () => {
    const { bench } = approvalBench();
    const { executionArn } = await bench.start(callbackMachine({ TimeoutSeconds: 30 }));
    await bench.advance(29);
    expect((await bench.execution(executionArn)).status).toBe('RUNNING');
    await bench.advance(2);
    const record = await bench.execution(executionArn);
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('States.Timeout');
    expect(await bench.secondsAt(executionArn, 'TaskTimedOut')).toBe(30);
  });

  it('times a callback task out when no heartbeat comes within HeartbeatSeconds', async () => {
    const { bench } = approvalBench();
    const { executionArn } = await bench.start(callbackMachine({ TimeoutSeconds: 300, HeartbeatSeconds: 10 }));
    await bench.settle(60);
    const record = await bench.execution(executionArn);
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('States.Timeout');
    expect(await bench.secondsAt(executionArn, 'TaskTimedOut')).toBe(10);
  });

  it('keeps a callback task waiting while heartbeats come, and times it out after they stop', async () => {
    const { bench, tokens } = approvalBench();
    const { executionArn } = await bench.start(callbackMachine({ TimeoutSeconds: 300, HeartbeatSeconds: 10 }));
    await bench.deliverVisible();
    await bench.advance(8);
    await sendTaskHeartbeat(bench.runtime, tokens[0]!);
    await bench.advance(8);
    await sendTaskHeartbeat(bench.runtime, tokens[0]!);
    // Last heartbeat at 16 s: the task may wait until 26 s.
    await bench.advance(9);
    expect((await bench.execution(executionArn)).status).toBe('RUNNING');
    await bench.advance(2);
    const record = await bench.execution(executionArn);
    expect(record.error).toBe('States.Timeout');
    expect(await bench.secondsAt(executionArn, 'TaskTimedOut')).toBe(26);
  });

  it('times out a task that runs longer than TimeoutSeconds with States.Timeout', async () => {
    const bench = new Bench({
      Slow: async (_payload, { sleep }) => {
        await sleep(60_000);
        return { ok: true, output: 'too late' };
      },
    });
    const { executionArn } = await bench.start({
      StartAt: 'Slow',
      States: {
        Slow: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Slow',
          TimeoutSeconds: 5,
          End: true,
        },
      },
    });
    await bench.settle();
    const record = await bench.execution(executionArn);
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('States.Timeout');
    expect(await bench.secondsAt(executionArn, 'LambdaFunctionTimedOut')).toBe(5);
  });
});
