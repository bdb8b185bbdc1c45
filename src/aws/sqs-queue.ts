/**
 * The {@link Queue} on an SQS standard queue: sends in batches of ten (`SendMessageBatch`), long-
 * polls, deletes on ack, and reads the delivery count from `ApproximateReceiveCount`. SQS keeps a
 * message's id across redeliveries, which is what the runtime's redelivery detection relies on.
 *
 * Endpoints and credentials come from the standard SDK configuration (`AWS_ENDPOINT_URL_SQS`,
 * `AWS_REGION`, …): pass no client, or one built from it.
 *
 * @example
 * const queue = new SqsQueue({ queueUrl: process.env.STEPSTONE_QUEUE_URL! });
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html
 */
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { serializeStepMessage } from '../runtime/messages.js';
import type { OutgoingMessage, Queue, ReceivedMessage } from '../runtime/ports.js';
import { QueueSendError } from './errors.js';

/** SQS's longest `DelaySeconds`. */
export const SQS_MAX_DELAY_SECONDS = 900;

/** Options of {@link SqsQueue}. */
export interface SqsQueueOptions {
  /** URL of a standard queue (see {@link createQueues}). */
  readonly queueUrl: string;
  /** @default new SQSClient({}) — the standard SDK configuration */
  readonly client?: SQSClient;
  /** Attempts at a batch entry that SQS failed on its side before giving up. @default 4 */
  readonly maxSendAttempts?: number;
}

/** A step queue on SQS. */
export class SqsQueue implements Queue {
  readonly maxDelaySeconds = SQS_MAX_DELAY_SECONDS;
  private readonly client: SQSClient;
  private readonly url: string;
  private readonly attempts: number;

  constructor(options: SqsQueueOptions) {
    this.url = options.queueUrl;
    this.client = options.client ?? new SQSClient({});
    this.attempts = options.maxSendAttempts ?? 4;
  }

  /**
   * Sends the messages, ten per request. An entry SQS fails on its side is retried with back-off;
   * one refused as the sender's fault, or still failing after the last attempt, fails the call with
   * a {@link QueueSendError} (the caller's message is then redelivered and sends again).
   */
  async send(messages: readonly OutgoingMessage[]): Promise<void> {
    for (const m of messages) {
      if (!Number.isInteger(m.delaySeconds) || m.delaySeconds < 0 || m.delaySeconds > this.maxDelaySeconds) {
        throw new RangeError(`DelaySeconds ${m.delaySeconds} is not an integer in 0..${this.maxDelaySeconds}`);
      }
    }
    const batches: SendMessageBatchRequestEntry[][] = [];
    for (let i = 0; i < messages.length; i += 10) {
      batches.push(
        messages.slice(i, i + 10).map((m, j) => ({
          Id: String(i + j),
          MessageBody: serializeStepMessage(m.body),
          DelaySeconds: m.delaySeconds,
        })),
      );
    }
    await Promise.all(batches.map((batch) => this.sendBatch(batch)));
  }

  private async sendBatch(entries: readonly SendMessageBatchRequestEntry[]): Promise<void> {
    let pending = entries;
    for (let attempt = 1; ; attempt++) {
      const response = await this.client.send(
        new SendMessageBatchCommand({ QueueUrl: this.url, Entries: [...pending] }),
      );
      const failed = response.Failed ?? [];
      if (failed.length === 0) return;
      const failures = failed.map((f) => ({
        code: f.Code ?? 'Unknown',
        message: f.Message ?? '',
        senderFault: f.SenderFault === true,
      }));
      if (failures.some((f) => f.senderFault) || attempt >= this.attempts) throw new QueueSendError(failures);
      const ids = new Set(failed.map((f) => f.Id));
      pending = pending.filter((e) => ids.has(e.Id));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2000, 50 * 2 ** attempt)));
    }
  }

  /** One `ReceiveMessage`: up to 10 messages, long-polling up to 20 s. */
  async receive(options: { maxMessages: number; waitSeconds: number }): Promise<ReceivedMessage[]> {
    const response = await this.client.send(
      new ReceiveMessageCommand({
        QueueUrl: this.url,
        MaxNumberOfMessages: Math.max(1, Math.min(10, Math.floor(options.maxMessages))),
        WaitTimeSeconds: Math.max(0, Math.min(20, Math.floor(options.waitSeconds))),
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    return (response.Messages ?? []).map((m) => ({
      messageId: m.MessageId ?? '',
      receipt: m.ReceiptHandle ?? '',
      body: m.Body ?? '',
      receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? '1'),
    }));
  }

  /** `DeleteMessage`. */
  async ack(receipt: string): Promise<void> {
    await this.client.send(new DeleteMessageCommand({ QueueUrl: this.url, ReceiptHandle: receipt }));
  }

  /** `ChangeMessageVisibility` (0 makes the message visible at once). */
  async extendVisibility(receipt: string, seconds: number): Promise<void> {
    await this.client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.url,
        ReceiptHandle: receipt,
        VisibilityTimeout: Math.max(0, Math.min(43_200, Math.ceil(seconds))),
      }),
    );
  }
}
