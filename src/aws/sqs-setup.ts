/**
 * Creates the step queue and its dead-letter queue for tests and tooling (the CDK construct declares
 * the same pair): a standard queue whose messages move to `<name>-dlq` after `maxReceives`
 * deliveries.
 */
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** Options of {@link createQueues}. */
export interface CreateQueuesOptions {
  /**
   * Deliveries before a message moves to the dead-letter queue (the redrive policy's
   * `maxReceiveCount`); give the runtime the same number (`RuntimeOptions.maxReceives`), so that it
   * fails the execution on the last delivery.
   */
  readonly maxReceives: number;
  /** Seconds a received message stays hidden. @default 60 */
  readonly visibilityTimeoutSeconds?: number;
}

/** The queues {@link createQueues} made. */
export interface CreatedQueues {
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly deadLetterQueueUrl: string;
  readonly deadLetterQueueArn: string;
}

/** Seconds SQS keeps a message at most: dead letters wait 14 days for someone to look. */
const MAX_RETENTION_SECONDS = 1_209_600;

/**
 * Creates (or finds, CreateQueue being idempotent for equal attributes) the queue `name` and its
 * dead-letter queue `<name>-dlq`.
 *
 * @example const { queueUrl } = await createQueues(new SQSClient({}), 'stepstone-steps', { maxReceives: 5 });
 */
export async function createQueues(
  client: SQSClient,
  name: string,
  options: CreateQueuesOptions,
): Promise<CreatedQueues> {
  const deadLetterQueueUrl = await createQueue(client, `${name}-dlq`, {
    MessageRetentionPeriod: String(MAX_RETENTION_SECONDS),
  });
  const deadLetterQueueArn = await queueArn(client, deadLetterQueueUrl);
  const queueUrl = await createQueue(client, name, {
    VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 60),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetterQueueArn, maxReceiveCount: options.maxReceives }),
  });
  return { queueUrl, queueArn: await queueArn(client, queueUrl), deadLetterQueueUrl, deadLetterQueueArn };
}

async function createQueue(client: SQSClient, name: string, attributes: Record<string, string>): Promise<string> {
  const response = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  if (response.QueueUrl === undefined) throw new Error(`CreateQueue ${name} returned no QueueUrl`);
  return response.QueueUrl;
}

async function queueArn(client: SQSClient, url: string): Promise<string> {
  const response = await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  const arn = response.Attributes?.QueueArn;
  if (arn === undefined) throw new Error(`GetQueueAttributes ${url} returned no QueueArn`);
  return arn;
}
