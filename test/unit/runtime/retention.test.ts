import { describe, expect, it } from 'vitest';
import { ValidationException } from '../../../src/runtime/errors.js';
import {
  registerStateMachine,
  startExecution,
  startRegisteredExecution,
  stopExecution,
} from '../../../src/runtime/lifecycle.js';
import { DEFAULT_RETENTION_SECONDS } from '../../../src/runtime/retention.js';
import { Bench, MACHINE_ARN, T0 } from './bench.js';

const DONE = { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } };
const WAIT = { StartAt: 'Wait', States: { Wait: { Type: 'Wait', Seconds: 3600, End: true } } };
const DAY = 24 * 3600;

describe('retention', () => {
  it("keeps an ended execution and its last record for its state machine's retention", async () => {
    const bench = new Bench();
    await registerStateMachine(bench.runtime, {
      stateMachineArn: MACHINE_ARN,
      definition: DONE,
      retentionSeconds: 7 * DAY,
    });
    const { executionArn } = await startRegisteredExecution(bench.runtime, MACHINE_ARN);
    await bench.settle();
    const execution = await bench.store.getExecution(executionArn);
    expect(execution).toMatchObject({ status: 'SUCCEEDED', retentionSeconds: 7 * DAY, expiresAt: T0 + 7 * DAY * 1000 });
    expect((await bench.store.loadFrame(executionArn, 'root'))?.expiresAt).toBe(T0 + 7 * DAY * 1000);
  });

  it('keeps an execution of a state machine without one for 90 days, from its stop', async () => {
    const bench = new Bench();
    await registerStateMachine(bench.runtime, { stateMachineArn: MACHINE_ARN, definition: WAIT });
    const { executionArn } = await startRegisteredExecution(bench.runtime, MACHINE_ARN);
    await bench.advance(60);
    await stopExecution(bench.runtime, executionArn);
    expect(DEFAULT_RETENTION_SECONDS).toBe(90 * DAY);
    expect((await bench.store.getExecution(executionArn))?.expiresAt).toBe(T0 + 60_000 + 90 * DAY * 1000);
  });

  it.each([0, 3599, 3600.5, 3651 * DAY, Number.NaN])('refuses a retention of %s seconds', async (seconds) => {
    const bench = new Bench();
    const message = `retention must be a whole number of seconds from 3600 (1 hour) to 315360000 (3,650 days); got ${seconds}`;
    const machine = { stateMachineArn: MACHINE_ARN, definition: DONE, retentionSeconds: seconds };
    await expect(registerStateMachine(bench.runtime, machine)).rejects.toThrow(new ValidationException(message));
    await expect(startExecution(bench.runtime, machine, {})).rejects.toThrow(ValidationException);
    expect(await bench.store.getStateMachine(MACHINE_ARN)).toBeUndefined();
  });

  it('accepts the bounds themselves', async () => {
    const bench = new Bench();
    for (const retentionSeconds of [3600, 3650 * DAY]) {
      await registerStateMachine(bench.runtime, { stateMachineArn: MACHINE_ARN, definition: DONE, retentionSeconds });
      expect((await bench.store.getStateMachine(MACHINE_ARN))?.retentionSeconds).toBe(retentionSeconds);
    }
  });
});
