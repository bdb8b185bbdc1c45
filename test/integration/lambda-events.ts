/**
 * Lambda events and contexts as the Node.js runtime and SQS's event source mapping build them, for
 * tests that call the real handlers of functions/.
 */
import { DeleteMessageBatchCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { receive } from './helpers.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';

/** A Lambda handler's signature, as the handler modules export it. */
export type Handler<E, R> = (event: E, context: Context) => Promise<R>;

/** A function-URL response. */
export interface UrlResponse {
  readonly statusCode: number;
  readonly body: string;
}

/** The Lambda context the handlers get (what the Node.js runtime passes; only read for logging). */
export function lambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2024/05/01/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** An SQS record as Lambda's event source mapping builds it from a received message. */
export function sqsRecord(message: Message, queueArn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? '0',
      SenderId: attributes.SenderId ?? 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? '0',
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: REGION,
  };
}

/** The worker handler's signature. */
export type WorkerHandler = Handler<SQSEvent, { batchItemFailures: { itemIdentifier: string }[] }>;

/**
 * One delivery as Lambda's event source mapping makes it: receives up to 10 messages (waiting up to
 * 1 s), hands them to `worker` as one SQS event, and deletes every record it did not report as failed.
 * @returns the batch's size and how many records failed (0 and 0 when nothing was received)
 */
export async function deliverBatch(
  sqs: SQSClient,
  queueUrl: string,
  worker: WorkerHandler,
): Promise<{ size: number; failed: number }> {
  const messages = await receive(sqs, queueUrl, { waitTimeSeconds: 1, maxNumberOfMessages: 10 });
  if (messages.length === 0) return { size: 0, failed: 0 };
  const queueArn = `arn:aws:sqs:${REGION}:${ACCOUNT}:${queueUrl.split('/').pop() ?? ''}`;
  const event: SQSEvent = { Records: messages.map((m) => sqsRecord(m, queueArn)) };
  const { batchItemFailures } = await worker(event, lambdaContext('stepstone-worker'));
  const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
  const entries = messages
    .filter((m) => !failed.has(m.MessageId ?? ''))
    .map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' }));
  if (entries.length > 0) await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
  return { size: messages.length, failed: batchItemFailures.length };
}
