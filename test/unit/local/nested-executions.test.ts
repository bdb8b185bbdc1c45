import { describe, expect, it } from 'vitest';
import { createLocalEngine, type LocalEngine } from '../../../src/local/engine.js';
import type { JobStatus, TaskInvoker } from '../../../src/runtime/ports.js';

const CHILD_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:Child';
const childExecution = (name: string) => `arn:aws:states:us-east-1:123456789012:execution:Child:${name}`;

/** A parent whose one Task starts the child state machine through `resource`. */
function parent(resource: string, fields: Record<string, unknown> = {}, input: unknown = { 'n.$': '$.n' }): object {
  return {
    StartAt: 'Start child',
    States: {
      'Start child': {
        Type: 'Task',
        Resource: resource,
        Parameters: { StateMachineArn: CHILD_ARN, Name: 'child-1', Input: input },
        End: true,
        ...fields,
      },
    },
  };
}

const doubling = {
  StartAt: 'Double',
  States: { Double: { Type: 'Pass', Parameters: { 'doubled.$': 'States.MathAdd($.n, $.n)' }, End: true } },
};

const waiting = (seconds: number) => ({
  StartAt: 'Wait',
  States: { Wait: { Type: 'Wait', Seconds: seconds, End: true } },
});

async function engineWithChild(child: object, engine: LocalEngine = createLocalEngine()): Promise<LocalEngine> {
  expect(await engine.createStateMachine({ name: 'Child', definition: child })).toBe(CHILD_ARN);
  return engine;
}

async function childStatus(engine: LocalEngine, name = 'child-1'): Promise<string | undefined> {
  await engine.until(async () => (await engine.store.getExecution(childExecution(name)))?.status !== 'RUNNING');
  return (await engine.store.getExecution(childExecution(name)))?.status;
}

