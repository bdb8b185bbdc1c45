/**
 * The order saga end to end on the AWS code path: `startExecution` through a runtime built by
 * `awsRuntimeFromEnv` on the emulators' DynamoDB and SQS, its task handlers behind a loopback Lambda
 * endpoint, driven by a small receive loop as Lambda's event source mapping would drive the worker.
 * Each run must end as the embedded engine's run of the same definition and input ends. Prints what
 * the happy path cost in DynamoDB capacity and SQS requests.
 */
import { readFileSync } from 'node:fs';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tasks from '../../functions/tasks/index.js';
import { awsRuntimeFromEnv } from '../../src/aws/config.js';
import type { CapacityUsage } from '../../src/aws/dynamo-store.js';
import { createDynamoTable } from '../../src/aws/dynamo-table.js';
import { createQueues } from '../../src/aws/sqs-setup.js';
import type { HistoryEvent } from '../../src/engine/types.js';
import { substitute } from '../../src/local/definition.js';
import { createLocalEngine } from '../../src/local/engine.js';
import type { TaskHandler } from '../../src/local/task-invoker.js';
import { describeExecution, getExecutionHistory, startExecution } from '../../src/runtime/lifecycle.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { type FunctionHandler, type LambdaEndpoint, startLambdaEndpoint } from './aws-lambda-endpoint.js';
import { driveToEnd, emulatorName, emulatorsConfigured, uniqueName } from './helpers.js';

