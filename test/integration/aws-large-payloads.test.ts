/**
 * Payloads over 256 KiB on the AWS code path: a runtime built by `awsRuntimeFromEnv` on the
 * emulator's DynamoDB, SQS and S3, with and without a payload bucket, its Lambda tasks behind a
 * loopback endpoint. With the bucket, a 5 MiB payload flows through Task, Map and Parallel states and
 * every DynamoDB item stays within the offload threshold; without it, AWS's limit and errors hold.
 * The store writes an object before the item that names it: a failed write leaves no item.
 */
import { DeleteTableCommand, DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DeleteQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemSize } from '../../src/aws/codec.js';
import { awsRuntimeFromEnv } from '../../src/aws/config.js';
import { DynamoStore } from '../../src/aws/dynamo-store.js';
import { createDynamoTable } from '../../src/aws/dynamo-table.js';
import { S3PayloadStore } from '../../src/aws/s3-payloads.js';
import { createQueues } from '../../src/aws/sqs-setup.js';
import type { HistoryEvent } from '../../src/engine/types.js';
import { describeExecution, getExecutionHistory, startExecution } from '../../src/runtime/lifecycle.js';
import type { FrameRecord } from '../../src/runtime/ports.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import {
  expectedLargePayloadOutput,
  FIVE_MIB,
  LARGE_PAYLOAD_FLOW,
  largePayloadHandlers,
  largePayloadInput,
  randomText,
} from '../support/large-payload.js';
import { type FunctionHandler, type LambdaEndpoint, startLambdaEndpoint } from './aws-lambda-endpoint.js';
import { driveToEnd, emulatorName, emulatorsConfigured, uniqueName } from './helpers.js';

const STATE_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:LargePayloads';
const definition = JSON.stringify(LARGE_PAYLOAD_FLOW);
const s3Endpoint = process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL_SQS ?? '';

/** Every event of the history, page after page. */
async function wholeHistory(runtime: Runtime, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await getExecutionHistory(runtime, executionArn, { maxResults: 1000, nextToken });
    events.push(...page.events);
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return events;
}

