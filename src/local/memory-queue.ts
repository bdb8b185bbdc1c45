/**
 * The in-memory {@link Queue}: an SQS standard queue's semantics — delays, visibility timeouts,
 * redelivery with a stable message id and a growing receive count, and dead-lettering after
 * `maxReceives` deliveries — on the engine's clock.
 */
import { randomUUID } from 'node:crypto';
import { serializeStepMessage } from '../runtime/messages.js';
import type { OutgoingMessage, Queue, ReceivedMessage } from '../runtime/ports.js';

interface Stored {
  readonly messageId: string;
  readonly body: string;
  visibleAt: number;
  receiveCount: number;
  receipt: string | undefined;
  deleted: boolean;
}

/** Options of {@link MemoryQueue}. */
export interface MemoryQueueOptions {
  /** Epoch ms. */
  readonly now: () => number;
  /** Seconds a received message stays invisible. @default 30 */
  readonly visibilityTimeoutSeconds?: number;
  /** Deliveries before a message moves to the dead-letter queue. @default 5 */
  readonly maxReceives?: number;
  /** @default 900 */
  readonly maxDelaySeconds?: number;
}

/** An in-memory queue with a dead-letter queue. */
export class MemoryQueue implements Queue {
  readonly maxDelaySeconds: number;
  /** Messages moved aside after `maxReceives` deliveries. */
  readonly deadLetters: { messageId: string; body: string; receiveCount: number }[] = [];
  private readonly messages: Stored[] = [];
  private readonly byReceipt = new Map<string, Stored>();
  private deletedCount = 0;
  private readonly visibility: number;
  private readonly maxReceives: number;
  private listener: (() => void) | undefined;

  constructor(private readonly options: MemoryQueueOptions) {
    this.maxDelaySeconds = options.maxDelaySeconds ?? 900;
    this.visibility = (options.visibilityTimeoutSeconds ?? 30) * 1000;
    this.maxReceives = options.maxReceives ?? 5;
  }

  /** Called whenever a message is sent (the local driver wakes up). */
  onSend(listener: () => void): void {
    this.listener = listener;
  }

  async send(messages: readonly OutgoingMessage[]): Promise<void> {
    const now = this.options.now();
    for (const m of messages) {
      if (m.delaySeconds < 0 || m.delaySeconds > this.maxDelaySeconds) {
        throw new Error(`DelaySeconds ${m.delaySeconds} is outside 0..${this.maxDelaySeconds}`);
      }
      this.messages.push({
        messageId: randomUUID(),
        body: serializeStepMessage(m.body),
        visibleAt: now + m.delaySeconds * 1000,
        receiveCount: 0,
        receipt: undefined,
        deleted: false,
      });
    }
    this.listener?.();
  }

  /** Sends a raw body (tests of malformed messages). */
  sendRaw(body: string): void {
    this.messages.push({
      messageId: randomUUID(),
      body,
      visibleAt: this.options.now(),
      receiveCount: 0,
      receipt: undefined,
      deleted: false,
    });
    this.listener?.();
  }

  async receive(options: { maxMessages: number; waitSeconds: number }): Promise<ReceivedMessage[]> {
    const now = this.options.now();
    const out: ReceivedMessage[] = [];
    for (let i = 0; i < this.messages.length && out.length < options.maxMessages; i++) {
      const m = this.messages[i]!;
      if (m.deleted || m.visibleAt > now) continue;
      if (m.receiveCount >= this.maxReceives) {
        this.messages.splice(i--, 1);
        if (m.receipt !== undefined) this.byReceipt.delete(m.receipt);
        this.deadLetters.push({ messageId: m.messageId, body: m.body, receiveCount: m.receiveCount });
        continue;
      }
      m.receiveCount += 1;
      m.visibleAt = now + this.visibility;
      if (m.receipt !== undefined) this.byReceipt.delete(m.receipt);
      m.receipt = randomUUID();
      this.byReceipt.set(m.receipt, m);
      out.push({ messageId: m.messageId, receipt: m.receipt, body: m.body, receiveCount: m.receiveCount });
    }
    return out;
  }

  async ack(receipt: string): Promise<void> {
    const message = this.byReceipt.get(receipt);
    if (message === undefined || message.deleted) return;
    this.byReceipt.delete(receipt);
    message.deleted = true;
    this.deletedCount++;
    // Drop deleted messages in bulk, so that acknowledging n messages costs O(n), not O(n²).
    if (this.deletedCount >= 64 && this.deletedCount * 2 >= this.messages.length) {
      const kept = this.messages.filter((m) => !m.deleted);
      this.messages.length = 0;
      this.messages.push(...kept);
      this.deletedCount = 0;
    }
  }

  async extendVisibility(receipt: string, seconds: number): Promise<void> {
    const m = this.byReceipt.get(receipt);
    if (m !== undefined && !m.deleted) m.visibleAt = this.options.now() + seconds * 1000;
  }

  /** Epoch ms when the next invisible message becomes visible, if any. */
  nextVisibleAt(): number | undefined {
    let next: number | undefined;
    for (const m of this.messages) if (!m.deleted && (next === undefined || m.visibleAt < next)) next = m.visibleAt;
    return next;
  }

  /** Messages waiting (visible or not). */
  get depth(): number {
    return this.messages.length - this.deletedCount;
  }
}
