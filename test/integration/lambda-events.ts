/**
 * Lambda events and contexts as the Node.js runtime and SQS's event source mapping build them, for
 * tests that call the real handlers of functions/.
 */
import type { Message } from '@aws-sdk/client-sqs';
import type { Context, SQSRecord } from 'aws-lambda';

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
