/**
 * The local endpoint's worker: receives step messages from the queue and hands each to the runtime
 * as Lambda's SQS event source would, several at once, acknowledging those handled and leaving the
 * others for redelivery after their visibility timeout. Unlike `pollQueue`, a slow task holds only
 * its own message: the loop receives again while it runs (up to `concurrency` in flight).
 */
import type { Queue } from '../runtime/ports.js';
import type { Runtime } from '../runtime/runtime.js';

/** A worker loop over a queue. */
export class WorkerLoop {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly inflight = new Set<Promise<void>>();

  constructor(
    private readonly runtime: Runtime,
    private readonly queue: Queue,
    private readonly concurrency = 16,
  ) {}

  /** Starts receiving. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops receiving and waits for the messages in flight; `interrupt` ends a receive that waits. */
  async stop(interrupt: () => void): Promise<void> {
    this.running = false;
    interrupt();
    await this.loop;
    await Promise.allSettled([...this.inflight]);
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (this.inflight.size >= this.concurrency) {
        await Promise.race(this.inflight);
        continue;
      }
      const messages = await this.queue
        .receive({ maxMessages: Math.min(10, this.concurrency - this.inflight.size), waitSeconds: 20 })
        .catch(() => []);
      for (const message of messages) {
        const handling = this.runtime
          .handle(message)
          .then(
            () => this.queue.ack(message.receipt),
            () => undefined, // left for redelivery after the visibility timeout
          )
          .finally(() => this.inflight.delete(handling));
        this.inflight.add(handling);
      }
    }
  }
}
