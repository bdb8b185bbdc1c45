/**
 * Smoke tests over real connections: the DynamoDB, SQS and Lambda behaviour the AWS adapters rely
 * on, checked against whatever the global setup found or started (moto, or LocalStack). Every client is built with no options, so these also prove that the standard SDK
 * configuration (`AWS_ENDPOINT_URL_<SERVICE>`, `AWS_REGION`, credentials) reaches the emulators.
 * Where an emulator deviates from AWS, the test says so and docs/emulators.md lists it.
 */
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  PutItemCommand,
  TransactionCanceledException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  InvokeCommand,
  LambdaClient,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaRole, emulatorName, emulatorsConfigured, pause, receive, uniqueName } from './helpers.js';
import { zip } from './zip.js';

describe.skipIf(!emulatorsConfigured)(`DynamoDB on ${emulatorName}`, () => {
  const client = new DynamoDBClient({});
  const documents = DynamoDBDocumentClient.from(client);
  const table = uniqueName('frames');

  beforeAll(async () => {
    await client.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'N' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
  });

  afterAll(async () => {
    await client.send(new DeleteTableCommand({ TableName: table }));
    client.destroy();
  });

  it('lists the new table when the client has no endpoint option (AWS_ENDPOINT_URL_DYNAMODB)', async () => {
    const response = await client.send(new ListTablesCommand({}));
    expect(response.TableNames).toContain(table);
  });

  it('rejects the second attribute_not_exists put with ConditionalCheckFailedException when the key exists', async () => {
    const put = (state: string) =>
      client.send(
        new PutItemCommand({
          TableName: table,
          Item: { pk: { S: 'exec-1#frame-0' }, sk: { N: '1' }, state: { S: state } },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    await put('first');
    const error = await put('second').then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
    // ReturnValuesOnConditionCheckFailure: the loser learns what the winner wrote without a read.
    // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html
    expect((error as ConditionalCheckFailedException).Item).toEqual({
      pk: { S: 'exec-1#frame-0' },
      sk: { N: '1' },
      state: { S: 'first' },
    });
    const stored = await documents.send(new GetCommand({ TableName: table, Key: { pk: 'exec-1#frame-0', sk: 1 } }));
    expect(stored.Item).toEqual({ pk: 'exec-1#frame-0', sk: 1, state: 'first' });
  });

  it('returns only the newest version when a consistent query reads newest first with limit 1', async () => {
    for (const version of [3, 1, 5, 2, 4]) {
      await documents.send(new PutCommand({ TableName: table, Item: { pk: 'exec-2#frame-0', sk: version } }));
    }
    const response = await documents.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'exec-2#frame-0' },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    expect(response.Items).toEqual([{ pk: 'exec-2#frame-0', sk: 5 }]);
    expect(response.LastEvaluatedKey).toEqual({ pk: 'exec-2#frame-0', sk: 5 });
  });

  it('keeps one copy of a member when ADD puts the same string into a set twice', async () => {
    const add = (member: string) =>
      documents.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: 'exec-3#join', sk: 0 },
          UpdateExpression: 'ADD done :member',
          ExpressionAttributeValues: { ':member': new Set([member]) },
          ReturnValues: 'ALL_NEW',
        }),
      );
    await add('branch-0');
    const again = await add('branch-0');
    expect(again.Attributes?.done).toEqual(new Set(['branch-0']));
    const more = await add('branch-1');
    expect(more.Attributes?.done).toEqual(new Set(['branch-0', 'branch-1']));
  });

  it('undoes the earlier writes of a transaction, updates included, when a later condition fails', async () => {
    await documents.send(new PutCommand({ TableName: table, Item: { pk: 'exec-5', sk: 1, n: 1 } }));
    await documents.send(new PutCommand({ TableName: table, Item: { pk: 'exec-5', sk: 9, n: 9 } }));
    const transaction = documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table,
              Key: { pk: 'exec-5', sk: 1 },
              UpdateExpression: 'SET n = :two',
              ExpressionAttributeValues: { ':two': 2 },
            },
          },
          { Put: { TableName: table, Item: { pk: 'exec-5', sk: 2, n: 2 } } },
          { Delete: { TableName: table, Key: { pk: 'exec-5', sk: 9 } } },
          {
            ConditionCheck: {
              TableName: table,
              Key: { pk: 'exec-5', sk: 3 },
              ConditionExpression: 'attribute_exists(pk)',
            },
          },
        ],
      }),
    );
    await expect(transaction).rejects.toBeInstanceOf(TransactionCanceledException);
    const after = await documents.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'exec-5' },
        ConsistentRead: true,
      }),
    );
    expect(after.Items).toEqual([
      { pk: 'exec-5', sk: 1, n: 1 },
      { pk: 'exec-5', sk: 9, n: 9 },
    ]);
  });

  it('reports TTL enabled on the named attribute when UpdateTimeToLive turns it on', async () => {
    const update = await client.send(
      new UpdateTimeToLiveCommand({
        TableName: table,
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      }),
    );
    expect(update.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    const described = await client.send(new DescribeTimeToLiveCommand({ TableName: table }));
    expect(described.TimeToLiveDescription).toEqual({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });
    // An item whose TTL lies in the past stays readable until the background sweep deletes it
    // (AWS: "typically within a few days"); a strongly consistent read returns it right away.
    // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html
    const expiresAt = Math.floor(Date.now() / 1000) - 60;
    await documents.send(new PutCommand({ TableName: table, Item: { pk: 'exec-4', sk: 0, expiresAt } }));
    const read = await documents.send(
      new GetCommand({ TableName: table, Key: { pk: 'exec-4', sk: 0 }, ConsistentRead: true }),
    );
    expect(read.Item).toEqual({ pk: 'exec-4', sk: 0, expiresAt });
  });
});

