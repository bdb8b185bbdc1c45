/**
 * A long-polling consumer of the step queue, doing what Lambda's SQS event source mapping does for
 * the worker function: receive batches, handle their messages concurrently, delete those that
 * succeeded, leave the others for redelivery, and keep extending the visibility of messages whose
 * handling runs long.
 */
import type { Queue, ReceivedMessage } from './ports.js';
import type { HandleOutcome } from './runtime.js';

/** Options of {@link pollQueue}. */
export interface PollOptions {
  /** Messages per receive (SQS allows 1–10). @default 10 */
  readonly batchSize?: number;
  /** Long-polling wait, seconds (SQS allows 0–20). @default 20 */
  readonly waitSeconds?: number;
  /** Visibility granted to a message being handled, renewed while it runs. @default 60 */
  readonly visibilitySeconds?: number;
  /** Stops the loop (after the batch in flight). */
  readonly signal?: AbortSignal;
  /** Called after each message. */
  readonly onHandled?: (message: ReceivedMessage, outcome: HandleOutcome | Error) => void;
}

/** Polls until `signal` aborts; resolves with the number of messages handled successfully. */
export async function pollQueue(
  queue: Queue,
  handle: (message: ReceivedMessage) => Promise<HandleOutcome>,
  options: PollOptions = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 10;
  const waitSeconds = options.waitSeconds ?? 20;
  const visibility = options.visibilitySeconds ?? 60;
  let handled = 0;
  while (options.signal?.aborted !== true) {
    const messages = await queue.receive({ maxMessages: batchSize, waitSeconds });
    await Promise.all(
      messages.map(async (message) => {
        const renew = setInterval(
          () => void queue.extendVisibility(message.receipt, visibility).catch(() => undefined),
          (visibility * 1000) / 2,
        );
        try {
          const outcome = await handle(message);
          await queue.ack(message.receipt);
          handled++;
          options.onHandled?.(message, outcome);
        } catch (error) {
          options.onHandled?.(message, error instanceof Error ? error : new Error(String(error)));
        } finally {
          clearInterval(renew);
        }
      }),
    );
  }
  return handled;
}
