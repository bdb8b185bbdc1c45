/**
 * Service integrations end to end on the AWS path: workflows started on a DynamoDB store and an SQS
 * step queue, advanced by the real worker handler (`functions/worker.ts`, fed SQS events built from
 * the messages received from the step queue), whose tasks call the emulators' DynamoDB, SNS, SQS,
 * EventBridge and S3 through the optimised integrations and `aws-sdk:*`, and a `.waitForTaskToken`
 * task answered by reading its token from an SQS queue. The standard SDK configuration decides where
 * every call goes: this test only names the emulator for SNS, EventBridge and S3 (moto serves them
 * beside SQS).
 */
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageBatchCommand, DeleteQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsRuntimeFromEnv } from '../../src/aws/config.js';
import { createDynamoTable } from '../../src/aws/dynamo-table.js';
import { createQueues } from '../../src/aws/sqs-setup.js';
import {
  describeExecution,
  getExecutionHistory,
  sendTaskSuccess,
  startExecution,
} from '../../src/runtime/lifecycle.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { emulatorsConfigured, receive, uniqueName } from './helpers.js';
import { type Handler, lambdaContext, sqsRecord } from './lambda-events.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';

describe.skipIf(!emulatorsConfigured)('service integrations through the worker handler on the emulators', () => {
  const saved: Record<string, string | undefined> = {};
  const names = {
    store: uniqueName('integ-store'),
    table: uniqueName('integ-orders'),
    topic: uniqueName('integ-topic'),
    outbox: uniqueName('integ-outbox'),
    callbacks: uniqueName('integ-callbacks'),
    bucket: uniqueName('integ-bucket'),
  };
  let dynamodb: DynamoDBClient;
  let sqs: SQSClient;
  let s3: S3Client;
  let runtime: Runtime;
  let worker: Handler<SQSEvent, { batchItemFailures: { itemIdentifier: string }[] }>;
  let stepQueueUrl = '';
  let queueUrls: string[] = [];
  let topicArn = '';
  let outboxUrl = '';
  let callbacksUrl = '';

  beforeAll(async () => {
    // moto serves SNS, EventBridge and S3 on the endpoint it serves SQS on (LocalStack: all of them).
    const moto = process.env.AWS_ENDPOINT_URL_SQS ?? '';
    const env: Record<string, string> = {
      AWS_ENDPOINT_URL_SNS: process.env.AWS_ENDPOINT_URL_SNS ?? moto,
      AWS_ENDPOINT_URL_EVENTBRIDGE: process.env.AWS_ENDPOINT_URL_EVENTBRIDGE ?? moto,
      AWS_ENDPOINT_URL_S3: process.env.AWS_ENDPOINT_URL_S3 ?? moto,
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    };
    dynamodb = new DynamoDBClient({});
    sqs = new SQSClient({});
    s3 = new S3Client({ endpoint: env.AWS_ENDPOINT_URL_S3, forcePathStyle: true });
    await createDynamoTable(dynamodb, names.store);
    const queues = await createQueues(sqs, names.store, { maxReceives: 5 });
    stepQueueUrl = queues.queueUrl;
    await dynamodb.send(
      new CreateTableCommand({
        TableName: names.table,
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    outboxUrl = (await sqs.send(new CreateQueueCommand({ QueueName: names.outbox }))).QueueUrl ?? '';
    callbacksUrl = (await sqs.send(new CreateQueueCommand({ QueueName: names.callbacks }))).QueueUrl ?? '';
    queueUrls = [queues.queueUrl, queues.deadLetterQueueUrl, outboxUrl, callbacksUrl];
    topicArn = (
      await new SNSClient({ endpoint: env.AWS_ENDPOINT_URL_SNS }).send(new CreateTopicCommand({ Name: names.topic }))
    ).TopicArn as string;
    await s3.send(new CreateBucketCommand({ Bucket: names.bucket }));
    Object.assign(env, {
      STEPSTONE_TABLE: names.store,
      STEPSTONE_QUEUE_URL: stepQueueUrl,
      STEPSTONE_MAX_RECEIVES: '5',
    });
    for (const [name, value] of Object.entries(env)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    runtime = awsRuntimeFromEnv();
    // The worker module builds its runtime from the environment when first imported.
    worker = (await import('../../functions/worker.js')).handler;
  });

  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    for (const table of [names.store, names.table]) await dynamodb.send(new DeleteTableCommand({ TableName: table }));
    for (const url of queueUrls) await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    dynamodb.destroy();
    sqs.destroy();
    s3.destroy();
  });

  /** Starts an execution of `definition` and hands step messages to the worker until it ends. */
  async function run(definition: object, input: unknown, onIdle?: () => Promise<void>) {
    const name = uniqueName('exec');
    const { executionArn } = await startExecution(
      runtime,
      {
        stateMachineArn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:Integrations`,
        definition: JSON.stringify(definition),
      },
      { name, input: JSON.stringify(input) },
    );
    const queueArn = `arn:aws:sqs:${REGION}:${ACCOUNT}:${stepQueueUrl.split('/').pop() ?? ''}`;
    for (let round = 0; round < 120; round++) {
      const described = await describeExecution(runtime, executionArn);
      if (described.status !== 'RUNNING') {
        const { events } = await getExecutionHistory(runtime, executionArn, { maxResults: 1000 });
        return { ...described, events };
      }
      const messages = await receive(sqs, stepQueueUrl, { waitTimeSeconds: 1 });
      if (messages.length === 0) {
        await onIdle?.();
        continue;
      }
      const event: SQSEvent = { Records: messages.map((m) => sqsRecord(m, queueArn)) };
      const { batchItemFailures } = await worker(event, lambdaContext('stepstone-worker'));
      const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
      const entries = messages
        .filter((m) => !failed.has(m.MessageId ?? ''))
        .map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' }));
      if (entries.length > 0)
        await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: stepQueueUrl, Entries: entries }));
    }
    throw new Error(`${executionArn} still RUNNING after 120 rounds`);
  }

  it('runs DynamoDB, SNS, SQS, EventBridge and aws-sdk:s3 tasks and passes their results on', async () => {
    const definition = {
      StartAt: 'SaveOrder',
      States: {
        SaveOrder: {
          Type: 'Task',
          Resource: 'arn:aws:states:::dynamodb:putItem',
          Parameters: {
            TableName: names.table,
            Item: { id: { 'S.$': '$.orderId' }, total: { 'N.$': "States.Format('{}', $.total)" } },
          },
          ResultPath: null,
          Next: 'ReadOrder',
        },
        ReadOrder: {
          Type: 'Task',
          Resource: 'arn:aws:states:::dynamodb:getItem',
          Parameters: { TableName: names.table, Key: { id: { 'S.$': '$.orderId' } } },
          ResultSelector: { 'total.$': '$.Item.total.N', 'status.$': '$.SdkHttpMetadata.HttpStatusCode' },
          ResultPath: '$.read',
          Next: 'Announce',
        },
        Announce: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sns:publish',
          Parameters: { TopicArn: topicArn, 'Message.$': '$.read' },
          ResultSelector: { 'messageId.$': '$.MessageId' },
          ResultPath: '$.announced',
          Next: 'Enqueue',
        },
        Enqueue: {
          Type: 'Task',
          Resource: `arn:aws:states:${REGION}::sqs:sendMessage`,
          Parameters: { QueueUrl: outboxUrl, 'MessageBody.$': '$.read' },
          ResultSelector: { 'md5.$': '$.MD5OfMessageBody' },
          ResultPath: '$.enqueued',
          Next: 'Publish',
        },
        Publish: {
          Type: 'Task',
          Resource: 'arn:aws:states:::events:putEvents',
          Parameters: { Entries: [{ Source: 'stepstone.test', DetailType: 'OrderRead', 'Detail.$': '$.read' }] },
          ResultPath: '$.published',
          Next: 'Archive',
        },
        Archive: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:s3:putObject',
          Parameters: { Bucket: names.bucket, 'Key.$': "States.Format('{}.json', $.orderId)", 'Body.$': '$.read' },
          ResultPath: null,
          Next: 'Reread',
        },
        Reread: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:s3:getObject',
          Parameters: { Bucket: names.bucket, 'Key.$': "States.Format('{}.json', $.orderId)" },
          ResultSelector: { 'body.$': 'States.StringToJson($.Body)' },
          ResultPath: '$.archived',
          End: true,
        },
      },
    };
    const result = await run(definition, { orderId: 'o-1', total: 42 });
    expect(result.status).toBe('SUCCEEDED');
    const output = JSON.parse(result.output ?? 'null');
    expect(output.read).toEqual({ total: '42', status: 200 });
    expect(output.announced.messageId).toMatch(/\S/);
    expect(output.enqueued.md5).toMatch(/^[0-9a-f]{32}$/);
    expect(output.published).toMatchObject({ FailedEntryCount: 0, Entries: [{ EventId: expect.any(String) }] });
    expect(output.archived).toEqual({ body: { total: '42', status: 200 } });
    // What the tasks did is there to read.
    const item = await dynamodb.send(new GetItemCommand({ TableName: names.table, Key: { id: { S: 'o-1' } } }));
    expect(item.Item?.total).toEqual({ N: '42' });
    const [queued] = await receive(sqs, outboxUrl);
    expect(JSON.parse(queued?.Body ?? 'null')).toEqual({ total: '42', status: 200 });
    const object = await s3.send(new GetObjectCommand({ Bucket: names.bucket, Key: 'o-1.json' }));
    expect(JSON.parse((await object.Body?.transformToString()) ?? 'null')).toEqual({ total: '42', status: 200 });
    expect(result.events.filter((e) => e.type === 'TaskScheduled').map((e) => e.taskScheduledEventDetails)).toEqual(
      expect.arrayContaining([expect.objectContaining({ resourceType: 'aws-sdk:s3', resource: 'getObject' })]),
    );
  });

  it('fails a conditional put with DynamoDB.ConditionalCheckFailedException, which Catch matches', async () => {
    const put = (next: string) => ({
      Type: 'Task',
      Resource: 'arn:aws:states:::dynamodb:putItem',
      Parameters: {
        TableName: names.table,
        Item: { id: { S: 'o-dup' } },
        ConditionExpression: 'attribute_not_exists(id)',
      },
      ResultPath: null,
      Next: next,
    });
    const result = await run(
      {
        StartAt: 'First',
        States: {
          First: put('Second'),
          Second: {
            ...put('Done'),
            Catch: [{ ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'], ResultPath: '$.error', Next: 'Done' }],
          },
          Done: { Type: 'Pass', End: true },
        },
      },
      {},
    );
    expect(result.status).toBe('SUCCEEDED');
    const error = JSON.parse(result.output ?? 'null').error;
    expect(error.Error).toBe('DynamoDB.ConditionalCheckFailedException');
    expect(error.Cause).toMatch(
      /\(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException; Request ID: .*; Proxy: null\)$/,
    );
  });

  it('sends $$.Task.Token through SQS and resumes with the output a callback sends for it', async () => {
    const definition = {
      StartAt: 'AskApproval',
      States: {
        AskApproval: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          Parameters: { QueueUrl: callbacksUrl, MessageBody: { 'expense.$': '$.expense', 'token.$': '$$.Task.Token' } },
          TimeoutSeconds: 300,
          End: true,
        },
      },
    };
    let answered = false;
    const result = await run(definition, { expense: 'e-7' }, async () => {
      if (answered) return;
      for (const message of await receive(sqs, callbacksUrl)) {
        const body = JSON.parse(message.Body ?? '{}') as { expense: string; token: string };
        await sendTaskSuccess(runtime, body.token, JSON.stringify({ approved: true, expense: body.expense }));
        answered = true;
      }
    });
    expect(answered).toBe(true);
    expect(result.status).toBe('SUCCEEDED');
    expect(JSON.parse(result.output ?? 'null')).toEqual({ approved: true, expense: 'e-7' });
    expect(result.events.map((e) => e.type)).toContain('TaskSubmitted');
  });

  it('fails an unsupported integration with States.Runtime naming it, not as a missing Lambda function', async () => {
    const result = await run(
      { StartAt: 'Scan', States: { Scan: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:scan', End: true } } },
      {},
    );
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.Runtime');
    expect(result.cause).toContain("the dynamodb integration has no action 'scan'");
  });
});
