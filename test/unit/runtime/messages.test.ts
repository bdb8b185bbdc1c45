import { describe, expect, it } from 'vitest';
import { serializeStepMessage } from '../../../src/runtime/messages.js';
import { Bench, FN, MACHINE_ARN } from './bench.js';

const TWO_TASKS = {
  StartAt: 'A',
  States: {
    A: { Type: 'Task', Resource: `${FN}Work`, ResultPath: '$.a', Next: 'Pause' },
    Pause: { Type: 'Wait', Seconds: 5, Next: 'B' },
    B: { Type: 'Task', Resource: `${FN}Work`, ResultPath: '$.b', End: true },
  },
};

const work = { Work: () => ({ ok: true as const, output: 'w' }) };

describe('Runtime.handle with bad messages', () => {
  it('rejects a body that is not JSON on every delivery, until the queue dead-letters it', async () => {
    const bench = new Bench({}, { maxReceives: 3 });
    bench.queue.sendRaw('{"kind":"run","executionArn":');
    await bench.settle();
    expect(bench.deliveries.map((d) => d.outcome)).toEqual(['failed', 'failed', 'failed']);
    expect(bench.deliveries.map((d) => (d.error as Error).name)).toEqual(Array(3).fill('MalformedMessageError'));
    expect(bench.queue.deadLetters.map((m) => m.body)).toEqual(['{"kind":"run","executionArn":']);
    expect(bench.queue.depth).toBe(0);
  });

  it('rejects a JSON body that is not a step message, saying which field is wrong', async () => {
    const bench = new Bench({}, { maxReceives: 1 });
    bench.queue.sendRaw(JSON.stringify({ kind: 'run', executionArn: 'arn:x', frameId: 'root', version: 'one' }));
    await bench.settle();
    expect(bench.deliveries[0]?.error).toMatchObject({ message: expect.stringMatching(/version/) });
    expect(bench.queue.deadLetters).toHaveLength(1);
  });

  it('fails the execution a malformed message names, with a cause that says why, on its last delivery', async () => {
    const bench = new Bench(work, { maxReceives: 2 });
    const { executionArn } = await bench.start({
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 3600, End: true } },
    });
    await bench.deliverVisible();
    bench.queue.sendRaw(JSON.stringify({ kind: 'timer', executionArn, frameId: 'root', version: 1, dueAt: 'soon' }));
    await bench.advance(120);
    const record = await bench.execution(executionArn);
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('States.Runtime');
    expect(record.cause).toMatch(/dead-letter queue/);
    expect(record.cause).toMatch(/dueAt/);
    expect(bench.queue.deadLetters).toHaveLength(1);
  });

  it('fails the execution named in a body cut short, once the queue gives up on it', async () => {
    const bench = new Bench(work, { maxReceives: 2 });
    const { executionArn } = await bench.start({
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 3600, End: true } },
    });
    await bench.deliverVisible();
    const body = serializeStepMessage({ kind: 'timer', executionArn, frameId: 'root', version: 1, dueAt: 0 });
    bench.queue.sendRaw(body.slice(0, -10));
    await bench.advance(120);
    const record = await bench.execution(executionArn);
    expect(record.status).toBe('FAILED');
    expect(record.cause).toMatch(
      /failed 2 times and was moved to the dead-letter queue: MalformedMessageError: .*not JSON/,
    );
    expect(bench.queue.deadLetters.map((m) => m.body)).toEqual([body.slice(0, -10)]);
  });

  it('acknowledges a message for an unknown execution as stale', async () => {
    const bench = new Bench();
    await bench.queue.send([
      { body: { kind: 'run', executionArn: `${MACHINE_ARN}:ghost`, frameId: 'root', version: 0 }, delaySeconds: 0 },
    ]);
    await bench.deliverVisible();
    expect(bench.deliveries.map((d) => d.outcome)).toEqual(['stale']);
    expect(bench.queue.depth).toBe(0);
    expect(bench.queue.deadLetters).toEqual([]);
  });
});

describe('Runtime.handle with duplicates', () => {
  it('drops a duplicate of an already handled message at the cost of one read, sending nothing', async () => {
    const bench = new Bench(work);
    const { executionArn } = await bench.start(TWO_TASKS);
    await bench.deliverVisible();
    const record = await bench.store.loadFrame(executionArn, 'root');
    expect(record?.version).toBe(1);
    const depth = bench.queue.depth;

    // The start message again, as a duplicate send would deliver it (a new message id).
    bench.resetCalls();
    const outcome = await bench.runtime.handle({
      messageId: 'duplicate-1',
      receipt: 'r-1',
      receiveCount: 1,
      body: serializeStepMessage({ kind: 'run', executionArn, frameId: 'root', version: 0 }),
    });
    expect(outcome).toBe('stale');
    expect(bench.calls).toEqual({ loadFrame: 1 });
    expect(bench.queue.depth).toBe(depth);
    expect(await bench.store.loadFrame(executionArn, 'root')).toBe(record);
  });

  it('re-sends the outbox of its own commit when a message is redelivered after a crash, once', async () => {
    const bench = new Bench(work);
    const { executionArn } = await bench.start(TWO_TASKS);
    const [first] = await bench.queue.receive({ maxMessages: 1, waitSeconds: 0 });
    expect(await bench.runtime.handle(first!)).toBe('committed');
    // The worker died before acknowledging: the same message (same id) comes back.
    const timersBefore = bench.queue.depth;
    expect(await bench.runtime.handle({ ...first!, receiveCount: 2 })).toBe('resent');
    expect(bench.queue.depth).toBe(timersBefore + 1);
    await bench.queue.ack(first!.receipt);
    await bench.settle();
    const record = await bench.execution(executionArn);
    expect(record.status).toBe('SUCCEEDED');
    expect(record.output).toEqual({ a: 'w', b: 'w' });
    const entered = (await bench.history(executionArn)).filter((e) => e.type.endsWith('StateEntered'));
    expect(entered.map((e) => (e.stateEnteredEventDetails as { name: string }).name)).toEqual(['A', 'Pause', 'B']);
  });
});
