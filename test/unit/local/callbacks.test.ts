import { describe, expect, it } from 'vitest';
import { createLocalEngine, TaskDoesNotExist } from '../../../src/local/engine.js';
import { callback, testWorkflow } from '../../../src/testing.js';

/** A callback task: a Lambda function receives the token; the answer comes later through SendTask*. */
function callbackTask(fields: Record<string, unknown>): object {
  return {
    StartAt: 'Wait for answer',
    States: {
      'Wait for answer': {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a DefinitionSubstitutions placeholder
        Parameters: { FunctionName: '${Worker}', Payload: { 'token.$': '$$.Task.Token', 'job.$': '$.job' } },
        End: true,
        ...fields,
      },
    },
  };
}

describe('.waitForTaskToken on the embedded engine', () => {
  it('hands the token to the function and finishes with the SendTaskSuccess output', async () => {
    const workflow = testWorkflow(callbackTask({ ResultPath: '$.answer' }));
    const execution = await workflow.run(
      { job: 'j-1' },
      { tasks: { Worker: callback({ success: { ok: true }, afterSeconds: 30 }) } },
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toEqual({ job: 'j-1', answer: { ok: true } });
    const [payload] = execution.calls('Worker') as Array<{ token: string; job: string }>;
    expect(payload?.job).toBe('j-1');
    expect(payload?.token).toMatch(/\S{16,}/);
    expect(execution.events().map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(execution.elapsedMs(execution.events('TaskSucceeded')[0])).toBe(30_000);
  });

  it('fails the task with the error and cause of SendTaskFailure', async () => {
    const workflow = testWorkflow(callbackTask({}));
    const execution = await workflow.run(
      { job: 'j-2' },
      { tasks: { Worker: callback({ failure: { error: 'Job.Rejected', cause: 'not today' }, afterSeconds: 5 }) } },
    );
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Job.Rejected');
    expect(execution.cause).toBe('not today');
    expect(execution.events('TaskFailed')[0]?.taskFailedEventDetails).toMatchObject({
      error: 'Job.Rejected',
      cause: 'not today',
    });
  });

  it('times out with States.Timeout after TimeoutSeconds when nobody answers', async () => {
    const workflow = testWorkflow(callbackTask({ TimeoutSeconds: 3600 }));
    const execution = await workflow.run({ job: 'j-3' }, { tasks: { Worker: callback({}) } });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.Timeout');
    expect(execution.elapsedMs(execution.events('TaskTimedOut')[0])).toBe(3_600_000);
  });
});

describe('HeartbeatSeconds on the embedded engine', () => {
  const workflow = testWorkflow(callbackTask({ HeartbeatSeconds: 10, TimeoutSeconds: 100 }));

  it('fails with States.Timeout, as AWS reports a missed heartbeat of a task token, when no heartbeat comes within HeartbeatSeconds', async () => {
    const execution = await workflow.run(
      { job: 'j-4' },
      { tasks: { Worker: callback({ success: { ok: true }, afterSeconds: 25 }) } },
    );
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.Timeout');
    expect(execution.elapsedMs(execution.events('TaskTimedOut')[0])).toBe(10_000);
  });

  it('keeps the task alive past HeartbeatSeconds while SendTaskHeartbeat keeps coming', async () => {
    const execution = await workflow.run(
      { job: 'j-5' },
      { tasks: { Worker: callback({ success: { ok: true }, afterSeconds: 25, heartbeatEverySeconds: 5 }) } },
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toEqual({ ok: true });
    expect(execution.elapsedMs(execution.events('TaskSucceeded')[0])).toBe(25_000);
  });

  it('still ends the task at TimeoutSeconds when heartbeats come but no answer', async () => {
    const execution = await workflow.run({ job: 'j-6' }, { tasks: { Worker: callback({ heartbeatEverySeconds: 5 }) } });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.Timeout');
    expect(execution.elapsedMs(execution.events('TaskTimedOut')[0])).toBe(100_000);
  });

  it('fails with States.Timeout when the heartbeats stop', async () => {
    const execution = await workflow.run(
      { job: 'j-7' },
      {
        tasks: {
          Worker: (_payload, context) => {
            context.later(5, () => context.sendTaskHeartbeat());
            context.later(10, () => context.sendTaskHeartbeat());
            context.later(40, () => context.sendTaskSuccess('too late').catch(() => undefined));
            return {};
          },
        },
      },
    );
    // The last heartbeat, at 10 s, gave the task until 20 s.
    expect(execution.error).toBe('States.Timeout');
    expect(execution.elapsedMs(execution.events('TaskTimedOut')[0])).toBe(20_000);
  });
});

describe('SendTaskSuccess on the embedded engine', () => {
  it('rejects an unknown task token with TaskDoesNotExist', async () => {
    const engine = createLocalEngine();
    const unknown = '00000000-0000-4000-8000-00000000dead';
    await expect(engine.sendTaskSuccess(unknown, {})).rejects.toBeInstanceOf(TaskDoesNotExist);
    await expect(engine.sendTaskFailure(unknown, 'E')).rejects.toBeInstanceOf(TaskDoesNotExist);
    await expect(engine.sendTaskHeartbeat(unknown)).rejects.toBeInstanceOf(TaskDoesNotExist);
    await expect(engine.sendTaskSuccess('no-such-token', {})).rejects.toMatchObject({ name: 'InvalidToken' });
  });

  it('lists the tokens of tasks that wait for a callback, and forgets a token once answered', async () => {
    const seen: string[][] = [];
    const engine = createLocalEngine({
      tasks: {
        Worker: (_payload, context) => {
          void context.sleep(1000).then(async () => {
            seen.push(engine.pendingTaskTokens());
            await engine.sendTaskSuccess(context.taskToken ?? '', 'done');
            seen.push(engine.pendingTaskTokens());
          });
          return {};
        },
      },
    });
    const result = await engine.run(callbackTask({}), { job: 'j-8' });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toBe('done');
    expect(seen[0]).toHaveLength(1);
    expect(seen[1]).toEqual([]);
  });
});