const definitionText = readFileSync(new URL('../../definitions/order-saga.asl.json', import.meta.url), 'utf8');
const input = JSON.parse(
  readFileSync(new URL('../../definitions/order-saga.input.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const handlers = tasks as unknown as Record<string, TaskHandler>;
const STATE_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:OrderSaga';

describe.skipIf(!emulatorsConfigured)(`the order saga on ${emulatorName} and a loopback Lambda`, () => {
  const dynamodb = new DynamoDBClient({});
  const sqs = new SQSClient({});
  const tableName = uniqueName('saga');
  const usage: CapacityUsage[] = [];
  const sqsRequests: string[] = [];
  let endpoint: LambdaEndpoint;
  let runtime: Runtime;
  let queueUrls: string[] = [];
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    const functions: Record<string, FunctionHandler> = {};
    for (const [name, handler] of Object.entries(handlers)) {
      functions[name] = (event) => handler(event, { sleep: async () => undefined, idempotencyKey: '', resource: name });
    }
    endpoint = await startLambdaEndpoint(functions);
    await createDynamoTable(dynamodb, tableName);
    const queues = await createQueues(sqs, uniqueName('saga'), { maxReceives: 5 });
    queueUrls = [queues.queueUrl, queues.deadLetterQueueUrl];
    const env = {
      AWS_ENDPOINT_URL_LAMBDA: endpoint.url,
      STEPSTONE_TABLE: tableName,
      STEPSTONE_QUEUE_URL: queues.queueUrl,
      STEPSTONE_MAX_RECEIVES: '5',
    };
    for (const [name, value] of Object.entries(env)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    sqs.middlewareStack.add(
      (next, context) => async (args) => {
        sqsRequests.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'countRequests' },
    );
    runtime = awsRuntimeFromEnv({ clients: { sqs }, onConsumedCapacity: (u) => usage.push(u) });
  });

  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await dynamodb.send(new DeleteTableCommand({ TableName: tableName }));
    for (const url of queueUrls) await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    await endpoint.close();
    dynamodb.destroy();
    sqs.destroy();
  });

  /** Runs the saga on both engines; returns both outcomes. */
  async function runBoth(name: string, orderInput: Record<string, unknown>) {
    const embedded = await createLocalEngine({ tasks: handlers }).run(definitionText, orderInput, {
      name,
      stateMachineName: 'OrderSaga',
    });
    const definition = JSON.stringify(
      substitute(JSON.parse(definitionText), { region: 'us-east-1', accountId: '123456789012' }),
    );
    const { executionArn } = await startExecution(
      runtime,
      { stateMachineArn: STATE_MACHINE, definition },
      { name, input: JSON.stringify(orderInput) },
    );
    const handled = await driveToEnd(runtime, executionArn);
    const described = await describeExecution(runtime, executionArn);
    const { events } = await getExecutionHistory(runtime, executionArn, { maxResults: 1000 });
    return { embedded, described, events, handled, executionArn };
  }

  const types = (events: readonly HistoryEvent[]) => events.map((e) => e.type);

  it('ends SUCCEEDED with the embedded engine output and history when every step succeeds', async () => {
    usage.length = 0;
    sqsRequests.length = 0;
    const { embedded, described, events, handled, executionArn } = await runBoth(uniqueName('ok'), input);
    expect(embedded.status).toBe('SUCCEEDED');
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output ?? 'null')).toEqual(embedded.output);
    expect(JSON.parse(described.output ?? 'null')).toEqual({
      orderId: 'o-1001',
      status: 'CONFIRMED',
      chargeId: 'ch-o-1001',
      trackingNumber: 'TRK-o-1001',
    });
    expect(types(events)).toEqual(types(embedded.history));
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(endpoint.requests.map((r) => r.functionName.split(':').pop())).toEqual(
      expect.arrayContaining(['ReserveInventory', 'ChargePayment', 'ShipOrder']),
    );

    // What the run cost, and what one stale message costs afterwards.
    const sum = (operation: string, field: 'readUnits' | 'writeUnits') =>
      usage.filter((u) => u.operation === operation).reduce((s, u) => s + u[field], 0);
    const count = (operation: string) => usage.filter((u) => u.operation === operation).length;
    const figures = {
      messagesHandled: handled.length,
      commits: count('commitFrame'),
      commitWru: sum('commitFrame', 'writeUnits'),
      reserveWru: sum('reserveEventIds', 'writeUnits'),
      createExecutionWru: sum('createExecution', 'writeUnits'),
      putDefinitionWru: sum('putDefinition', 'writeUnits'),
      updateExecutionWru: sum('updateExecution', 'writeUnits'),
      loadFrameRru: sum('loadFrame', 'readUnits'),
      getExecutionRru: sum('getExecution', 'readUnits'),
      sqs: {} as Record<string, number>,
    };
    for (const command of sqsRequests) figures.sqs[command] = (figures.sqs[command] ?? 0) + 1;
    // Its end reads nothing and changes no record's TTL: each record was written with one already right.
    expect(count('keepRecords')).toBe(0);
    expect(sum('updateExecution', 'readUnits')).toBe(0);
    expect(count('updateExecution')).toBe(1);
    usage.length = 0;
    sqsRequests.length = 0;
    const stale = await runtime.handle({
      messageId: 'stale-1',
      receipt: 'none',
      body: JSON.stringify({ kind: 'run', executionArn, frameId: 'root', version: 0 }),
      receiveCount: 1,
    });
    expect(stale).toBe('stale');
    // A stale message costs one read: the frame's newest record (under 4 KB here), and no send.
    expect(usage).toEqual([{ operation: 'loadFrame', readUnits: 1, writeUnits: 0 }]);
    expect(sqsRequests).toEqual([]);
    process.stdout.write(`order saga on the AWS adapters: ${JSON.stringify(figures)}\n`);
  });

  it('ends FAILED with the embedded engine error when the card is declined, after compensating', async () => {
    const declined = { ...input, card: '4000-0000-0000-0002' };
    const { embedded, described, events } = await runBoth(uniqueName('declined'), declined);
    expect(embedded.status).toBe('FAILED');
    expect(described.status).toBe('FAILED');
    expect(described.error).toBe(embedded.error);
    expect(described.error).toBe('Payment.Declined');
    const pick = (cause: string | undefined) => {
      const parsed = JSON.parse(cause ?? '{}') as { errorType?: string; errorMessage?: string };
      return { errorType: parsed.errorType, errorMessage: parsed.errorMessage };
    };
    expect(pick(described.cause)).toEqual(pick(embedded.cause));
    expect(types(events)).toEqual(types(embedded.history));
    expect(types(events)).toContain('LambdaFunctionFailed');
  });
});
