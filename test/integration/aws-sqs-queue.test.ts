/**
 * SqsQueue over real connections: on moto's SQS (batching by ten, receive counts, dead-lettering
 * through the queues createQueues makes), and, for the entries SQS fails inside a successful batch
 * (which moto never does), on a loopback server speaking SQS's JSON protocol.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeleteQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { QueueSendError } from '../../src/aws/errors.js';
import { SqsQueue } from '../../src/aws/sqs-queue.js';
import { createQueues } from '../../src/aws/sqs-setup.js';
import { parseStepMessage } from '../../src/runtime/messages.js';
import type { OutgoingMessage, ReceivedMessage } from '../../src/runtime/ports.js';
import { emulatorName, emulatorsConfigured, pause, receive, uniqueName } from './helpers.js';

const ARN = 'arn:aws:states:us-east-1:123456789012:execution:Queue:run-1';

function run(frameId: string, delaySeconds = 0): OutgoingMessage {
  return { body: { kind: 'run', executionArn: ARN, frameId, version: 1 }, delaySeconds };
}

/** An SQS client that counts the requests of each operation. */
function countingClient(): { sqs: SQSClient; requests: Map<string, number> } {
  const sqs = new SQSClient({});
  const requests = new Map<string, number>();
  sqs.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName);
      requests.set(name, (requests.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  return { sqs, requests };
}

/** Receives until `count` messages came or three receives found nothing. */
async function receiveAll(queue: SqsQueue, count: number): Promise<ReceivedMessage[]> {
  const out: ReceivedMessage[] = [];
  for (let empty = 0; out.length < count && empty < 3; ) {
    const batch = await queue.receive({ maxMessages: 10, waitSeconds: 1 });
    if (batch.length === 0) empty++;
    out.push(...batch);
  }
  return out;
}

describe.skipIf(!emulatorsConfigured)(`SqsQueue on ${emulatorName}`, () => {
  const { sqs, requests } = countingClient();
  const created: string[] = [];

  afterAll(async () => {
    for (const url of created) await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    sqs.destroy();
  });

  async function fresh(maxReceives = 5, visibilityTimeoutSeconds = 30) {
    const queues = await createQueues(sqs, uniqueName('q'), { maxReceives, visibilityTimeoutSeconds });
    created.push(queues.queueUrl, queues.deadLetterQueueUrl);
    return { ...queues, queue: new SqsQueue({ queueUrl: queues.queueUrl, client: sqs }) };
  }

  it('creates the queue with a redrive policy to its dead-letter queue', async () => {
    const queues = await fresh(4, 45);
    const attributes = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queues.queueUrl,
        AttributeNames: ['RedrivePolicy', 'VisibilityTimeout'],
      }),
    );
    expect(attributes.Attributes?.VisibilityTimeout).toBe('45');
    expect(JSON.parse(attributes.Attributes?.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: queues.deadLetterQueueArn,
      maxReceiveCount: 4,
    });
    expect(queues.deadLetterQueueUrl.endsWith(`${queues.queueUrl.split('/').pop()}-dlq`)).toBe(true);
  });

  it('sends ten messages in one request and delivers each once, on its first delivery', async () => {
    const { queue } = await fresh();
    const before = requests.get('SendMessageBatchCommand') ?? 0;
    const frames = Array.from({ length: 10 }, (_, i) => `root/1.0.${i}`);
    await queue.send(frames.map((f) => run(f)));
    expect((requests.get('SendMessageBatchCommand') ?? 0) - before).toBe(1);
    const received = await receiveAll(queue, 10);
    expect(received.map((m) => (parseStepMessage(m.body) as { frameId: string }).frameId).sort()).toEqual(
      [...frames].sort(),
    );
    expect(received.every((m) => m.receiveCount === 1)).toBe(true);
    expect(new Set(received.map((m) => m.messageId)).size).toBe(10);
  });

  it('splits 25 messages into three batch requests', async () => {
    const { queue } = await fresh();
    const before = requests.get('SendMessageBatchCommand') ?? 0;
    await queue.send(Array.from({ length: 25 }, (_, i) => run(`root/2.0.${i}`)));
    expect((requests.get('SendMessageBatchCommand') ?? 0) - before).toBe(3);
    expect(await receiveAll(queue, 25)).toHaveLength(25);
  });

  it('refuses a delay beyond 900 seconds or not a whole number before sending anything', async () => {
    const { queue } = await fresh();
    const before = requests.get('SendMessageBatchCommand') ?? 0;
    await expect(queue.send([run('a', 901)])).rejects.toThrow(RangeError);
    await expect(queue.send([run('a', 1.5)])).rejects.toThrow(RangeError);
    expect(requests.get('SendMessageBatchCommand') ?? 0).toBe(before);
  });

  it('counts deliveries and moves the message to the dead-letter queue after maxReceives', async () => {
    const { queue, deadLetterQueueUrl } = await fresh(2, 1);
    await queue.send([run('poison')]);
    const [first] = await receiveAll(queue, 1);
    await pause(1_200);
    const [second] = await receiveAll(queue, 1);
    expect([first?.receiveCount, second?.receiveCount]).toEqual([1, 2]);
    expect(second?.messageId).toBe(first?.messageId);
    await pause(1_200);
    expect(await queue.receive({ maxMessages: 10, waitSeconds: 1 })).toEqual([]);
    const [dead] = await receive(sqs, deadLetterQueueUrl, { waitTimeSeconds: 2 });
    expect(parseStepMessage(dead?.Body ?? '')).toEqual(run('poison').body);
  });

  it('makes a message visible again when its visibility is set to 0, and forgets it once acknowledged', async () => {
    const { queue } = await fresh();
    await queue.send([run('again')]);
    const [first] = await receiveAll(queue, 1);
    await queue.extendVisibility(first?.receipt ?? '', 0);
    const [second] = await receiveAll(queue, 1);
    expect(second?.receiveCount).toBe(2);
    await queue.ack(second?.receipt ?? '');
    await queue.extendVisibility(second?.receipt ?? '', 0).catch(() => undefined);
    expect(await queue.receive({ maxMessages: 10, waitSeconds: 1 })).toEqual([]);
  });
});

