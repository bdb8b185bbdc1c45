/**
 * What carrying large payloads costs: the flow of test/support/large-payload.ts (a Lambda Task, a
 * Map of three iterations and a Parallel of a Task and a JSONata Pass, every state handed the whole
 * payload) with payloads of 100 KiB and 5 MiB of random base64 text (JSON that compresses poorly),
 *
 * - on the embedded engine, with `largePayloads` on (and off for 100 KiB, where nothing changes);
 * - on the AWS path — `awsRuntimeFromEnv` on the emulators' DynamoDB, SQS and S3 (moto unless the
 *   environment names others), its Lambda tasks on a loopback endpoint — with a payload bucket (and
 *   without for 100 KiB).
 *
 * For each run it prints the wall time from start to the end of the execution, and on the AWS path
 * the S3 requests and bytes, the DynamoDB write requests and the largest item of the execution. Three runs
 * each; the median is shown.
 *
 * `npm run bench:large-payloads [runs]` (3 by default)
 */
import { DeleteTableCommand, DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { awsRuntimeFromEnv } from '../../src/aws/config.js';
import { createDynamoTable } from '../../src/aws/dynamo-table.js';
import { createQueues } from '../../src/aws/sqs-setup.js';
import { createLocalEngine } from '../../src/local/engine.js';
import { describeExecution, startExecution } from '../../src/runtime/lifecycle.js';
import { startLambdaEndpoint } from '../../test/integration/aws-lambda-endpoint.js';
import { driveToEnd } from '../../test/integration/helpers.js';
import {
  expectedLargePayloadOutput,
  FIVE_MIB,
  LARGE_PAYLOAD_FLOW,
  largePayloadHandlers,
  largePayloadInput,
  randomText,
} from '../../test/support/large-payload.js';
import { acquireEmulators } from '../cost/emulators.js';

const RUNS = Number(process.argv[2] ?? 3);
const SIZES = [
  { label: '100 KiB', bytes: 100 * 1024 },
  { label: '5 MiB', bytes: FIVE_MIB },
];
const STATE_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:LargePayloads';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function check(output: unknown, blob: string): void {
  if (JSON.stringify(output) !== JSON.stringify(expectedLargePayloadOutput(blob))) {
    throw new Error(`unexpected output: ${JSON.stringify(output).slice(0, 200)}`);
  }
}

async function embedded(bytes: number, largePayloads: boolean): Promise<number> {
  const tasks = Object.fromEntries(
    Object.entries(largePayloadHandlers).map(([name, handler]) => [name, async (input: unknown) => handler(input)]),
  );
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const blob = randomText(bytes);
    const started = performance.now();
    const result = await createLocalEngine({ tasks, largePayloads }).run(LARGE_PAYLOAD_FLOW, largePayloadInput(blob));
    times.push(performance.now() - started);
    check(result.output, blob);
  }
  return median(times);
}

interface AwsFigures {
  readonly ms: number;
  readonly s3Requests: string;
  readonly s3MiB: number;
  readonly dynamoWrites: number;
  readonly largestItemKiB: number;
}

