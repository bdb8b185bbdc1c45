import { describe, expect, it } from 'vitest';
import { createLocalEngine } from '../../../src/local/engine.js';
import { ValidationException } from '../../../src/runtime/errors.js';
import {
  redriveExecution,
  registerStateMachine,
  sendTaskSuccess,
  startExecution,
  startRegisteredExecution,
  stopExecution,
} from '../../../src/runtime/lifecycle.js';
import type { FrameRecord, Store } from '../../../src/runtime/ports.js';
import { DEFAULT_RETENTION_SECONDS } from '../../../src/runtime/retention.js';
import { Bench, FN, MACHINE_ARN, T0 } from './bench.js';

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

const R = 90 * DAY * 1000;
const H = DAY * 1000;

/** A bench that keeps what the runtime asked its store about TTLs. */
function ttlBench(handlers: ConstructorParameters<typeof Bench>[0] = {}) {
  const commits: FrameRecord[] = [];
  const counts: (number | undefined)[] = [];
  const kept: { at: number; until: number; atMost?: number | undefined }[] = [];
  const bench: Bench = new Bench(handlers, {
    wrapStore: (store: Store): Store => {
      const wrapped: Store = Object.create(store);
      wrapped.commitFrame = (record) => {
        commits.push(record);
        return store.commitFrame(record);
      };
      wrapped.reserveEventIds = (arn, n, expiresAt) => {
        counts.push(expiresAt);
        return store.reserveEventIds(arn, n, expiresAt);
      };
      wrapped.keepRecords = (arn, until, atMost) => {
        const at = bench.clock.now() - T0;
        kept.push({ at, until: until - T0, atMost: atMost === undefined ? undefined : atMost - T0 });
        return store.keepRecords(arn, until, atMost);
      };
      return wrapped;
    },
  });
  return { bench, commits, counts, kept };
}

describe('record TTLs', () => {
  it('writes each record with its TTL, so that an execution ending within a day of its start changes none', async () => {
    const { bench, commits, counts, kept } = ttlBench({ Work: () => ({ ok: true, output: 1 }) });
    const definition = {
      StartAt: 'Wait',
      States: {
        Wait: { Type: 'Wait', Seconds: 20 * 3600, Next: 'Work' },
        Work: { Type: 'Task', Resource: `${FN}Work`, End: true },
      },
    };
    const { executionArn } = await bench.start(definition);
    await bench.settle();
    const end = 20 * 3600 * 1000;
    expect((await bench.execution(executionArn)).expiresAt).toBe(T0 + end + R);
    expect(kept).toEqual([]);
    const root = (await bench.store.loadFrame(executionArn, 'root'))!;
    // Every record but the last is kept its retention and a day from when it was written; the last as
    // long as the execution; all of them at least until the execution's end plus its retention.
    expect(commits.map((c) => c.expiresAt! - T0)).toEqual([
      R + H, // the first step, at the start
      end + R, // the last
    ]);
    expect(root.expiresAt).toBe(T0 + end + R);
    expect(counts.map((c) => (c === undefined ? c : c - T0))).toEqual([R + H, end + R]);
  });

  it('changes no record of a short execution when the clock moves on between two readings at its end', async () => {
    const { bench, kept } = ttlBench();
    const read = bench.clock.now.bind(bench.clock);
    let ticks = 0;
    bench.clock.now = () => read() + ticks++; // a millisecond later at every reading
    const { executionArn } = await bench.start(DONE);
    await bench.settle();
    expect((await bench.execution(executionArn)).status).toBe('SUCCEEDED');
    expect(ticks).toBeGreaterThan(1);
    expect(kept).toEqual([]);
  });

  it("refreshes a long execution's records as it waits, at ages doubling from a day, and keeps them exactly its retention from its end", async () => {
    const { bench, kept } = ttlBench();
    const days = 5;
    const { executionArn } = await bench.start({
      StartAt: 'Wait',
      States: { Wait: { Type: 'Wait', Seconds: days * DAY, End: true } },
    });
    await bench.settle();
    expect((await bench.execution(executionArn)).status).toBe('SUCCEEDED');
    // Timers wake the waiting frame every 15 minutes: the first wake-up past each refresh's horizon refreshes.
    const wake = (seconds: number) => Math.ceil(seconds / 900 + 1e-9) * 900 * 1000;
    const first = wake(DAY);
    const second = wake((first / 1000) * 2);
    const third = wake((second / 1000) * 2);
    const end = days * DAY * 1000;
    expect(kept).toEqual([
      { at: first, until: first + R + first, atMost: undefined },
      { at: second, until: second + R + second, atMost: undefined },
      { at: third, until: third + R + third, atMost: undefined },
      { at: end, until: end + R, atMost: end + R + H },
    ]);
    expect((await bench.execution(executionArn)).recordsKeptUntil).toBe(T0 + end + R);
  });

  it('keeps the records of an execution stopped within a day as written, and sets those of one stopped later', async () => {
    const { bench, kept } = ttlBench();
    const waiting = { StartAt: 'Wait', States: { Wait: { Type: 'Wait', Seconds: 30 * DAY, End: true } } };
    const short = await bench.start(waiting, {}, 'short');
    await bench.advance(3600);
    await stopExecution(bench.runtime, short.executionArn);
    expect(kept).toEqual([]);
    const long = await bench.start(waiting, {}, 'long');
    await bench.advance(DAY / 2);
    kept.length = 0;
    await bench.advance(DAY);
    await stopExecution(bench.runtime, long.executionArn);
    const stop = bench.clock.now() - T0;
    expect(kept.at(-1)).toEqual({ at: stop, until: stop + R, atMost: stop + R + H });
    expect((await bench.execution(long.executionArn)).status).toBe('ABORTED');
  });

  it('keeps the records of a redriven execution as those of a running one written at the redrive', async () => {
    let calls = 0;
    const { bench, commits, kept } = ttlBench({
      Work: () => (++calls === 1 ? { ok: false, error: 'Boom', cause: 'first' } : { ok: true, output: 2 }),
    });
    const { executionArn } = await bench.start({
      StartAt: 'Work',
      States: { Work: { Type: 'Task', Resource: `${FN}Work`, End: true } },
    });
    await bench.settle();
    expect((await bench.execution(executionArn)).status).toBe('FAILED');
    expect(kept).toEqual([]);
    await bench.advance(10 * DAY);
    commits.length = 0;
    await redriveExecution(bench.runtime, executionArn);
    const at = 10 * DAY * 1000;
    // The execution is ten days old: its records get a ten-day horizon from now.
    expect(kept).toEqual([{ at, until: at + R + at, atMost: undefined }]);
    expect(commits[0]?.expiresAt).toBe(T0 + at + R + at);
    await bench.settle();
    expect((await bench.execution(executionArn)).status).toBe('SUCCEEDED');
  });

  it('writes the records of a definition that may wait for a callback without a timer for a year, and sets them at its end', async () => {
    const tokens: string[] = [];
    const { bench, commits, kept } = ttlBench({
      Approve: (payload) => {
        tokens.push((payload as { token: string }).token);
        return { ok: true, output: {} };
      },
    });
    // No TimeoutSeconds, no HeartbeatSeconds: nothing wakes the execution until the callback.
    const untimed = {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'Approve', Payload: { 'token.$': '$$.Task.Token' } },
      End: true,
    };
    const { executionArn } = await bench.start({ StartAt: 'Untimed', States: { Untimed: untimed } });
    await bench.deliverVisible();
    expect(commits.map((c) => c.expiresAt! - T0)).toEqual([R + 365 * DAY * 1000]);
    await bench.advance(200 * DAY);
    await sendTaskSuccess(bench.runtime, tokens[0]!, '{}');
    await bench.settle();
    expect((await bench.execution(executionArn)).status).toBe('SUCCEEDED');
    const end = 200 * DAY * 1000;
    expect(kept).toEqual([{ at: end, until: end + R, atMost: end + R + H }]);
  });
});

