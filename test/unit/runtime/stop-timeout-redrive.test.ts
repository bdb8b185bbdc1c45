import { describe, expect, it } from 'vitest';
import { describeExecution, redriveExecution, stopExecution } from '../../../src/runtime/lifecycle.js';
import { Bench, type BenchHandler, FN } from './bench.js';

const WAIT_THEN_WORK = {
  StartAt: 'Wait',
  States: {
    Wait: { Type: 'Wait', Seconds: 100, Next: 'Work' },
    Work: { Type: 'Task', Resource: `${FN}Work`, End: true },
  },
};

describe('stopExecution', () => {
  it('ends the execution ABORTED with an ExecutionAborted event, and later messages are stale', async () => {
    const bench = new Bench({ Work: () => ({ ok: true, output: 'worked' }) });
    const { executionArn } = await bench.start(WAIT_THEN_WORK);
    await bench.advance(10);
    await stopExecution(bench.runtime, executionArn, { error: 'Operator', cause: 'no longer needed' });

    const described = await describeExecution(bench.runtime, executionArn);
    expect(described.status).toBe('ABORTED');
    expect(described.error).toBe('Operator');
    expect(described.cause).toBe('no longer needed');
    expect(described.stopDate).toBe(new Date(bench.clock.now()).toISOString());
    const before = await bench.history(executionArn);
    expect(before[before.length - 1]).toMatchObject({
      type: 'ExecutionAborted',
      executionAbortedEventDetails: { error: 'Operator', cause: 'no longer needed' },
    });

    bench.deliveries.length = 0;
    await bench.settle();
    expect(bench.deliveries.map((d) => `${d.kind}:${d.outcome}`)).toEqual(['timer:stale']);
    expect(bench.invocations).toHaveLength(0);
    expect(await bench.history(executionArn)).toEqual(before);
  });

  it('leaves a finished execution as it was', async () => {
    const bench = new Bench({ Work: () => ({ ok: true, output: 'worked' }) });
    const { executionArn } = await bench.start(WAIT_THEN_WORK);
    await bench.settle();
    await stopExecution(bench.runtime, executionArn);
    expect((await bench.execution(executionArn)).status).toBe('SUCCEEDED');
    expect((await bench.history(executionArn)).map((e) => e.type)).not.toContain('ExecutionAborted');
  });

  it('leaves an execution that ended on its own as it ended, when its record is not ended yet', async () => {
    // The record's end fails once after the commit that ended the execution: until its message comes
    // again, the record reads RUNNING while the history has ended.
    let failOnce = true;
    const bench = new Bench(
      { Work: () => ({ ok: true, output: 'worked' }) },
      {
        wrapStore: (store) =>
          new Proxy(store, {
            get(target, property, receiver) {
              const value = Reflect.get(target, property, receiver);
              if (property !== 'updateExecution') return value;
              return async (...args: Parameters<typeof store.updateExecution>) => {
                if (failOnce && args[2].status === 'SUCCEEDED') {
                  failOnce = false;
                  throw new Error('the store is unavailable');
                }
                return store.updateExecution(...args);
              };
            },
          }),
      },
    );
    const { executionArn } = await bench.start(WAIT_THEN_WORK);
    await bench.advance(100);
    expect(failOnce).toBe(false);
    expect((await bench.execution(executionArn)).status).toBe('RUNNING');

    await stopExecution(bench.runtime, executionArn);
    await bench.settle();
    expect((await bench.execution(executionArn)).status).toBe('SUCCEEDED');
    expect((await bench.history(executionArn)).map((e) => e.type)).not.toContain('ExecutionAborted');
  });

  it('fails with ExecutionDoesNotExist for an unknown ARN', async () => {
    const bench = new Bench();
    await expect(stopExecution(bench.runtime, 'arn:aws:states:us-east-1:1:execution:X:y')).rejects.toMatchObject({
      name: 'ExecutionDoesNotExist',
    });
  });
});

describe('execution TimeoutSeconds', () => {
  it('ends the execution TIMED_OUT with an ExecutionTimedOut event when it runs too long', async () => {
    const bench = new Bench({ Work: () => ({ ok: true, output: 'worked' }) });
    const { executionArn } = await bench.start({ ...WAIT_THEN_WORK, TimeoutSeconds: 60 });
    await bench.settle();
    const record = await bench.execution(executionArn);
    expect(record.status).toBe('TIMED_OUT');
    expect(record.error).toBe('States.Timeout');
    expect(await bench.secondsAt(executionArn, 'ExecutionTimedOut')).toBe(60);
    expect(bench.invocations).toHaveLength(0);
  });

  it('times out after a TimeoutSeconds longer than the queue delay, chaining the timer', async () => {
    const bench = new Bench();
    const { executionArn } = await bench.start({
      TimeoutSeconds: 2000,
      StartAt: 'Wait',
      States: { Wait: { Type: 'Wait', Seconds: 3000, End: true } },
    });
    await bench.settle();
    expect((await bench.execution(executionArn)).status).toBe('TIMED_OUT');
    expect(await bench.secondsAt(executionArn, 'ExecutionTimedOut')).toBe(2000);
  });
});

