import { describe, expect, it } from 'vitest';
import { createLocalEngine } from '../../../src/local/engine.js';
import { stopExecution } from '../../../src/runtime/lifecycle.js';
import { PASS_LOOP, WAIT_LOOP } from '../../support/runaway.js';

/** Resolves after `ms` of wall time, through a timer: only if the event loop turns. */
function wallClock(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('runaway executions on the embedded engine', () => {
  it('fails a Pass loop at event 25,000 as AWS does when no quota is lifted', async () => {
    const result = await createLocalEngine().run(PASS_LOOP, {});
    expect(result).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: 'The execution reached the maximum number of history events (25000).',
    });
    expect(result.history).toHaveLength(25_000);
    expect(result.history[24_999]).toMatchObject({ id: 25_000, previousEventId: 24_999, type: 'ExecutionFailed' });
  });

  it('times out an EXPRESS Wait loop after 5 engine-minutes', async () => {
    const result = await createLocalEngine().run(WAIT_LOOP, {}, { stateMachineType: 'EXPRESS' });
    expect(result).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    const started = Date.parse(result.history[0]!.timestamp);
    const ended = result.history[result.history.length - 1]!;
    expect(ended.type).toBe('ExecutionTimedOut');
    expect(Date.parse(ended.timestamp) - started).toBe(300_000);
  });

  it('runs past the quotas when the engine lifts them, and a run lifts them for itself', async () => {
    const engine = createLocalEngine({ quotas: { durationLimit: false } });
    const signal = AbortSignal.timeout(50);
    const express = await engine.run(WAIT_LOOP, {}, { stateMachineType: 'EXPRESS', signal });
    expect(express.status).toBe('ABORTED');
    const standard = await engine.run(
      PASS_LOOP,
      {},
      { quotas: { historyLimit: false }, signal: AbortSignal.timeout(50) },
    );
    expect(standard.status).toBe('ABORTED');
    expect(standard.history.length).toBeGreaterThan(25_000);
  });

  it('lets a timer fire while an execution that never waits runs, and ends it when the signal aborts', async () => {
    const controller = new AbortController();
    let fired = 0;
    const timer = setInterval(() => {
      fired++;
      if (fired === 3) controller.abort();
    }, 5);
    const result = await createLocalEngine()
      .run(PASS_LOOP, {}, { stateMachineType: 'EXPRESS', signal: controller.signal })
      .finally(() => clearInterval(timer));
    expect(fired).toBe(3);
    expect(result.status).toBe('ABORTED');
    const last = result.history[result.history.length - 1];
    expect(last).toMatchObject({ type: 'ExecutionAborted', executionAbortedEventDetails: {} });
  });

  it('settles ABORTED at once when the signal is already aborted', async () => {
    const result = await createLocalEngine().run(PASS_LOOP, {}, { signal: AbortSignal.abort() });
    expect(result.status).toBe('ABORTED');
    expect(result.history.map((e) => e.type)).toEqual(['ExecutionStarted', 'ExecutionAborted']);
  });

  it('ends an execution that waits on engine time when the signal aborts', async () => {
    const engine = createLocalEngine({ quotas: { durationLimit: false } });
    const controller = new AbortController();
    const running = engine.run(WAIT_LOOP, {}, { stateMachineType: 'EXPRESS', signal: controller.signal });
    await wallClock(20);
    controller.abort();
    expect((await running).status).toBe('ABORTED');
  });

  it('stops on StopExecution called from a timer while the execution runs', async () => {
    const engine = createLocalEngine({ quotas: { historyLimit: false } });
    const arn = 'arn:aws:states:us-east-1:123456789012:execution:StateMachine:runaway';
    const running = engine.run(PASS_LOOP, {}, { name: 'runaway' });
    await wallClock(20);
    await stopExecution(engine.runtime, arn, { error: 'Operator', cause: 'runaway loop' });
    const result = await running;
    expect(result).toMatchObject({ status: 'ABORTED', error: 'Operator', cause: 'runaway loop' });
  });
});