describe("a distributed Map's child execution's event-id counter", () => {
  it("is kept with the parent's records while a branch of its nested Parallel waits past the TTL it was written with", async () => {
    // The child's counter is written at its first reservation, with the TTL of a record written then
    // (its retention, an hour, and a day); its branch reserves again after waiting 26 hours.
    const reservations: { arn: string; at: number; keptUntil: number | undefined }[] = [];
    let now = () => 0;
    let keptUntil = (_arn: string): number | undefined => undefined;
    const engine = createLocalEngine({
      adapters: {
        store: (store) => {
          const wrapped: Store = Object.create(store);
          wrapped.reserveEventIds = (arn, count, expiresAt, after) => {
            reservations.push({ arn, at: now(), keptUntil: keptUntil(arn) });
            return store.reserveEventIds(arn, count, expiresAt, after);
          };
          return wrapped;
        },
      },
    });
    now = () => engine.runtime.deps.clock.now();
    keptUntil = (arn) => engine.store.counterKeptUntil(arn);
    const definition = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED' },
            StartAt: 'Both',
            States: {
              Both: {
                Type: 'Parallel',
                Branches: [{ StartAt: 'Pause', States: { Pause: { Type: 'Wait', Seconds: 26 * 3600, End: true } } }],
                End: true,
              },
            },
          },
          End: true,
        },
      },
    };
    const machine = { stateMachineArn: MACHINE_ARN, definition, retentionSeconds: 3600 };
    const { executionArn } = await startExecution(engine.runtime, machine, { input: '[1]' });
    await engine.settle(executionArn);
    expect((await engine.store.getExecution(executionArn))?.status).toBe('SUCCEEDED');
    const start = Date.parse((await engine.store.getExecution(executionArn))!.info.startTime);
    const child = reservations.filter((r) => r.arn !== executionArn);
    expect(new Set(child.map((r) => r.arn)).size).toBe(1);
    // Its branch's end, 26 hours on, reserved from the counter written at the start...
    expect(child.at(-1)!.at - start).toBeGreaterThanOrEqual(26 * 3600 * 1000);
    expect(child[0]!.keptUntil).toBeUndefined();
    // ...which the parent's refresh had kept on: no reservation found it expired.
    for (const { at, keptUntil: until } of child.slice(1)) expect(until).toBeGreaterThan(at);
  });
});