describe('states:startExecution on the embedded engine', () => {
  it('.sync waits for the child and answers its description, Output as JSON text', async () => {
    const engine = await engineWithChild(doubling);
    const result = await engine.run(parent('arn:aws:states:::states:startExecution.sync'), { n: 21 });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toMatchObject({
      ExecutionArn: childExecution('child-1'),
      Name: 'child-1',
      StateMachineArn: CHILD_ARN,
      Status: 'SUCCEEDED',
      Input: '{"n":21}',
      Output: '{"doubled":42}',
      InputDetails: { Included: true },
      OutputDetails: { Included: true },
    });
    expect(typeof (result.output as { StartDate: unknown }).StartDate).toBe('number');
    expect(result.history.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('.sync:2 parses the child’s input and output', async () => {
    const engine = await engineWithChild(doubling);
    const result = await engine.run(parent('arn:aws:states:::states:startExecution.sync:2'), { n: 2 });
    expect(result.output).toMatchObject({ Input: { n: 2 }, Output: { doubled: 4 }, Status: 'SUCCEEDED' });
  });

  it('request-response starts the child and goes on at once', async () => {
    const engine = await engineWithChild(waiting(3600));
    const result = await engine.run(parent('arn:aws:states:::states:startExecution'), { n: 1 });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toMatchObject({ ExecutionArn: childExecution('child-1') });
    expect((await engine.store.getExecution(childExecution('child-1')))?.status).toBe('RUNNING');
    expect(await childStatus(engine)).toBe('SUCCEEDED');
  });

  it('fails the task with States.TaskFailed and the child’s description as cause when the child fails', async () => {
    const engine = await engineWithChild({
      StartAt: 'Fail',
      States: { Fail: { Type: 'Fail', Error: 'OutOfStock', Cause: 'no more widgets' } },
    });
    const definition = parent('arn:aws:states:::states:startExecution.sync', {
      Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Caught' }],
    }) as { States: Record<string, object> };
    definition.States.Caught = { Type: 'Pass', End: true };
    const result = await engine.run(definition, { n: 1 });
    expect(result.status).toBe('SUCCEEDED');
    const caught = result.output as { Error: string; Cause: string };
    expect(caught.Error).toBe('States.TaskFailed');
    expect(JSON.parse(caught.Cause)).toMatchObject({
      Status: 'FAILED',
      Error: 'OutOfStock',
      Cause: 'no more widgets',
      ExecutionArn: childExecution('child-1'),
    });
  });

  it('.waitForTaskToken finishes with the answer the child sends through aws-sdk:sfn:sendTaskSuccess', async () => {
    const engine = await engineWithChild({
      StartAt: 'Answer',
      States: {
        Answer: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:sfn:sendTaskSuccess',
          Parameters: { 'TaskToken.$': '$.token', Output: '{"approved":true}' },
          End: true,
        },
      },
    });
    const result = await engine.run(
      parent('arn:aws:states:::states:startExecution.waitForTaskToken', {}, { 'token.$': '$$.Task.Token' }),
      {},
    );
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual({ approved: true });
    expect(await childStatus(engine)).toBe('SUCCEEDED');
  });

  it.each([
    ['while its job is polled', 'TaskSubmitted'],
    ['while the step that starts the child has not committed yet', undefined],
  ])('stops the child when the parent is stopped %s', async (_when, after) => {
    const seen = new Set<string>();
    const engine = await engineWithChild(
      waiting(3600),
      createLocalEngine({ onEvent: (event) => seen.add(event.type) }),
    );
    const controller = new AbortController();
    const running = engine.run(
      parent('arn:aws:states:::states:startExecution.sync'),
      { n: 1 },
      {
        signal: controller.signal,
      },
    );
    await engine.until(async () =>
      after === undefined
        ? (await engine.store.getExecution(childExecution('child-1'))) !== undefined
        : seen.has(after),
    );
    controller.abort();
    expect((await running).status).toBe('ABORTED');
    expect(await childStatus(engine)).toBe('ABORTED');
  });

  it('times out after TimeoutSeconds with States.Timeout and stops the child', async () => {
    const engine = await engineWithChild(waiting(3600));
    const result = await engine.run(parent('arn:aws:states:::states:startExecution.sync', { TimeoutSeconds: 30 }), {
      n: 1,
    });
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.Timeout');
    expect(await childStatus(engine)).toBe('ABORTED');
  });

  it('times out after HeartbeatSeconds without a heartbeat for the task token', async () => {
    const engine = await engineWithChild(waiting(3600));
    const result = await engine.run(
      parent('arn:aws:states:::states:startExecution.sync', { HeartbeatSeconds: 20 }, { 'token.$': '$$.Task.Token' }),
      { n: 1 },
    );
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.Timeout');
    expect(result.history.find((e) => e.type === 'TaskTimedOut')).toBeDefined();
  });

  it('resumes a job whose poll failed mid-way and records its result exactly once', async () => {
    let failures = 0;
    const crashing = (invoker: TaskInvoker): TaskInvoker => ({
      invoke: (task, execution) => invoker.invoke(task, execution),
      cancelJob: (resource, job, execution) => invoker.cancelJob?.(resource, job, execution) ?? Promise.resolve(),
      pollJob: async (resource, job, execution): Promise<JobStatus> => {
        const status = await (invoker.pollJob as NonNullable<TaskInvoker['pollJob']>)(resource, job, execution);
        // The worker dies after the describe call, before the next poll is sent or the result committed.
        if (failures < 2) {
          failures++;
          throw new Error('worker crashed between polls');
        }
        return status;
      },
    });
    const engine = await engineWithChild(waiting(10), createLocalEngine({ adapters: { invoker: crashing } }));
    const result = await engine.run(parent('arn:aws:states:::states:startExecution.sync'), { n: 1 });
    expect(failures).toBe(2);
    expect(result.status).toBe('SUCCEEDED');
    expect(result.history.filter((e) => e.type === 'TaskSucceeded')).toHaveLength(1);
  });

  it('names a state machine that does not exist as Step Functions does', async () => {
    const engine = createLocalEngine();
    const result = await engine.run(parent('arn:aws:states:::states:startExecution.sync'), { n: 1 });
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('StepFunctions.StateMachineDoesNotExistException');
  });
});