describe.skipIf(!emulatorsConfigured)(`payloads over 256 KiB on ${emulatorName}`, () => {
  const dynamodb = new DynamoDBClient({});
  const sqs = new SQSClient({});
  const s3 = new S3Client({ endpoint: s3Endpoint, forcePathStyle: true });
  const tableName = uniqueName('payloads');
  const bucket = uniqueName('payloads');
  const blob = randomText(FIVE_MIB);
  const saved: Record<string, string | undefined> = {};
  let queueUrls: string[] = [];
  let endpoint: LambdaEndpoint;
  let offloading: Runtime;
  let limited: Runtime;

  beforeAll(async () => {
    const functions: Record<string, FunctionHandler> = {
      ...largePayloadHandlers,
      // Answers with the payload itself: over the limit when large payloads are off.
      Grow: () => ({ blob }),
    };
    endpoint = await startLambdaEndpoint(functions);
    saved.AWS_ENDPOINT_URL_LAMBDA = process.env.AWS_ENDPOINT_URL_LAMBDA;
    process.env.AWS_ENDPOINT_URL_LAMBDA = endpoint.url;
    await createDynamoTable(dynamodb, tableName);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const withBucket = await createQueues(sqs, uniqueName('payloads'), { maxReceives: 5 });
    const without = await createQueues(sqs, uniqueName('limited'), { maxReceives: 5 });
    queueUrls = [withBucket.queueUrl, withBucket.deadLetterQueueUrl, without.queueUrl, without.deadLetterQueueUrl];
    offloading = awsRuntimeFromEnv({
      clients: { dynamodb, sqs, s3 },
      env: { STEPSTONE_TABLE: tableName, STEPSTONE_QUEUE_URL: withBucket.queueUrl, STEPSTONE_PAYLOAD_BUCKET: bucket },
    });
    limited = awsRuntimeFromEnv({
      clients: { dynamodb, sqs },
      env: { STEPSTONE_TABLE: tableName, STEPSTONE_QUEUE_URL: without.queueUrl },
    });
  });

  afterAll(async () => {
    if (saved.AWS_ENDPOINT_URL_LAMBDA === undefined) delete process.env.AWS_ENDPOINT_URL_LAMBDA;
    else process.env.AWS_ENDPOINT_URL_LAMBDA = saved.AWS_ENDPOINT_URL_LAMBDA;
    await dynamodb.send(new DeleteTableCommand({ TableName: tableName }));
    for (const url of queueUrls) await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    await endpoint?.close();
    dynamodb.destroy();
    sqs.destroy();
    s3.destroy();
  });

  it('carries a 5 MiB payload through Task, Map and Parallel states with a payload bucket', async () => {
    const { executionArn } = await startExecution(
      offloading,
      { stateMachineArn: STATE_MACHINE, definition },
      { name: uniqueName('flow'), input: JSON.stringify(largePayloadInput(blob)) },
    );
    await driveToEnd(offloading, executionArn);
    const described = await describeExecution(offloading, executionArn);
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output ?? 'null')).toEqual(expectedLargePayloadOutput(blob));
    expect(JSON.parse(described.input).blob).toBe(blob);

    // The history reads back the real payloads.
    const events = await wholeHistory(offloading, executionArn);
    const entered = events.find((e) => e.type === 'TaskStateEntered') as HistoryEvent & {
      stateEnteredEventDetails: { input: string };
    };
    expect(JSON.parse(entered.stateEnteredEventDetails.input).blob).toBe(blob);
    expect(events.at(-1)?.type).toBe('ExecutionSucceeded');

    // Every item of the execution fits the threshold; the large ones name objects of the bucket.
    const items = await dynamodb.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: `EXEC#${executionArn}` } },
      }),
    );
    const sizes = (items.Items ?? []).map((item) =>
      itemSize(
        Object.fromEntries(Object.entries(item).map(([k, v]) => [k, v.S ?? (v.N === undefined ? v.B : Number(v.N))])),
      ),
    );
    expect(Math.max(...sizes)).toBeLessThanOrEqual(262_144);
    const refs = (items.Items ?? []).flatMap((item) =>
      Object.entries(item)
        .filter(([name]) => name.endsWith('Ref'))
        .map(([name, value]) => ({ name, key: value.S })),
    );
    // Frame records, the execution's input, the Parallel branches' results.
    expect(new Set(refs.map((ref) => ref.name))).toEqual(new Set(['bodyRef', 'infoRef', 'resultRef']));
    const objects = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'payloads/' }));
    const keys = new Set((objects.Contents ?? []).map((o) => o.Key));
    for (const ref of refs) expect(keys.has(`payloads/${ref.key}`)).toBe(true);
  }, 240_000);

  it('refuses a 5 MiB input with InvalidExecutionInput without a payload bucket, as AWS does', async () => {
    await expect(
      startExecution(
        limited,
        { stateMachineArn: STATE_MACHINE, definition },
        { name: uniqueName('refused'), input: JSON.stringify(largePayloadInput(blob)) },
      ),
    ).rejects.toMatchObject({
      name: 'InvalidExecutionInput',
      message: 'Invalid State Machine Execution Input: the input exceeds the 262144-byte limit',
    });
  });

  it('fails with States.DataLimitExceeded when a task returns 5 MiB without a payload bucket', async () => {
    const grow = {
      StartAt: 'Grow',
      States: { Grow: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Grow', End: true } },
    };
    const { executionArn } = await startExecution(
      limited,
      { stateMachineArn: STATE_MACHINE, definition: JSON.stringify(grow) },
      { name: uniqueName('grow') },
    );
    await driveToEnd(limited, executionArn);
    const described = await describeExecution(limited, executionArn);
    expect(described).toMatchObject({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause:
        "The state/task 'arn:aws:lambda:us-east-1:123456789012:function:Grow' returned a result with a size exceeding the maximum number of bytes service limit.",
    });
  }, 60_000);

  it('writes no item when the object it would name could not be written', async () => {
    const failing = new DynamoStore({
      tableName,
      client: dynamodb,
      payloads: {
        store: {
          put: async () => {
            throw new Error('S3 is down');
          },
          get: async () => {
            throw new Error('S3 is down');
          },
        },
      },
    });
    const working = new DynamoStore({
      tableName,
      client: dynamodb,
      payloads: { store: new S3PayloadStore({ bucket, client: s3 }) },
    });
    const { executionArn: started } = await startExecution(
      offloading,
      { stateMachineArn: STATE_MACHINE, definition },
      { name: uniqueName('crash'), input: '{}' },
    );
    const root = (await working.loadFrame(started, 'root')) as FrameRecord;
    const large: FrameRecord = {
      ...root,
      version: root.version + 1,
      frame: { ...root.frame, input: { blob } },
      causedBy: 'crash-test',
    };
    await expect(failing.commitFrame(large)).rejects.toThrow('S3 is down');
    expect((await working.loadFrame(started, 'root'))?.version).toBe(root.version);
    await expect(working.commitFrame(large)).resolves.toEqual({ committed: true });
    const loaded = (await working.loadFrame(started, 'root')) as FrameRecord;
    expect(loaded.version).toBe(root.version + 1);
    expect((loaded.frame.input as { blob: string }).blob).toBe(blob);
  }, 60_000);
});