describe('Wait longer than the queue delay', () => {
  it('completes a two-hour Wait on time through ceil(7200 / 900) = 8 timer deliveries', async () => {
    const bench = new Bench();
    const { executionArn } = await bench.start({
      StartAt: 'Wait',
      States: { Wait: { Type: 'Wait', Seconds: 7200, End: true } },
    });
    await bench.settle();
    expect((await bench.execution(executionArn)).status).toBe('SUCCEEDED');
    expect(await bench.secondsAt(executionArn, 'WaitStateExited')).toBe(7200);
    const timers = bench.deliveries.filter((d) => d.kind === 'timer');
    expect(timers).toHaveLength(8);
    expect(timers.map((d) => d.outcome)).toEqual([...Array(7).fill('chained'), 'finished']);
  });
});

describe('redriveExecution', () => {
  const THREE_STEPS = {
    StartAt: 'First',
    States: {
      First: { Type: 'Task', Resource: `${FN}First`, ResultPath: '$.first', Next: 'Second' },
      Second: { Type: 'Task', Resource: `${FN}Second`, ResultPath: '$.second', Next: 'Third' },
      Third: { Type: 'Pass', Result: 'third', ResultPath: '$.third', End: true },
    },
  };

  it('resumes a failed execution from the state that failed, keeping what ran before', async () => {
    let secondCalls = 0;
    const bench = new Bench({
      First: () => ({ ok: true, output: 'one' }),
      Second: () => (++secondCalls === 1 ? { ok: false, error: 'Outage', cause: 'down' } : { ok: true, output: 'two' }),
    });
    const { executionArn } = await bench.start(THREE_STEPS, { id: 9 });
    await bench.settle();
    expect((await bench.execution(executionArn)).status).toBe('FAILED');

    await redriveExecution(bench.runtime, executionArn);
    expect((await bench.execution(executionArn)).status).toBe('RUNNING');
    await bench.settle();

    const described = await describeExecution(bench.runtime, executionArn);
    expect(described.status).toBe('SUCCEEDED');
    expect(described.redriveCount).toBe(1);
    expect(JSON.parse(described.output!)).toEqual({ id: 9, first: 'one', second: 'two', third: 'third' });
    expect(bench.invocations.map((t) => t.functionName?.split(':').pop())).toEqual(['First', 'Second', 'Second']);
    const types = (await bench.history(executionArn)).map((e) => e.type);
    expect(types.filter((t) => t === 'ExecutionRedriven')).toHaveLength(1);
    expect(types.indexOf('ExecutionFailed')).toBeLessThan(types.indexOf('ExecutionRedriven'));
    expect(types[types.length - 1]).toBe('ExecutionSucceeded');
  });

  it('refuses to redrive a running or succeeded execution', async () => {
    const bench = new Bench({ First: () => ({ ok: true, output: 1 }), Second: () => ({ ok: true, output: 2 }) });
    const { executionArn } = await bench.start(THREE_STEPS);
    await expect(redriveExecution(bench.runtime, executionArn)).rejects.toMatchObject({
      name: 'ExecutionNotRedrivable',
    });
    await bench.settle();
    await expect(redriveExecution(bench.runtime, executionArn)).rejects.toMatchObject({
      name: 'ExecutionNotRedrivable',
    });
  });
});

describe("an execution's stopDate", () => {
  /** A bench whose clock moves on a second after each commit, as time passes between a commit and what follows it. */
  function slowBench(handlers: Record<string, BenchHandler> = {}): Bench {
    const holder: { bench?: Bench } = {};
    const bench = new Bench(handlers, {
      wrapStore: (store) =>
        new Proxy(store, {
          get(target, property, receiver) {
            const value = Reflect.get(target, property, receiver);
            if (property !== 'commitFrame') return value;
            return async (...args: Parameters<typeof store.commitFrame>) => {
              const result = await store.commitFrame(...args);
              const clock = holder.bench?.clock;
              clock?.advanceTo(clock.now() + 1000);
              return result;
            };
          },
        }),
    });
    holder.bench = bench;
    return bench;
  }

  /** The execution's stopDate and the time of its history's last event. */
  async function endOf(bench: Bench, executionArn: string): Promise<{ stopDate?: string; lastEvent?: string }> {
    const history = await bench.history(executionArn);
    return {
      stopDate: (await describeExecution(bench.runtime, executionArn)).stopDate,
      lastEvent: history[history.length - 1]?.timestamp,
    };
  }

  const ends: [string, Record<string, BenchHandler>, number | undefined][] = [
    ['SUCCEEDED', { Work: () => ({ ok: true, output: 'worked' }) }, undefined],
    ['FAILED', { Work: () => ({ ok: false, error: 'Boom', cause: 'broke' }) }, undefined],
    ['TIMED_OUT', {}, 60],
  ];
  it.each(ends)('is the time of its last event when it ends %s', async (status, handlers, timeout) => {
    const bench = slowBench(handlers);
    const definition = timeout === undefined ? WAIT_THEN_WORK : { ...WAIT_THEN_WORK, TimeoutSeconds: timeout };
    const { executionArn } = await bench.start(definition);
    await bench.settle();
    expect((await bench.execution(executionArn)).status).toBe(status);
    const { stopDate, lastEvent } = await endOf(bench, executionArn);
    expect(lastEvent).toBeDefined();
    expect(stopDate).toBe(lastEvent);
  });

  it('is the time of its ExecutionAborted event when it is stopped', async () => {
    const bench = slowBench({ Work: () => ({ ok: true, output: 'worked' }) });
    const { executionArn } = await bench.start(WAIT_THEN_WORK);
    await bench.advance(10);
    const { stopDate: answered } = await stopExecution(bench.runtime, executionArn);
    const { stopDate, lastEvent } = await endOf(bench, executionArn);
    expect(stopDate).toBe(lastEvent);
    expect(answered).toBe(lastEvent);
  });
});
