import { describe, expect, it } from 'vitest';
import { virtualClock } from '../../../src/local/clock.js';
import { MemoryQueue } from '../../../src/local/memory-queue.js';
import { MemoryStore } from '../../../src/local/memory-store.js';
import { startExecution } from '../../../src/runtime/lifecycle.js';
import type { InvocationResult } from '../../../src/runtime/ports.js';
import { Runtime } from '../../../src/runtime/runtime.js';
import { FN, MACHINE_ARN, T0 } from './bench.js';

const ONE_TASK = {
  StartAt: 'Check',
  States: {
    Check: { Type: 'Pass', Next: 'Work' },
    Work: { Type: 'Task', Resource: `${FN}Work`, End: true },
  },
};

const TASK_THEN_PASS = {
  StartAt: 'Check',
  States: {
    Check: { Type: 'Pass', Next: 'Work' },
    Work: { Type: 'Task', Resource: `${FN}Work`, Next: 'Done' },
    Done: { Type: 'Pass', End: true },
  },
};

/** A runtime whose starts run the first step, with a task that answers when the test says so. */
function setup() {
  const clock = virtualClock(T0);
  const store = new MemoryStore();
  const queue = new MemoryQueue({ now: () => clock.now() });
  let answer: (result: InvocationResult) => void = () => undefined;
  let invocations = 0;
  const runtime = new Runtime(
    {
      store,
      queue,
      clock,
      invoker: {
        invoke: () => {
          invocations++;
          return new Promise((resolve) => {
            answer = resolve;
          });
        },
      },
    },
    { startStepMilliseconds: 1000 },
  );
  return { clock, store, queue, runtime, answer: (r: InvocationResult) => answer(r), invocations: () => invocations };
}

describe('the first step in startExecution', () => {
  it('runs the first step and sends no start message when it ends within the call', async () => {
    const { store, queue, runtime, answer } = setup();
    const starting = startExecution(runtime, { stateMachineArn: MACHINE_ARN, definition: ONE_TASK }, { name: 'a' });
    await new Promise((resolve) => setImmediate(resolve));
    answer({ ok: true, output: { done: 1 } });
    const { executionArn } = await starting;
    expect((await store.getExecution(executionArn))?.status).toBe('SUCCEEDED');
    expect(await queue.receive({ maxMessages: 10, waitSeconds: 0 })).toEqual([]);
  });

  it('enters no new state past its deadline: the step commits and the start message goes on from there', async () => {
    const { clock, store, queue, runtime, answer, invocations } = setup();
    const starting = startExecution(
      runtime,
      { stateMachineArn: MACHINE_ARN, definition: TASK_THEN_PASS },
      { name: 'c' },
    );
    await new Promise((resolve) => setImmediate(resolve));
    // The task answers once the step's 1,000 ms are over: its result is taken in, Done is not entered.
    clock.advanceTo(T0 + 1000);
    answer({ ok: true, output: { done: 3 } });
    const { executionArn } = await starting;
    expect((await store.getExecution(executionArn))?.status).toBe('RUNNING');
    const entered = async () =>
      (await store.readHistory(executionArn)).filter((e) => e.type.endsWith('StateEntered')).map((e) => e.type);
    expect(await entered()).toEqual(['PassStateEntered', 'TaskStateEntered']);
    const [message, ...others] = await queue.receive({ maxMessages: 10, waitSeconds: 0 });
    expect(others).toEqual([]);
    expect(JSON.parse(message?.body ?? '{}')).toMatchObject({ kind: 'run', frameId: 'root' });
    expect(await runtime.handle(message!)).toBe('finished');
    expect(await entered()).toEqual(['PassStateEntered', 'TaskStateEntered', 'PassStateEntered']);
    expect((await store.getExecution(executionArn))?.output).toEqual({ done: 3 });
    expect(invocations()).toBe(1);
  });

  it('sends the start message when a task outlasts what the caller can wait, and the execution ends once', async () => {
    const { clock, store, queue, runtime, answer, invocations } = setup();
    const starting = startExecution(
      runtime,
      { stateMachineArn: MACHINE_ARN, definition: ONE_TASK },
      { name: 'b', stepWaitMilliseconds: 5000 },
    );
    await new Promise((resolve) => setImmediate(resolve));
    clock.advanceTo(T0 + 5000);
    const { executionArn } = await starting;
    const [message] = await queue.receive({ maxMessages: 10, waitSeconds: 0 });
    expect(JSON.parse(message?.body ?? '{}')).toMatchObject({ kind: 'run', frameId: 'root', version: 0 });
    // The task answers the step the start began: that step commits and ends the execution.
    answer({ ok: true, output: { done: 2 } });
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect((await store.getExecution(executionArn))?.status).toBe('SUCCEEDED');
    // The start message then finds the execution over: it runs nothing again.
    expect(await runtime.handle(message!)).toBe('stale');
    expect(invocations()).toBe(1);
    const history = await store.readHistory(executionArn);
    expect(history.filter((e) => e.type === 'TaskStateEntered')).toHaveLength(1);
    expect(history.at(-1)?.type).toBe('ExecutionSucceeded');
  });
});
