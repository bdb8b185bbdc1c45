/**
 * The {@link Queue} port's contract, written once and run against every adapter: the in-memory queue
 * on a virtual clock (`memory.test.ts`) and SQS (moto's server, LocalStack) in real seconds. The
 * factory says how time passes for its queue, so that the same tests hold for both; waits are a few
 * seconds at most.
 *
 * Each test gets a fresh queue (with its dead-letter queue) from `create`, and `cleanup` after it.
 *
 * @example
 * describeQueueContract('MemoryQueue', async ({ visibilityTimeoutSeconds, maxReceives }) => {
 *   const clock = virtualClock(0);
 *   const queue = new MemoryQueue({ now: () => clock.now(), visibilityTimeoutSeconds, maxReceives });
 *   return { queue, elapse: async (s) => clock.advanceTo(clock.now() + s * 1000), deadLetters: async () => [] };
 * });
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseStepMessage } from '../../src/runtime/messages.js';
import type { Queue, ReceivedMessage, StepMessage } from '../../src/runtime/ports.js';

/** How the suite configures each queue it asks for. */
export interface QueueSettings {
  /** The queue's visibility timeout, in seconds. */
  readonly visibilityTimeoutSeconds: number;
  /** Deliveries after which a message moves to the dead-letter queue (SQS: `maxReceiveCount`). */
  readonly maxReceives: number;
}

/** What a queue factory gives the suite. */
export interface QueueUnderTest {
  readonly queue: Queue;
  /** Lets `seconds` pass on the queue's clock: a virtual clock moves on, a real queue is waited on. */
  elapse(seconds: number): Promise<void>;
  /** Bodies of the messages moved to the dead-letter queue so far (may poll until they show). */
  deadLetters(): Promise<string[]>;
  /** Deletes the queues. */
  readonly cleanup?: () => Promise<void>;
}

const SETTINGS: QueueSettings = { visibilityTimeoutSeconds: 2, maxReceives: 3 };
const ARN = 'arn:aws:states:us-east-1:123456789012:execution:Contract:queue';

function run(frameId: string, version = 1): StepMessage {
  return { kind: 'run', executionArn: ARN, frameId, version };
}

/** Receives until `count` messages came or a few attempts found nothing more. */
async function receiveAll(queue: Queue, count: number): Promise<ReceivedMessage[]> {
  const out: ReceivedMessage[] = [];
  for (let empty = 0; out.length < count && empty < 4; ) {
    const batch = await queue.receive({ maxMessages: 10, waitSeconds: 1 });
    if (batch.length === 0) empty++;
    out.push(...batch);
  }
  return out;
}

/** One receive that must find nothing visible. */
async function expectNothing(queue: Queue): Promise<void> {
  expect(await queue.receive({ maxMessages: 10, waitSeconds: 1 })).toEqual([]);
}