async function onAws(bytes: number, withBucket: boolean, s3Endpoint: string): Promise<AwsFigures> {
  const suffix = Math.random().toString(36).slice(2, 10);
  const dynamodb = new DynamoDBClient({});
  const sqs = new SQSClient({});
  const s3 = new S3Client({ endpoint: s3Endpoint, forcePathStyle: true });
  const s3Calls = new Map<string, number>();
  let s3Bytes = 0;
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      s3Calls.set(String(context.commandName), (s3Calls.get(String(context.commandName)) ?? 0) + 1);
      const body = (args.input as { Body?: Uint8Array }).Body;
      if (body instanceof Uint8Array) s3Bytes += body.length;
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  let writes = 0;
  dynamodb.middlewareStack.add(
    (next, context) => async (args) => {
      if (/^(Put|Update|TransactWrite|BatchWrite)/.test(String(context.commandName))) writes += 1;
      return next(args);
    },
    { step: 'initialize', name: 'countWrites' },
  );
  const tableName = `bench-payloads-${suffix}`;
  const bucket = `bench-payloads-${suffix}`;
  await createDynamoTable(dynamodb, tableName);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const queues = await createQueues(sqs, `bench-payloads-${suffix}`, { maxReceives: 5 });
  const runtime = awsRuntimeFromEnv({
    clients: { dynamodb, sqs, s3 },
    env: {
      STEPSTONE_TABLE: tableName,
      STEPSTONE_QUEUE_URL: queues.queueUrl,
      ...(withBucket ? { STEPSTONE_PAYLOAD_BUCKET: bucket } : {}),
    },
  });
  const times: number[] = [];
  let largest = 0;
  try {
    for (let run = 0; run < RUNS; run++) {
      const blob = randomText(bytes);
      s3Calls.clear();
      s3Bytes = 0;
      writes = 0;
      const started = performance.now();
      const { executionArn } = await startExecution(
        runtime,
        { stateMachineArn: STATE_MACHINE, definition: JSON.stringify(LARGE_PAYLOAD_FLOW) },
        { input: JSON.stringify(largePayloadInput(blob)) },
      );
      await driveToEnd(runtime, executionArn, 120);
      times.push(performance.now() - started);
      const described = await describeExecution(runtime, executionArn);
      check(JSON.parse(described.output ?? 'null'), blob);
      const items = await dynamodb.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: `EXEC#${executionArn}` } },
          ReturnConsumedCapacity: 'NONE',
        }),
      );
      for (const item of items.Items ?? []) {
        const size = Object.entries(item).reduce(
          (sum, [name, value]) => sum + name.length + (value.S?.length ?? value.B?.length ?? value.N?.length ?? 0),
          0,
        );
        largest = Math.max(largest, size);
      }
    }
  } finally {
    await dynamodb.send(new DeleteTableCommand({ TableName: tableName }));
    for (const url of [queues.queueUrl, queues.deadLetterQueueUrl]) {
      await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    }
  }
  const requests = [...s3Calls].map(([name, count]) => `${count} ${name.replace('ObjectCommand', '')}`).join(', ');
  return {
    ms: median(times),
    s3Requests: requests === '' ? 'none' : requests,
    s3MiB: s3Bytes / (1024 * 1024),
    dynamoWrites: writes,
    largestItemKiB: largest / 1024,
  };
}

console.log(`Node ${process.version}; the median of ${RUNS} runs each\n`);
console.log('| engine | payload | large payloads | wall ms |');
console.log('| --- | --- | --- | ---: |');
for (const size of SIZES) {
  for (const on of size.bytes > 256 * 1024 ? [true] : [false, true]) {
    console.log(`| embedded | ${size.label} | ${on ? 'on' : 'off'} | ${(await embedded(size.bytes, on)).toFixed(0)} |`);
  }
}

const emulators = await acquireEmulators();
const endpoint = await startLambdaEndpoint(
  Object.fromEntries(
    Object.entries(largePayloadHandlers).map(([name, handler]) => [name, (event: unknown) => handler(event)]),
  ),
);
process.env.AWS_ENDPOINT_URL_LAMBDA = endpoint.url;
try {
  const s3Endpoint = process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL_SQS ?? '';
  console.log(
    '\n| AWS path (emulators) | payload | payload bucket | wall ms | S3 requests (last run) | S3 MiB written | DynamoDB write requests | largest item KiB |',
  );
  console.log('| --- | --- | --- | ---: | --- | ---: | ---: | ---: |');
  for (const size of SIZES) {
    for (const on of size.bytes > 256 * 1024 ? [true] : [false, true]) {
      const f = await onAws(size.bytes, on, s3Endpoint);
      console.log(
        `| ${emulators.origin} | ${size.label} | ${on ? 'yes' : 'no'} | ${f.ms.toFixed(0)} | ${f.s3Requests} | ${f.s3MiB.toFixed(1)} | ${f.dynamoWrites} | ${f.largestItemKiB.toFixed(1)} |`,
      );
    }
  }
} finally {
  await endpoint.close();
  await emulators.release();
}
