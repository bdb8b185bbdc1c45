import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../src/engine/types.js';
import {
  describeExecution,
  redriveExecution,
  registerStateMachine,
  startRegisteredExecution,
} from '../../../src/runtime/lifecycle.js';
import type { FrameRecord, Store } from '../../../src/runtime/ports.js';
import { countTo, PASS_LOOP, WAIT_LOOP } from '../../support/runaway.js';
import { Bench, MACHINE_ARN, T0 } from './bench.js';

/** A Map whose three iterations each loop for ever in their own frames (a Task starts each one apart). */
const LOOPING_ITERATIONS = {
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map',
      ItemProcessor: {
        StartAt: 'Spin',
        States: { Spin: { Type: 'Pass', Next: 'Spin again' }, 'Spin again': { Type: 'Pass', Next: 'Spin' } },
      },
      End: true,
    },
  },
};

/** Counts to 7,000 through a Pass and a Choice: 28,004 events in all. */
const COUNT_TO_7000 = countTo(7000);

const LIMIT_CAUSE = 'The execution reached the maximum number of history events (25000).';

function lastTwo(history: readonly HistoryEvent[]): Array<Pick<HistoryEvent, 'id' | 'previousEventId' | 'type'>> {
  return history.slice(-2).map(({ id, previousEventId, type }) => ({ id, previousEventId, type }));
}

