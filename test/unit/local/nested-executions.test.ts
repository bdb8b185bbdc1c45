import { describe, expect, it } from 'vitest';
import { createLocalEngine, type LocalEngine } from '../../../src/local/engine.js';
import type { JobStatus, OutgoingMessage, Queue, TaskInvoker } from '../../../src/runtime/ports.js';

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

/** The Task of `parent`, on its own: starts the child and waits for it. */
const startChild = {
  Type: 'Task',
  Resource: 'arn:aws:states:::states:startExecution.sync',
  Parameters: { StateMachineArn: CHILD_ARN, Name: 'child-1', Input: {} },
  End: true,
};

/** A fan-out whose other child fails at once; the failure is caught, and the execution waits on. */
function fanOutWithFailure(kind: 'Map' | 'Parallel'): object {
  const fanOut =
    kind === 'Map'
      ? {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' },
            StartAt: 'Which',
            States: {
              Which: {
                Type: 'Choice',
                Choices: [{ Variable: '$.fail', BooleanEquals: true, Next: 'Broken' }],
                Default: 'Start child',
              },
              Broken: { Type: 'Fail', Error: 'Broken' },
              'Start child': startChild,
            },
          },
        }
      : {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Start child', States: { 'Start child': startChild } },
            { StartAt: 'Broken', States: { Broken: { Type: 'Fail', Error: 'Broken' } } },
          ],
        };
  return {
    StartAt: 'FanOut',
    States: {
      FanOut: { ...fanOut, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Later' }], Next: 'Later' },
      Later: { Type: 'Wait', Seconds: 7200, End: true },
    },
  };
}

/** A queue that hands every message sent to `onSend` first, and sends what it returns. */
function observedQueue(queue: Queue, onSend: (messages: readonly OutgoingMessage[]) => OutgoingMessage[]): Queue {
  return {
    maxDelaySeconds: queue.maxDelaySeconds,
    send: (messages) => queue.send(onSend(messages)),
    receive: (options) => queue.receive(options),
    ack: (receipt) => queue.ack(receipt),
    extendVisibility: (receipt, seconds) => queue.extendVisibility(receipt, seconds),
  };
}

describe('.sync jobs and callbacks that nothing waits for any more', () => {
  it.each(['Map', 'Parallel'] as const)(
    'stops the job of a %s child left behind when a sibling failed, at its next poll',
    async (kind) => {
      const engine = await engineWithChild(waiting(3600));
      const result = await engine.run(fanOutWithFailure(kind), { items: [{ fail: false }, { fail: true }] });
      expect(result.status).toBe('SUCCEEDED');
      const types = result.history.map((e) => e.type);
      expect(types.indexOf('FailStateEntered')).toBeLessThan(types.indexOf('WaitStateEntered'));
      expect(types).toContain('TaskSubmitted');
      // Left alone, the child would have run its hour out and SUCCEEDED before the parent's Wait ends.
      expect(await childStatus(engine)).toBe('ABORTED');
    },
  );

  it('polls a job once per poll when every poll message is delivered twice', async () => {
    const sentPolls: number[] = [];
    let described = 0;
    const engine = await engineWithChild(
      waiting(10),
      createLocalEngine({
        adapters: {
          queue: (queue) =>
            observedQueue(queue, (messages) =>
              messages.flatMap((m) => {
                if (m.body.kind !== 'job') return [m];
                sentPolls.push(m.body.poll ?? 0);
                return [m, m];
              }),
            ),
          invoker: (invoker) => ({
            invoke: (task, execution) => invoker.invoke(task, execution),
            cancelJob: (resource, job, execution) => invoker.cancelJob?.(resource, job, execution) ?? Promise.resolve(),
            pollJob: (resource, job, execution) => {
              described++;
              return (invoker.pollJob as NonNullable<TaskInvoker['pollJob']>)(resource, job, execution);
            },
          }),
        },
      }),
    );
    const result = await engine.run(parent('arn:aws:states:::states:startExecution.sync'), { n: 1 });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.history.filter((e) => e.type === 'TaskSucceeded')).toHaveLength(1);
    expect(sentPolls.length).toBeGreaterThan(1);
    // One chain: each poll sent once (its duplicate delivery sends nothing) and described once.
    expect(new Set(sentPolls).size).toBe(sentPolls.length);
    expect(described).toBe(sentPolls.length);
  });

  it.each([
    ['without TimeoutSeconds sends no timeout timer', {}, 0],
    ['with TimeoutSeconds sends its timeout timer', { TimeoutSeconds: 30 }, 1],
  ])('a .waitForTaskToken task %s', async (_what, fields, timers) => {
    const kinds: string[] = [];
    let token: string | undefined;
    const engine = createLocalEngine({
      tasks: {
        Notify: (parameters) => {
          token = (parameters as { MessageBody: { token: string } }).MessageBody.token;
          return { MessageId: 'm-1' };
        },
      },
      adapters: {
        queue: (queue) =>
          observedQueue(queue, (messages) => {
            kinds.push(...messages.map((m) => m.body.kind));
            return [...messages];
          }),
      },
    });
    const running = engine.run(
      {
        StartAt: 'Notify',
        States: {
          Notify: {
            Type: 'Task',
            Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
            Parameters: {
              QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q',
              MessageBody: { 'token.$': '$$.Task.Token' },
            },
            End: true,
            ...fields,
          },
        },
      },
      {},
    );
    await engine.until(() => token !== undefined);
    expect(kinds.filter((kind) => kind === 'taskTimeout')).toHaveLength(timers);
    await engine.sendTaskSuccess(token as string, { approved: true });
    expect((await running).output).toEqual({ approved: true });
  });
});
