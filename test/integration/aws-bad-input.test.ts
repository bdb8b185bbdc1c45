/**
 * Bad input on the AWS path: the runtime on the emulators' DynamoDB and SQS (as `awsRuntimeFromEnv`
 * builds it), driven by a receive loop that deletes a message only when its handling succeeded, as
 * Lambda's event source mapping does; and the API Lambda handler's answers to bad requests, with Step
 * Functions' error names and HTTP 400.
 */
import { randomBytes } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsRuntimeFromEnv } from '../../src/aws/config.js';
import type { CapacityUsage } from '../../src/aws/dynamo-store.js';
import { createDynamoTable } from '../../src/aws/dynamo-table.js';
import { createQueues } from '../../src/aws/sqs-setup.js';
import type { HistoryEvent } from '../../src/engine/types.js';
import { getExecutionHistory, registerStateMachine, startRegisteredExecution } from '../../src/runtime/lifecycle.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { type FunctionHandler, type LambdaEndpoint, startLambdaEndpoint } from './aws-lambda-endpoint.js';
import { emulatorName, emulatorsConfigured, receive, uniqueName } from './helpers.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const MAX_RECEIVES = 3;
const MACHINE = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:BadInput`;
const FN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:`;

/** 240,000 characters of base64 from random bytes: almost incompressible, under the 256 KiB limit. */
const bulky = (): string => randomBytes(180_000).toString('base64');

const functions: Record<string, FunctionHandler> = {
  Echo: (event) => event,
  Bulky: () => ({ blob: bulky() }),
};

/** A definition with a Pass and, for the oversize record, three bulky task results in one step. */
const definition = {
  StartAt: 'Route',
  States: {
    Route: {
      Type: 'Choice',
      Choices: [{ Variable: '$.bulky', BooleanEquals: true, Next: 'One' }],
      Default: 'Echo',
    },
    Echo: { Type: 'Task', Resource: `${FN}Echo`, End: true },
    One: { Type: 'Task', Resource: `${FN}Bulky`, ResultPath: null, Next: 'Two' },
    Two: { Type: 'Task', Resource: `${FN}Bulky`, ResultPath: null, Next: 'Three' },
    Three: { Type: 'Task', Resource: `${FN}Bulky`, ResultPath: null, End: true },
  },
};