/** Registers the Queue contract suite for one adapter. */
export function describeQueueContract(
  name: string,
  create: (settings: QueueSettings) => Promise<QueueUnderTest>,
): void {
  describe(`Queue contract: ${name}`, () => {
    let subject: QueueUnderTest;
    let queue: Queue;
    beforeEach(async () => {
      subject = await create(SETTINGS);
      queue = subject.queue;
    });
    afterEach(async () => {
      await subject?.cleanup?.();
    });

    it('delivers every kind of step message with its body intact, on the first delivery', async () => {
      const messages: StepMessage[] = [
        run('root', 0),
        { kind: 'timer', executionArn: ARN, frameId: 'root/2.0.1', version: 4, dueAt: 1_714_557_600_000 },
        { kind: 'taskTimeout', executionArn: ARN, frameId: 'root', version: 2, dueAt: 17, heartbeat: true },
        { kind: 'callback', executionArn: ARN, frameId: 'root', version: 3, token: 'tok-1' },
        { kind: 'join', executionArn: ARN, frameId: 'root', version: 5 },
        { kind: 'executionTimeout', executionArn: ARN, dueAt: 1_714_557_600_000 },
      ];
      await queue.send(messages.map((body) => ({ body, delaySeconds: 0 })));
      const received = await receiveAll(queue, messages.length);
      expect(received.map((m) => parseStepMessage(m.body))).toEqual(expect.arrayContaining(messages));
      expect(received).toHaveLength(messages.length);
      for (const m of received) expect(m.receiveCount).toBe(1);
      expect(new Set(received.map((m) => m.messageId)).size).toBe(messages.length);
    });

    it('delivers a batch larger than one receive, each message once, at most maxMessages per receive', async () => {
      const frames = Array.from({ length: 15 }, (_, i) => `root/1.0.${i}`);
      await queue.send(frames.map((frameId) => ({ body: run(frameId), delaySeconds: 0 })));
      const first = await queue.receive({ maxMessages: 4, waitSeconds: 1 });
      expect(first.length).toBeGreaterThanOrEqual(1);
      expect(first.length).toBeLessThanOrEqual(4);
      const rest = await receiveAll(queue, frames.length - first.length);
      const got = [...first, ...rest].map((m) => (parseStepMessage(m.body) as { frameId: string }).frameId);
      expect([...got].sort()).toEqual([...frames].sort());
    });

    it('gives two sends of the same body different message ids', async () => {
      await queue.send([{ body: run('root'), delaySeconds: 0 }]);
      await queue.send([{ body: run('root'), delaySeconds: 0 }]);
      const received = await receiveAll(queue, 2);
      expect(received).toHaveLength(2);
      expect(received[0]?.messageId).not.toBe(received[1]?.messageId);
      expect(received[0]?.body).toBe(received[1]?.body);
    });

    it('holds a delayed message back until its delay has passed', async () => {
      await queue.send([{ body: run('root', 7), delaySeconds: 2 }]);
      await expectNothing(queue);
      await subject.elapse(2);
      const received = await receiveAll(queue, 1);
      expect(received.map((m) => parseStepMessage(m.body))).toEqual([run('root', 7)]);
    });

    it('accepts a delay up to maxDelaySeconds and refuses a longer one', async () => {
      expect(queue.maxDelaySeconds).toBeGreaterThanOrEqual(60);
      await queue.send([{ body: run('root'), delaySeconds: queue.maxDelaySeconds }]);
      await expectNothing(queue);
      await expect(queue.send([{ body: run('root'), delaySeconds: queue.maxDelaySeconds + 1 }])).rejects.toThrow();
    });

    it('redelivers an unacknowledged message after the visibility timeout with the same id and a growing count', async () => {
      await queue.send([{ body: run('root', 3), delaySeconds: 0 }]);
      const [first] = await receiveAll(queue, 1);
      expect(first?.receiveCount).toBe(1);
      await expectNothing(queue);
      await subject.elapse(SETTINGS.visibilityTimeoutSeconds);
      const [second] = await receiveAll(queue, 1);
      expect(second?.messageId).toBe(first?.messageId);
      expect(second?.body).toBe(first?.body);
      expect(second?.receiveCount).toBe(2);
      expect(second?.receipt).not.toBe(first?.receipt);
    });

    it('never delivers an acknowledged message again', async () => {
      await queue.send([
        { body: run('a'), delaySeconds: 0 },
        { body: run('b'), delaySeconds: 0 },
      ]);
      const received = await receiveAll(queue, 2);
      const a = received.find((m) => m.body.includes('"frameId":"a"'));
      expect(a).toBeDefined();
      await queue.ack(a!.receipt);
      await subject.elapse(SETTINGS.visibilityTimeoutSeconds + 1);
      const again = await receiveAll(queue, 1);
      expect(again.map((m) => (parseStepMessage(m.body) as { frameId: string }).frameId)).toEqual(['b']);
      // Within b's new visibility timeout: were `a` still there, it would come now.
      await expectNothing(queue);
    });

    it('keeps a message hidden for the extended visibility, then redelivers it', async () => {
      await queue.send([{ body: run('root'), delaySeconds: 0 }]);
      const [first] = await receiveAll(queue, 1);
      await queue.extendVisibility(first!.receipt, 6);
      await subject.elapse(3);
      await expectNothing(queue);
      await subject.elapse(4);
      const [second] = await receiveAll(queue, 1);
      expect(second?.messageId).toBe(first?.messageId);
      expect(second?.receiveCount).toBe(2);
    });

    it('makes a message visible at once when its visibility is set to 0', async () => {
      await queue.send([{ body: run('root'), delaySeconds: 0 }]);
      const [first] = await receiveAll(queue, 1);
      await queue.extendVisibility(first!.receipt, 0);
      const [second] = await receiveAll(queue, 1);
      expect(second?.messageId).toBe(first?.messageId);
      expect(second?.receiveCount).toBe(2);
    });

    it('moves a message to the dead-letter queue after maxReceives deliveries', async () => {
      await queue.send([{ body: run('poison', 9), delaySeconds: 0 }]);
      const counts: number[] = [];
      for (let i = 0; i < SETTINGS.maxReceives; i++) {
        const [m] = await receiveAll(queue, 1);
        counts.push(m?.receiveCount ?? 0);
        await subject.elapse(SETTINGS.visibilityTimeoutSeconds + 1);
      }
      expect(counts).toEqual([1, 2, 3]);
      await expectNothing(queue);
      expect((await subject.deadLetters()).map(parseStepMessage)).toEqual([run('poison', 9)]);
    });

    it('leaves an acknowledged message out of the dead-letter queue', async () => {
      await queue.send([{ body: run('fine'), delaySeconds: 0 }]);
      for (let i = 0; i < SETTINGS.maxReceives - 1; i++) {
        await receiveAll(queue, 1);
        await subject.elapse(SETTINGS.visibilityTimeoutSeconds + 1);
      }
      const [last] = await receiveAll(queue, 1);
      expect(last?.receiveCount).toBe(SETTINGS.maxReceives);
      await queue.ack(last!.receipt);
      await subject.elapse(SETTINGS.visibilityTimeoutSeconds + 1);
      await expectNothing(queue);
      expect(await subject.deadLetters()).toEqual([]);
    });
  });
}
