/**
 * Shared pieces of the integration tests: whether emulator endpoints are configured, unique resource
 * names (runs may share one emulator), and small SQS helpers.
 */
import { randomUUID } from 'node:crypto';
import { type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ReceivedMessage } from '../../src/runtime/ports.js';
import type { Runtime } from '../../src/runtime/runtime.js';

/**
 * Whether the environment points the AWS SDK at emulators (the global setup
 * `test/setup/emulators.ts` sets these). Without it the integration tests are skipped, so that a
 * plain `vitest run` without the global setup does not try to reach AWS.
 */
export const emulatorsConfigured =
  process.env.AWS_ENDPOINT_URL_DYNAMODB !== undefined && process.env.AWS_ENDPOINT_URL_SQS !== undefined;

/**
 * What serves the endpoints (`moto 5.2.5`, `LocalStack 4.14.0`), as the global setup says in
 * `STEPSTONE_EMULATORS_PRODUCT`: test names quote it, so that a report says what a test ran against.
 */
export const emulatorName = process.env.STEPSTONE_EMULATORS_PRODUCT ?? 'the emulators';

/**
 * Whether the project's moto serves the suite (not LocalStack): tests of services only moto emulates
 * here (Athena, Glue, ECS, Batch and Bedrock are not in LocalStack's free edition) run only on it.
 */
export const servedByMoto = process.env.STEPSTONE_EMULATORS_KIND === 'emulators';

/** A name unique to this run, e.g. `stepstone-it-frames-1a2b3c4d`. */
export function uniqueName(purpose: string): string {
  return `stepstone-it-${purpose}-${randomUUID().slice(0, 8)}`;
}

/** Options of {@link receive}. */
export interface ReceiveOptions {
  /** Long-poll seconds (0 = short poll). @default 0 */
  readonly waitTimeSeconds?: number;
  /** Visibility timeout for the received messages, in seconds; the queue's when absent. */
  readonly visibilityTimeout?: number;
  /** @default 10 */
  readonly maxNumberOfMessages?: number;
}

/** One `ReceiveMessage` call, with every system attribute; `[]` when nothing is returned. */
export async function receive(sqs: SQSClient, queueUrl: string, options: ReceiveOptions = {}): Promise<Message[]> {
  const response = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: options.maxNumberOfMessages ?? 10,
      WaitTimeSeconds: options.waitTimeSeconds ?? 0,
      VisibilityTimeout: options.visibilityTimeout,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  return response.Messages ?? [];
}

/** Resolves after `ms` milliseconds (to let a visibility timeout or delay run out). */
export function pause(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/**
 * Creates an IAM role Lambda may assume and returns its ARN. Lambda's CreateFunction rejects a role
 * that does not exist ("The role defined for the function cannot be assumed by Lambda"), on AWS and
 * on moto alike. There is no IAM client among the dev dependencies, so this sends IAM's Query API
 * request itself to the Lambda endpoint (moto and LocalStack serve IAM on the same port and route by
 * the credential scope; neither checks the signature).
 */
export async function createLambdaRole(endpoint: string, roleName: string): Promise<string> {
  const trust = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  };
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization:
        'AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: new URLSearchParams({
      Action: 'CreateRole',
      Version: '2010-05-08',
      RoleName: roleName,
      AssumeRolePolicyDocument: JSON.stringify(trust),
    }),
  });
  const text = await response.text();
  const arn = /<Arn>([^<]+)<\/Arn>/.exec(text)?.[1];
  if (!response.ok || arn === undefined) throw new Error(`IAM CreateRole failed: HTTP ${response.status} ${text}`);
  return arn;
}

/**
 * Handles every message of the runtime's queue, a batch at a time, until the execution is no longer
 * RUNNING; returns the messages handled. Throws after `rounds` receives.
 */
export async function driveToEnd(runtime: Runtime, executionArn: string, rounds = 60): Promise<ReceivedMessage[]> {
  const { queue, store } = runtime.deps;
  const handled: ReceivedMessage[] = [];
  for (let round = 0; round < rounds; round++) {
    if ((await store.getExecution(executionArn))?.status !== 'RUNNING') return handled;
    const messages = await queue.receive({ maxMessages: 10, waitSeconds: 1 });
    await Promise.all(
      messages.map(async (message) => {
        await runtime.handle(message);
        await queue.ack(message.receipt);
        handled.push(message);
      }),
    );
  }
  throw new Error(`${executionArn} still RUNNING after ${rounds} rounds`);
}