/** A loopback SQS (JSON protocol) whose SendMessageBatch fails the entries `fail` picks. */
async function failingSqs(fail: (attempt: number, id: string) => { code: string; senderFault: boolean } | undefined) {
  const batches: string[][] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const input = JSON.parse(Buffer.concat(chunks).toString()) as { Entries: { Id: string; MessageBody: string }[] };
      const attempt = batches.length + 1;
      batches.push(input.Entries.map((e) => e.Id));
      const Successful: unknown[] = [];
      const Failed: unknown[] = [];
      for (const entry of input.Entries) {
        const failure = fail(attempt, entry.Id);
        if (failure === undefined) {
          Successful.push({
            Id: entry.Id,
            MessageId: randomUUID(),
            MD5OfMessageBody: createHash('md5').update(entry.MessageBody).digest('hex'),
          });
        } else {
          Failed.push({
            Id: entry.Id,
            Code: failure.code,
            Message: `${failure.code} for the test`,
            SenderFault: failure.senderFault,
          });
        }
      }
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-RequestId': randomUUID() });
      res.end(JSON.stringify({ Successful, Failed }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new SQSClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  return {
    batches,
    queue: new SqsQueue({ queueUrl: `${url}/123456789012/steps`, client }),
    close: () => {
      client.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('SqsQueue batch failures', () => {
  it('resends only the entries SQS failed on its side, until they go', async () => {
    const fake = await failingSqs((attempt, id) =>
      attempt === 1 && (id === '3' || id === '7') ? { code: 'InternalError', senderFault: false } : undefined,
    );
    await fake.queue.send(Array.from({ length: 10 }, (_, i) => run(`f${i}`)));
    expect(fake.batches).toEqual([
      ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      ['3', '7'],
    ]);
    await fake.close();
  });

  it('fails loudly, without retrying, when SQS refuses an entry as the sender fault', async () => {
    const fake = await failingSqs((_attempt, id) =>
      id === '1' ? { code: 'InvalidMessageContents', senderFault: true } : undefined,
    );
    const error = await fake.queue.send([run('a'), run('b')]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(QueueSendError);
    expect((error as QueueSendError).failures).toEqual([
      { code: 'InvalidMessageContents', message: 'InvalidMessageContents for the test', senderFault: true },
    ]);
    expect(fake.batches).toHaveLength(1);
    await fake.close();
  });

  it('fails loudly after the last attempt when an entry keeps failing', async () => {
    const fake = await failingSqs((_attempt, id) =>
      id === '0' ? { code: 'InternalError', senderFault: false } : undefined,
    );
    await expect(fake.queue.send([run('a')])).rejects.toThrow(QueueSendError);
    expect(fake.batches).toHaveLength(4);
    await fake.close();
  });
});