function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'stepstone-api',
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:stepstone-api`,
    memoryLimitInMB: '512',
    awsRequestId: crypto.randomUUID(),
    logGroupName: '/aws/lambda/stepstone-api',
    logStreamName: '2024/05/01/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

describe.skipIf(!emulatorsConfigured)(`bad input on the AWS path (${emulatorName})`, () => {
  const dynamodb = new DynamoDBClient({});
  const sqs = new SQSClient({});
  const tableName = uniqueName('bad');
  const usage: CapacityUsage[] = [];
  const saved: Record<string, string | undefined> = {};
  let endpoint: LambdaEndpoint;
  let runtime: Runtime;
  let queueUrl = '';
  let deadLetterQueueUrl = '';
  let api: (event: unknown, context: Context) => Promise<{ statusCode: number; body: string }>;

  beforeAll(async () => {
    endpoint = await startLambdaEndpoint(functions);
    await createDynamoTable(dynamodb, tableName);
    const queues = await createQueues(sqs, uniqueName('bad'), { maxReceives: MAX_RECEIVES });
    queueUrl = queues.queueUrl;
    deadLetterQueueUrl = queues.deadLetterQueueUrl;
    const env = {
      AWS_ENDPOINT_URL_LAMBDA: endpoint.url,
      STEPSTONE_TABLE: tableName,
      STEPSTONE_QUEUE_URL: queueUrl,
      STEPSTONE_MAX_RECEIVES: String(MAX_RECEIVES),
      POWERTOOLS_LOG_LEVEL: 'CRITICAL',
    };
    for (const [name, value] of Object.entries(env)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    runtime = awsRuntimeFromEnv({ onConsumedCapacity: (u) => usage.push(u) });
    await registerStateMachine(runtime, { stateMachineArn: MACHINE, definition });
    api = (await import('../../functions/api.js')).handler as typeof api;
  });

  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await dynamodb.send(new DeleteTableCommand({ TableName: tableName }));
    for (const url of [queueUrl, deadLetterQueueUrl]) await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    await endpoint.close();
    dynamodb.destroy();
    sqs.destroy();
  });

  /** One function-URL request to the API handler. */
  async function call(action: string, request: object) {
    const response = await api(
      {
        rawPath: `/${action}`,
        headers: { 'content-type': 'application/x-amz-json-1.0' },
        body: JSON.stringify(request),
        isBase64Encoded: false,
        requestContext: { http: { method: 'POST' } },
      },
      lambdaContext(),
    );
    return { statusCode: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown> };
  }

  /**
   * Receives with a 1 s visibility timeout until the step queue is empty, deleting what was handled
   * and leaving what threw for redelivery; the errors thrown, in order.
   */
  async function drain(): Promise<string[]> {
    const errors: string[] = [];
    let idle = 0;
    for (let round = 0; round < 40 && idle < 3; round++) {
      const messages = await receive(sqs, queueUrl, { waitTimeSeconds: 1, visibilityTimeout: 1 });
      idle = messages.length === 0 ? idle + 1 : 0;
      for (const m of messages) {
        try {
          await runtime.handle({
            messageId: m.MessageId ?? '',
            receipt: m.ReceiptHandle ?? '',
            body: m.Body ?? '',
            receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? '1'),
          });
          await runtime.deps.queue.ack(m.ReceiptHandle ?? '');
        } catch (error) {
          errors.push(`${(error as Error).name}: ${(error as Error).message}`);
        }
      }
    }
    return errors;
  }

  /** Starts an execution through the API handler; its ARN. */
  async function start(input: object): Promise<string> {
    const started = await call('StartExecution', {
      stateMachineArn: MACHINE,
      name: uniqueName('x'),
      input: JSON.stringify(input),
    });
    expect(started.statusCode).toBe(200);
    return String(started.body.executionArn);
  }

  async function history(executionArn: string): Promise<HistoryEvent[]> {
    return (await getExecutionHistory(runtime, executionArn, { maxResults: 1000 })).events;
  }

  /** Sends a raw body to the step queue. */
  async function sendRaw(body: string): Promise<string> {
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    return sent.MessageId ?? '';
  }

  it.each([
    ['is not JSON', (arn: string) => `{"kind":"run","executionArn":"${arn}","frameId":"ro`, /not JSON/],
    [
      'has the wrong shape',
      (arn: string) => JSON.stringify({ kind: 'run', executionArn: arn, frameId: 'root' }),
      /version: /,
    ],
  ])(
    'dead-letters a message whose body %s after 3 deliveries and fails the execution it names',
    async (_what, body, reason) => {
      // Started as a worker's runtime starts executions, with a start message: the API function
      // would run this first step itself.
      const { executionArn: arn } = await startRegisteredExecution(runtime, MACHINE, {
        name: uniqueName('x'),
        input: JSON.stringify({ bulky: false }),
      });
      // Hold the start message back (60 s invisible), so the execution stays RUNNING meanwhile.
      const started = await receive(sqs, queueUrl, { waitTimeSeconds: 1, visibilityTimeout: 60 });
      expect(started).toHaveLength(1);
      const id = await sendRaw(body(arn));
      const errors = await drain();
      expect(errors).toHaveLength(MAX_RECEIVES);
      expect(errors.every((e) => e.startsWith('MalformedMessageError: Malformed step message: '))).toBe(true);
      const dead = await receive(sqs, deadLetterQueueUrl, { waitTimeSeconds: 2 });
      expect(dead.map((m) => m.MessageId)).toEqual([id]);
      const execution = await runtime.deps.store.getExecution(arn);
      expect(execution?.status).toBe('FAILED');
      expect(execution?.error).toBe('States.Runtime');
      expect(execution?.cause).toMatch(
        new RegExp(
          `failed ${MAX_RECEIVES} times and was moved to the dead-letter queue: MalformedMessageError: .*${reason.source}`,
        ),
      );
      const events = await history(arn);
      expect(events[events.length - 1]?.type).toBe('ExecutionFailed');
    },
  );

  it('dead-letters a body that names no execution after 3 deliveries, failing nothing', async () => {
    const id = await sendRaw('hello');
    const errors = await drain();
    expect(errors).toEqual(
      Array(MAX_RECEIVES).fill(
        'MalformedMessageError: Malformed step message: not JSON (Unexpected token \'h\', "hello" is not valid JSON)',
      ),
    );
    const dead = await receive(sqs, deadLetterQueueUrl, { waitTimeSeconds: 2 });
    expect(dead.map((m) => m.MessageId)).toEqual([id]);
  });

  it('acknowledges a message for an unknown execution at the cost of one read', async () => {
    usage.length = 0;
    const outcome = await runtime.handle({
      messageId: 'unknown-1',
      receipt: 'none',
      body: JSON.stringify({
        kind: 'run',
        executionArn: `arn:aws:states:${REGION}:${ACCOUNT}:execution:BadInput:never-started`,
        frameId: 'root',
        version: 3,
      }),
      receiveCount: 1,
    });
    expect(outcome).toBe('stale');
    // One read request, no write. (Emulators report a query that finds nothing in their own way;
    // AWS charges such a query its minimum, so the units are not asserted.)
    expect(usage.map((u) => [u.operation, u.writeUnits])).toEqual([['loadFrame', 0]]);
  });

  it.each([
    ['input that is not JSON', { stateMachineArn: MACHINE, input: '{"a":' }, 'InvalidExecutionInput'],
    [
      'input over 256 KiB (UTF-8 bytes)',
      { stateMachineArn: MACHINE, input: JSON.stringify({ s: 'é'.repeat(140_000) }) },
      'InvalidExecutionInput',
    ],
    [
      'an unknown state machine',
      { stateMachineArn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:Nope` },
      'StateMachineDoesNotExist',
    ],
    ['a malformed state machine ARN', { stateMachineArn: 'not-an-arn' }, 'InvalidArn'],
  ])('answers StartExecution with %s by HTTP 400 (%#)', async (_what, request, type) => {
    const { statusCode, body } = await call('StartExecution', request);
    expect({ statusCode, type: body.__type }).toEqual({ statusCode: 400, type });
    expect(typeof body.message).toBe('string');
  });

  it.each([
    ['DescribeExecution', `arn:aws:states:${REGION}:${ACCOUNT}:execution:BadInput:nope`, 'ExecutionDoesNotExist'],
    ['GetExecutionHistory', `arn:aws:states:${REGION}:${ACCOUNT}:execution:BadInput:nope`, 'ExecutionDoesNotExist'],
    ['DescribeExecution', 'arn:aws:states:nope', 'InvalidArn'],
  ])('answers %s of %s by HTTP 400 %s', async (action, executionArn, type) => {
    const { statusCode, body } = await call(action, { executionArn });
    expect({ statusCode, type: body.__type }).toEqual({ statusCode: 400, type });
  });

  it('fails the execution on the first delivery with a precise error when a frame record would exceed 400 KB', async () => {
    const arn = await start({ bulky: true });
    const errors = await drain();
    const execution = await runtime.deps.store.getExecution(arn);
    expect(execution?.status).toBe('FAILED');
    expect(execution?.error).toBe('States.Runtime');
    expect(execution?.cause).toMatch(
      /^The step message for frame 'root' could not be processed: ItemTooLargeError: frame record .* is \d+ bytes, over DynamoDB's item limit of 409600 bytes even after compression/,
    );
    const events = await history(arn);
    expect(events[events.length - 1]?.type).toBe('ExecutionFailed');
    // Each Bulky attempt ran once: the step was not retried up to the dead-letter queue.
    expect(endpoint.requests.filter((r) => r.functionName.endsWith('Bulky'))).toHaveLength(3);
    expect(errors).toEqual([]);
    expect(await receive(sqs, deadLetterQueueUrl, { waitTimeSeconds: 1 })).toEqual([]);
  });
});