describe.skipIf(!emulatorsConfigured)(`SQS on ${emulatorName}`, () => {
  const sqs = new SQSClient({});
  const created: string[] = [];

  /** Creates a queue with `attributes` and returns its URL and ARN. */
  async function createQueue(purpose: string, attributes: Record<string, string> = {}) {
    const response = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName(purpose), Attributes: attributes }));
    const url = response.QueueUrl;
    if (url === undefined) throw new Error('CreateQueue returned no QueueUrl');
    created.push(url);
    const described = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
    const arn = described.Attributes?.QueueArn;
    if (arn === undefined) throw new Error('GetQueueAttributes returned no QueueArn');
    return { url, arn };
  }

  /** A step queue whose messages go to a fresh dead-letter queue after `maxReceiveCount` receives. */
  async function createQueueWithDlq(maxReceiveCount: number, visibilityTimeout = 30) {
    const dlq = await createQueue('dlq');
    const queue = await createQueue('steps', {
      VisibilityTimeout: String(visibilityTimeout),
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount }),
    });
    return { queue, dlq };
  }

  afterAll(async () => {
    for (const url of created) await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    sqs.destroy();
  });

  it('stores the redrive policy when a standard queue names a dead-letter queue', async () => {
    const { queue, dlq } = await createQueueWithDlq(3, 45);
    const response = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['RedrivePolicy', 'VisibilityTimeout'] }),
    );
    expect(response.Attributes?.VisibilityTimeout).toBe('45');
    expect(JSON.parse(response.Attributes?.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: dlq.arn,
      maxReceiveCount: 3,
    });
  });

  it('hides a message until its DelaySeconds have passed when it is sent with a delay', async () => {
    const { url } = await createQueue('delay');
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'later', DelaySeconds: 2 }));
    expect(await receive(sqs, url)).toEqual([]);
    const messages = await receive(sqs, url, { waitTimeSeconds: 5 });
    expect(messages.map((message) => message.Body)).toEqual(['later']);
  });

  it('returns a message sent during a long poll when ReceiveMessage waits with WaitTimeSeconds', async () => {
    const { url } = await createQueue('long-poll');
    const polling = receive(sqs, url, { waitTimeSeconds: 10 });
    await pause(500);
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'wake up' }));
    const messages = await polling;
    expect(messages.map((message) => message.Body)).toEqual(['wake up']);
  });

  it('answers DynamoDB calls while a long poll on an empty queue is waiting', async () => {
    // moto's DynamoDB requests are serialised (scripts/emulators/moto_server.py); SQS must not be.
    const { url } = await createQueue('idle');
    const dynamodb = new DynamoDBClient({});
    const finished: string[] = [];
    const polling = receive(sqs, url, { waitTimeSeconds: 3 }).then((messages) => {
      finished.push('long poll');
      return messages;
    });
    await pause(300);
    for (let i = 0; i < 5; i++) await dynamodb.send(new ListTablesCommand({ Limit: 1 }));
    finished.push('5 DynamoDB calls');
    expect(await polling).toEqual([]);
    expect(finished).toEqual(['5 DynamoDB calls', 'long poll']);
    dynamodb.destroy();
  });

  it('redelivers the message with the same MessageId and a new receipt handle when its visibility timeout expires', async () => {
    const { url } = await createQueue('redelivery');
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'step' }));
    const [first] = await receive(sqs, url, { visibilityTimeout: 1 });
    expect(first?.MessageId).toBe(sent.MessageId);
    expect(first?.Attributes?.ApproximateReceiveCount).toBe('1');
    expect(await receive(sqs, url)).toEqual([]);
    await pause(1_500);
    const [second] = await receive(sqs, url, { waitTimeSeconds: 5 });
    expect(second?.MessageId).toBe(sent.MessageId);
    expect(second?.ReceiptHandle).not.toBe(first?.ReceiptHandle);
    expect(second?.Attributes?.ApproximateReceiveCount).toBe('2');
  });

  it('makes a message visible again at once when ChangeMessageVisibility sets its timeout to 0', async () => {
    const { url } = await createQueue('change-visibility');
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'retry me' }));
    const [first] = await receive(sqs, url, { visibilityTimeout: 60 });
    expect(await receive(sqs, url)).toEqual([]);
    await sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: first?.ReceiptHandle, VisibilityTimeout: 0 }),
    );
    const [again] = await receive(sqs, url);
    expect(again?.Body).toBe('retry me');
    expect(again?.MessageId).toBe(first?.MessageId);
  });

  it('moves a message to the dead-letter queue when it is received more than maxReceiveCount times', async () => {
    const { queue, dlq } = await createQueueWithDlq(2);
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'poison' }));
    const counts: string[] = [];
    for (let receiveNumber = 1; receiveNumber <= 2; receiveNumber++) {
      const [message] = await receive(sqs, queue.url, { visibilityTimeout: 0 });
      counts.push(message?.Attributes?.ApproximateReceiveCount ?? 'none');
    }
    expect(counts).toEqual(['1', '2']);
    // The third receive exceeds maxReceiveCount: SQS moves the message instead of delivering it.
    // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
    expect(await receive(sqs, queue.url)).toEqual([]);
    const [dead] = await receive(sqs, dlq.url, { waitTimeSeconds: 2 });
    expect(dead?.Body).toBe('poison');
    // "moves the message to the associated DLQ (with its original message ID)"
    // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-dead-letter-queue.html
    expect(dead?.MessageId).toBe(sent.MessageId);
  });

  it('accepts ten entries in one SendMessageBatch and delivers all ten', async () => {
    const { url } = await createQueue('batch');
    const bodies = Array.from({ length: 10 }, (_, index) => `message-${index}`);
    const response = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: bodies.map((body, index) => ({ Id: `e${index}`, MessageBody: body })),
      }),
    );
    expect(response.Successful?.map((entry) => entry.Id).sort()).toEqual(bodies.map((_, index) => `e${index}`).sort());
    expect(response.Failed ?? []).toEqual([]);
    const received: string[] = [];
    for (let call = 0; call < 10 && received.length < 10; call++) {
      for (const message of await receive(sqs, url, { waitTimeSeconds: 1 })) {
        received.push(message.Body ?? '');
        await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
      }
    }
    expect(received.sort()).toEqual([...bodies].sort());
  });

  it('rejects an eleventh entry with TooManyEntriesInBatchRequest when a batch holds more than ten', async () => {
    const { url } = await createQueue('batch-limit');
    const entries = Array.from({ length: 11 }, (_, index) => ({ Id: `e${index}`, MessageBody: 'x' }));
    await expect(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }))).rejects.toMatchObject({
      name: 'TooManyEntriesInBatchRequest',
    });
  });
});

