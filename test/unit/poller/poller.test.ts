import { describe, expect, it } from 'vitest';
import { MemoryQueue } from '../../../src/local/memory-queue.js';
import { pollQueue } from '../../../src/runtime/poller.js';
import type { ReceivedMessage } from '../../../src/runtime/ports.js';

const message = (frameId: string) => ({
  body: { kind: 'run' as const, executionArn: 'arn:aws:states:us-east-1:1:execution:m:e', frameId, version: 0 },
  delaySeconds: 0,
});

describe('pollQueue', () => {
  it('acknowledges the messages it handled and leaves a failed one for redelivery', async () => {
    const queue = new MemoryQueue({ now: () => Date.now(), visibilityTimeoutSeconds: 30 });
    await queue.send([message('a'), message('b'), message('c')]);
    const controller = new AbortController();
    const seen: string[] = [];
    const handled = await pollQueue(
      queue,
      async (m: ReceivedMessage) => {
        const frameId = (JSON.parse(m.body) as { frameId: string }).frameId;
        seen.push(frameId);
        controller.abort();
        if (frameId === 'b') throw new Error('boom');
        return 'committed';
      },
      { waitSeconds: 0, signal: controller.signal },
    );
    expect(seen.sort()).toEqual(['a', 'b', 'c']);
    expect(handled).toBe(2);
    // Only the failed message is still in the queue, invisible until its timeout passes.
    expect(queue.depth).toBe(1);
    expect(await queue.receive({ maxMessages: 10, waitSeconds: 0 })).toEqual([]);
  });

  it('keeps extending the visibility of a message whose handling outlasts half its timeout', async () => {
    let now = 0;
    const queue = new MemoryQueue({ now: () => now, visibilityTimeoutSeconds: 1 });
    await queue.send([message('slow')]);
    const controller = new AbortController();
    await pollQueue(
      queue,
      async () => {
        // Wall time passes (1.5 s of it), engine time jumps past the original timeout.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        now = 1100;
        const redelivered = await queue.receive({ maxMessages: 1, waitSeconds: 0 });
        expect(redelivered).toEqual([]);
        controller.abort();
        return 'committed';
      },
      { waitSeconds: 0, visibilitySeconds: 2, signal: controller.signal },
    );
    expect(queue.depth).toBe(0);
  });
});
