/**
 * The {@link Queue} on SQLite, for `stepstone dev`: an SQS standard queue's semantics — delays,
 * visibility timeouts, redelivery with a stable message id and a growing receive count, dead-letters
 * after `maxReceives` deliveries — in the same durable file as the store, so that timers (a `Wait`,
 * a retry's back-off, a task's timeout) are still due after a restart. A receive long-polls: it
 * returns as soon as a message is sent in this process or becomes visible.
 */
import { randomUUID } from 'node:crypto';
import { serializeStepMessage } from '../runtime/messages.js';
import type { OutgoingMessage, Queue, ReceivedMessage } from '../runtime/ports.js';
import type { Db } from './database.js';

/** Options of {@link SqliteQueue}. */
export interface SqliteQueueOptions {
  /** Epoch ms of the queue's clock. @default Date.now */
  readonly now?: () => number;
  /** Seconds a received message stays invisible. @default 30 */
  readonly visibilityTimeoutSeconds?: number;
  /** Deliveries before a message is dead-lettered. @default 5 */
  readonly maxReceives?: number;
  /** @default 900 */
  readonly maxDelaySeconds?: number;
  /** The longest a receive waits for a message, whatever it asks (0: never waits). @default 20 */
  readonly maxWaitSeconds?: number;
}

interface Row {
  readonly seq: number;
  readonly message_id: string;
  readonly body: string;
  readonly receive_count: number;
}

/** A queue in a SQLite database. */
export class SqliteQueue implements Queue {
  readonly maxDelaySeconds: number;
  private readonly now: () => number;
  private readonly visibilityMs: number;
  private readonly maxReceives: number;
  private readonly maxWaitSeconds: number;
  private readonly waiters = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly db: Db,
    options: SqliteQueueOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.visibilityMs = (options.visibilityTimeoutSeconds ?? 30) * 1000;
    this.maxReceives = options.maxReceives ?? 5;
    this.maxDelaySeconds = options.maxDelaySeconds ?? 900;
    this.maxWaitSeconds = options.maxWaitSeconds ?? 20;
  }

  async send(messages: readonly OutgoingMessage[]): Promise<void> {
    const now = this.now();
    for (const m of messages) {
      if (m.delaySeconds < 0 || m.delaySeconds > this.maxDelaySeconds) {
        throw new Error(`DelaySeconds ${m.delaySeconds} is outside 0..${this.maxDelaySeconds}`);
      }
    }
    const insert = this.db.prepare('INSERT INTO messages (message_id, body, visible_at) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      for (const m of messages) insert.run(randomUUID(), serializeStepMessage(m.body), now + m.delaySeconds * 1000);
    })();
    this.wakeReceivers();
  }

  async receive(options: { maxMessages: number; waitSeconds: number }): Promise<ReceivedMessage[]> {
    const deadline = Date.now() + Math.min(options.waitSeconds, this.maxWaitSeconds) * 1000;
    for (;;) {
      if (this.closed) return [];
      const messages = this.take(options.maxMessages);
      if (messages.length > 0 || Date.now() >= deadline) return messages;
      const next = this.nextVisibleAt();
      const until = next === undefined ? deadline - Date.now() : Math.min(deadline - Date.now(), next - this.now());
      await this.nap(Math.max(1, until));
    }
  }

  async ack(receipt: string): Promise<void> {
    this.db.prepare('DELETE FROM messages WHERE receipt = ?').run(receipt);
  }

  async extendVisibility(receipt: string, seconds: number): Promise<void> {
    this.db.prepare('UPDATE messages SET visible_at = ? WHERE receipt = ?').run(this.now() + seconds * 1000, receipt);
  }

  /** Bodies of the messages dead-lettered so far. */
  deadLetters(): string[] {
    return (this.db.prepare('SELECT body FROM messages WHERE dead = 1 ORDER BY seq').all() as { body: string }[]).map(
      (r) => r.body,
    );
  }

  /** Epoch ms when the next waiting message becomes visible, if any. */
  nextVisibleAt(): number | undefined {
    const row = this.db.prepare('SELECT MIN(visible_at) AS at FROM messages WHERE dead = 0').get() as {
      at: number | null;
    };
    return row.at ?? undefined;
  }

  /** Ends every receive waiting now and refuses to wait again: before the database closes. */
  close(): void {
    this.closed = true;
    this.wakeReceivers();
  }

  private wakeReceivers(): void {
    for (const wake of [...this.waiters]) wake();
  }

  /** Receives the visible messages, moving those delivered `maxReceives` times to the dead letters. */
  private take(maxMessages: number): ReceivedMessage[] {
    return this.db.transaction(() => {
      const now = this.now();
      const out: ReceivedMessage[] = [];
      const select = this.db.prepare(
        'SELECT seq, message_id, body, receive_count FROM messages WHERE dead = 0 AND visible_at <= ? ORDER BY visible_at, seq LIMIT ?',
      );
      while (out.length < maxMessages) {
        const rows = select.all(now, maxMessages - out.length) as Row[];
        if (rows.length === 0) break;
        for (const row of rows) {
          if (row.receive_count >= this.maxReceives) {
            this.db.prepare('UPDATE messages SET dead = 1, receipt = NULL WHERE seq = ?').run(row.seq);
            continue;
          }
          const receipt = randomUUID();
          this.db
            .prepare('UPDATE messages SET receive_count = receive_count + 1, visible_at = ?, receipt = ? WHERE seq = ?')
            .run(now + this.visibilityMs, receipt, row.seq);
          out.push({ messageId: row.message_id, receipt, body: row.body, receiveCount: row.receive_count + 1 });
        }
      }
      return out;
    })();
  }

  private nap(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }
}