describe.skipIf(!emulatorsConfigured)(`Lambda on ${emulatorName}`, () => {
  const lambda = new LambdaClient({});
  const functionName = uniqueName('echo');

  afterAll(async () => {
    await lambda.send(new DeleteFunctionCommand({ FunctionName: functionName })).catch(() => undefined);
    lambda.destroy();
  });

  it('returns the event as the payload when an echo function is invoked', async () => {
    const role = await createLambdaRole(process.env.AWS_ENDPOINT_URL_LAMBDA ?? '', uniqueName('role'));
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: functionName,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: role,
        Code: { ZipFile: zip({ 'index.js': 'exports.handler = async (event) => event;\n' }) },
      }),
    );
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 60 }, { FunctionName: functionName });
    const event = { orderId: 'o-1', items: [1, 2] };
    const response = await lambda.send(
      new InvokeCommand({ FunctionName: functionName, Payload: new TextEncoder().encode(JSON.stringify(event)) }),
    );
    expect(response.StatusCode).toBe(200);
    expect(response.FunctionError).toBeUndefined();
    // moto (no Docker) does not run the code: its Lambda returns the request payload as the result,
    // which is what this echo function returns on AWS, so one assertion holds for both.
    expect(JSON.parse(new TextDecoder().decode(response.Payload))).toEqual(event);
  });
});