describe('the history quota of STANDARD executions', () => {
  it('fails a Pass loop with States.Runtime at event 25,000 when the history reaches the limit', async () => {
    const bench = new Bench();
    const { executionArn } = await bench.start(PASS_LOOP);
    await bench.settle();

    const described = await describeExecution(bench.runtime, executionArn);
    expect(described).toMatchObject({ status: 'FAILED', error: 'States.Runtime', cause: LIMIT_CAUSE });
    const history = await bench.history(executionArn);
    expect(history).toHaveLength(25_000);
    expect(history.map((e) => e.id)).toEqual(Array.from({ length: 25_000 }, (_, i) => i + 1));
    expect(lastTwo(history)).toEqual([
      { id: 24_999, previousEventId: 24_998, type: 'PassStateExited' },
      { id: 25_000, previousEventId: 24_999, type: 'ExecutionFailed' },
    ]);
    expect(history[24_999]).toMatchObject({
      executionFailedEventDetails: { error: 'States.Runtime', cause: LIMIT_CAUSE },
    });
    // Committed a step (250 states) at a time, as on AWS: nothing is left to deliver afterwards.
    expect(bench.queue.depth).toBe(0);
  });

  it('fails the execution from an iteration frame when the iterations reach the limit', async () => {
    const bench = new Bench();
    const { executionArn } = await bench.start(LOOPING_ITERATIONS, [1, 2, 3]);
    await bench.settle();

    expect(await bench.execution(executionArn)).toMatchObject({ status: 'FAILED', cause: LIMIT_CAUSE });
    const history = await bench.history(executionArn);
    expect(history.map((e) => e.id)).toEqual(Array.from({ length: 25_000 }, (_, i) => i + 1));
    expect(lastTwo(history)[1]).toEqual({ id: 25_000, previousEventId: 24_999, type: 'ExecutionFailed' });
    expect(history.filter((e) => e.type.startsWith('Execution')).map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'ExecutionFailed',
    ]);
  });

  it('still fails the execution when the worker dies right after an iteration frame reached the limit', async () => {
    let crashed = false;
    const bench = new Bench(
      {},
      {
        wrapStore: (store) =>
          Object.assign(Object.create(store) as Store, {
            async commitFrame(record: FrameRecord) {
              const result = await store.commitFrame(record);
              const stopping = record.outbox.some((m) => m.body.kind === 'historyLimit');
              if (stopping && !crashed) {
                crashed = true;
                throw new Error('worker died after the commit');
              }
              return result;
            },
          }),
      },
    );
    const { executionArn } = await bench.start(LOOPING_ITERATIONS, [1, 2, 3]);
    await bench.settle();

    expect(crashed).toBe(true);
    expect(await bench.execution(executionArn)).toMatchObject({ status: 'FAILED', cause: LIMIT_CAUSE });
    const history = await bench.history(executionArn);
    expect(history.map((e) => e.id)).toEqual(Array.from({ length: 25_000 }, (_, i) => i + 1));
    expect(history[24_999]?.type).toBe('ExecutionFailed');
  });

  it('lets the history grow past 25,000 events when the state machine lifts the limit', async () => {
    const bench = new Bench();
    const { executionArn } = await bench.start(COUNT_TO_7000, { n: 0 }, undefined, {
      quotas: { historyLimit: false },
    });
    await bench.settle();
    expect(await bench.execution(executionArn)).toMatchObject({ status: 'SUCCEEDED', output: { n: 7000 } });
    expect((await bench.history(executionArn)).length).toBe(28_004);
  });

  it('keeps the quotas a registered state machine lifts for each execution it starts', async () => {
    const bench = new Bench();
    await registerStateMachine(bench.runtime, {
      stateMachineArn: MACHINE_ARN,
      definition: COUNT_TO_7000,
      quotas: { historyLimit: false },
    });
    const { executionArn } = await startRegisteredExecution(bench.runtime, MACHINE_ARN, { input: '{"n":0}' });
    await bench.settle();
    expect(await bench.execution(executionArn)).toMatchObject({ status: 'SUCCEEDED', output: { n: 7000 } });
  });

  it('fails the same count past 25,000 events when no quota is lifted', async () => {
    const bench = new Bench();
    const { executionArn } = await bench.start(COUNT_TO_7000, { n: 0 });
    await bench.settle();
    expect(await bench.execution(executionArn)).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  it('refuses to redrive an execution that failed at the history limit, as AWS does', async () => {
    const bench = new Bench();
    const { executionArn } = await bench.start(PASS_LOOP);
    await bench.settle();
    await expect(redriveExecution(bench.runtime, executionArn)).rejects.toMatchObject({
      name: 'ExecutionNotRedrivable',
      message: `Execution '${executionArn}' is FAILED at the history event limit and cannot be redriven`,
    });
    expect(await bench.execution(executionArn)).toMatchObject({ status: 'FAILED' });
  });

  it('holds no EXPRESS execution to a history limit', async () => {
    const bench = new Bench();
    const { executionArn } = await bench.start(COUNT_TO_7000, { n: 0 }, undefined, { type: 'EXPRESS' });
    await bench.settle();
    expect(await bench.execution(executionArn)).toMatchObject({ status: 'SUCCEEDED', output: { n: 7000 } });
    expect((await bench.history(executionArn)).length).toBeGreaterThan(25_000);
  });
});

describe('the duration quota of EXPRESS executions', () => {
  it('times out a Wait loop after 5 minutes of engine time with States.Timeout', async () => {
    const bench = new Bench();
    const { executionArn } = await bench.start(WAIT_LOOP, {}, undefined, { type: 'EXPRESS' });
    await bench.settle();

    const described = await describeExecution(bench.runtime, executionArn);
    expect(described.status).toBe('TIMED_OUT');
    expect(described.stopDate).toBe(new Date(T0 + 300_000).toISOString());
    const history = await bench.history(executionArn);
    expect(history[history.length - 1]).toMatchObject({
      type: 'ExecutionTimedOut',
      timestamp: new Date(T0 + 300_000).toISOString(),
      executionTimedOutEventDetails: { error: 'States.Timeout' },
    });
  });

  it('keeps a definition TimeoutSeconds shorter than 5 minutes', async () => {
    const bench = new Bench();
    const { executionArn } = await bench.start({ ...WAIT_LOOP, TimeoutSeconds: 42 }, {}, undefined, {
      type: 'EXPRESS',
    });
    await bench.settle();
    expect(await bench.secondsAt(executionArn, 'ExecutionTimedOut')).toBe(42);
  });

  it('lets an EXPRESS execution run past 5 minutes when the state machine lifts the limit', async () => {
    const bench = new Bench();
    const { executionArn } = await bench.start(WAIT_LOOP, {}, undefined, {
      type: 'EXPRESS',
      quotas: { durationLimit: false },
    });
    await bench.advance(900);
    expect((await bench.execution(executionArn)).status).toBe('RUNNING');
  });

  it('does not time out a STANDARD execution after 5 minutes', async () => {
    const bench = new Bench();
    const { executionArn } = await bench.start(WAIT_LOOP);
    await bench.advance(600);
    expect((await bench.execution(executionArn)).status).toBe('RUNNING');
  });
});
