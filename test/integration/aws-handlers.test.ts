/**
 * The example workflows (`definitions/*.asl.json`) end to end through the real Lambda handlers:
 * `functions/api.ts` answers function-URL events (StartExecution, DescribeExecution,
 * GetExecutionHistory, SendTaskSuccess) and `functions/worker.ts` handles SQS events built from the
 * messages received from the real step queue, as Lambda's event source mapping builds them (batches
 * of up to 10; every record not reported in `batchItemFailures` is deleted). The table and queue are
 * fresh ones on the emulators, named through `STEPSTONE_TABLE` / `STEPSTONE_QUEUE_URL`; the
 * workflows are deployed as the CDK stack deploys them (S3 objects and `STEPSTONE_WORKFLOWS`) and
 * registered by the API handler on its first request; the task
 * handlers of `functions/tasks/` run behind the loopback Lambda endpoint. Every run must end as the
 * embedded engine's run of the same definition and input ends, with the same history event types.
 */
import { readFileSync } from 'node:fs';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { DeleteQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tasks from '../../functions/tasks/index.js';
import type { WorkflowDocument } from '../../src/aws/deployed-workflows.js';
import { createDynamoTable } from '../../src/aws/dynamo-table.js';
import { createQueues } from '../../src/aws/sqs-setup.js';
import type { HistoryEvent } from '../../src/engine/types.js';
import type { TaskHandler } from '../../src/local/task-invoker.js';
import { callback, loadWorkflow, type TestExecution } from '../../src/testing.js';
import { type FunctionHandler, type LambdaEndpoint, startLambdaEndpoint } from './aws-lambda-endpoint.js';
import { emulatorName, emulatorsConfigured, uniqueName } from './helpers.js';
import { deliverBatch, type Handler, lambdaContext, type UrlResponse, type WorkerHandler } from './lambda-events.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const handlers = tasks as unknown as Record<string, TaskHandler>;
const definitionUrl = (file: string) => new URL(`../../definitions/${file}`, import.meta.url);
const EXAMPLES = [
  ['order-saga.asl.json', 'OrderSaga'],
  ['fan-out.asl.json', 'FanOut'],
  ['human-approval.asl.json', 'HumanApproval'],
] as const;

describe.skipIf(!emulatorsConfigured)(`the Lambda handlers on ${emulatorName}, running the examples`, () => {
  const dynamodb = new DynamoDBClient({});
  const sqs = new SQSClient({});
  const tableName = uniqueName('handlers');
  const bucket = uniqueName('handlers-deploy').toLowerCase();
  let s3: S3Client;
  const saved: Record<string, string | undefined> = {};
  let endpoint: LambdaEndpoint;
  let queueUrl = '';
  let queueUrls: string[] = [];
  let api: Handler<unknown, UrlResponse>;
  let worker: WorkerHandler;
  /** Worker invocations and the records they reported as failed. */
  const batches: { size: number; failed: number }[] = [];

  beforeAll(async () => {
    // ResizeImage tells attempts apart by the idempotency key's last segment; Lambda gets no key, so
    // the loopback numbers each image's calls the same way (`…/0` on the first).
    const calls = new Map<string, number>();
    const functions: Record<string, FunctionHandler> = {};
    for (const [name, handler] of Object.entries(handlers)) {
      functions[name] = (event) => {
        const key = `${name}:${JSON.stringify(event)}`;
        const attempt = calls.get(key) ?? 0;
        calls.set(key, attempt + 1);
        return handler(event, { sleep: async () => undefined, idempotencyKey: `k/${attempt}`, resource: name });
      };
    }
    endpoint = await startLambdaEndpoint(functions);
    s3 = new S3Client({
      endpoint: process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL_SQS,
      forcePathStyle: true,
    });
    await createDynamoTable(dynamodb, tableName);
    const queues = await createQueues(sqs, uniqueName('handlers'), { maxReceives: 5 });
    queueUrl = queues.queueUrl;
    queueUrls = [queues.queueUrl, queues.deadLetterQueueUrl];
    const env = {
      AWS_ENDPOINT_URL_LAMBDA: endpoint.url,
      // moto serves S3 on the endpoint it serves SQS on (LocalStack: all of them).
      AWS_ENDPOINT_URL_S3: process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL_SQS ?? '',
      STEPSTONE_WORKFLOWS: '',
      STEPSTONE_TABLE: tableName,
      STEPSTONE_QUEUE_URL: queueUrl,
      STEPSTONE_MAX_RECEIVES: '5',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    };
    for (const [name, value] of Object.entries(env)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    // Deploy the three machines as the CDK stack does: each definition, its function placeholders
    // left in, as an S3 object, and STEPSTONE_WORKFLOWS naming the objects and the functions; the
    // API registers them on its first request.
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const functionNames = Object.keys(handlers);
    const workflows: Record<string, string> = {};
    for (const [file, name] of EXAMPLES) {
      const text = JSON.stringify(JSON.parse(readFileSync(definitionUrl(file), 'utf8')));
      const placeholders = [...text.matchAll(/\$\{(\w+)\}/g)].map((match) => match[1] ?? '');
      const document: WorkflowDocument = {
        definition: text,
        functions: Object.fromEntries(
          placeholders.map((placeholder) => [placeholder, functionNames.indexOf(placeholder)]),
        ),
      };
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${name}.json`, Body: JSON.stringify(document) }));
      workflows[name] = `s3://${bucket}/${name}.json`;
    }
    process.env.STEPSTONE_WORKFLOWS = JSON.stringify({ workflows, functions: functionNames });
    // The handler modules build their runtime from the environment when first imported.
    api = (await import('../../functions/api.js')).handler as Handler<unknown, UrlResponse>;
    worker = (await import('../../functions/worker.js')).handler;
  });

  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await dynamodb.send(new DeleteTableCommand({ TableName: tableName }));
    for (const [, name] of EXAMPLES) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: `${name}.json` }));
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    s3.destroy();
    for (const url of queueUrls) await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    await endpoint.close();
    dynamodb.destroy();
    sqs.destroy();
  });

  /** One function-URL request to the API handler; the parsed body, or throws on a non-200. */
  async function call(action: string, request: object): Promise<Record<string, unknown>> {
    const response = await api(
      {
        version: '2.0',
        rawPath: `/${action}`,
        headers: { 'content-type': 'application/x-amz-json-1.0' },
        body: JSON.stringify(request),
        isBase64Encoded: false,
        requestContext: { http: { method: 'POST', path: `/${action}` } },
      },
      lambdaContext('stepstone-api'),
    );
    const body = JSON.parse(response.body) as Record<string, unknown>;
    if (response.statusCode !== 200) throw new Error(`${action}: HTTP ${response.statusCode} ${response.body}`);
    return body;
  }

  /** Receives and hands batches to the worker handler until `done` holds; deletes what succeeded. */
  async function pump(done: () => Promise<boolean>): Promise<void> {
    for (let round = 0; round < 120; round++) {
      if (await done()) return;
      const batch = await deliverBatch(sqs, queueUrl, worker);
      if (batch.size > 0) batches.push(batch);
    }
    throw new Error('the condition never held after 120 rounds');
  }

  /** The status DescribeExecution reports. */
  async function status(executionArn: string): Promise<string> {
    return String((await call('DescribeExecution', { executionArn })).status);
  }

  /** Runs an execution through the handlers to its end; its description and full history. */
  async function runThroughHandlers(machine: string, input: unknown, name: string) {
    const started = await call('StartExecution', {
      stateMachineArn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${machine}`,
      name,
      input: JSON.stringify(input),
    });
    const executionArn = String(started.executionArn);
    expect(executionArn).toBe(`arn:aws:states:${REGION}:${ACCOUNT}:execution:${machine}:${name}`);
    await pump(async () => (await status(executionArn)) !== 'RUNNING');
    return { executionArn, ...(await finish(executionArn)) };
  }

  /** DescribeExecution and every page of GetExecutionHistory. */
  async function finish(executionArn: string) {
    const described = await call('DescribeExecution', { executionArn });
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await call('GetExecutionHistory', { executionArn, maxResults: 100, nextToken });
      events.push(...(page.events as HistoryEvent[]));
      nextToken = page.nextToken as string | undefined;
    } while (nextToken !== undefined);
    return { described, events };
  }

  const types = (events: readonly { type: string }[]) => events.map((e) => e.type);

  /** The embedded engine's run of the same definition and input. */
  async function embedded(file: string, machine: string, input: unknown, name: string): Promise<TestExecution> {
    const workflow = await loadWorkflow(definitionUrl(file), { tasks: handlers, stateMachineName: machine });
    return workflow.run(input, { name });
  }

  /** Asserts the handlers' run ended as the embedded run did. */
  function expectSameEnd(run: { described: Record<string, unknown>; events: HistoryEvent[] }, local: TestExecution) {
    expect(run.described.status).toBe(local.status);
    expect(JSON.parse(String(run.described.output ?? 'null'))).toEqual(local.output ?? null);
    expect(run.described.error).toBe(local.error);
    expect(types(run.events)).toEqual(types(local.history));
    expect(run.events.map((e) => e.id)).toEqual(run.events.map((_, i) => i + 1));
  }

  it('registers the deployed workflows from their S3 objects when the API answers its first request', async () => {
    const listed = await call('ListStateMachines', {});
    const machines = listed.stateMachines as { name: string; stateMachineArn: string }[];
    expect(machines.map((m) => m.name).sort()).toEqual(['FanOut', 'HumanApproval', 'OrderSaga']);
    const described = await call('DescribeStateMachine', {
      stateMachineArn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:OrderSaga`,
    });
    expect(String(described.definition)).toContain(
      `"Resource":"arn:aws:lambda:${REGION}:${ACCOUNT}:function:ChargePayment"`,
    );
  });

  it('runs the order saga to SUCCEEDED with the embedded output and history when every step succeeds', async () => {
    const input = JSON.parse(readFileSync(definitionUrl('order-saga.input.json'), 'utf8')) as object;
    const name = uniqueName('saga');
    const run = await runThroughHandlers('OrderSaga', input, name);
    const local = await embedded('order-saga.asl.json', 'OrderSaga', input, name);
    expect(run.described.status).toBe('SUCCEEDED');
    expect(JSON.parse(String(run.described.output))).toEqual({
      orderId: 'o-1001',
      status: 'CONFIRMED',
      chargeId: 'ch-o-1001',
      trackingNumber: 'TRK-o-1001',
    });
    expectSameEnd(run, local);
    expect(batches.every((b) => b.failed === 0 && b.size <= 10)).toBe(true);
  });

  it('fails the order saga with Payment.Declined after compensating when the card is declined', async () => {
    const input = {
      ...(JSON.parse(readFileSync(definitionUrl('order-saga.input.json'), 'utf8')) as object),
      card: '4000-0000-0000-0002',
    };
    const name = uniqueName('declined');
    const run = await runThroughHandlers('OrderSaga', input, name);
    const local = await embedded('order-saga.asl.json', 'OrderSaga', input, name);
    expect(run.described.error).toBe('Payment.Declined');
    expect(run.described.status).toBe('FAILED');
    expectSameEnd(run, local);
    expect(types(run.events)).toContain('LambdaFunctionFailed');
  });

  it('fans out ten images, retries the throttled one and tolerates the corrupt one when run as a Map', async () => {
    const images = [
      'a.png',
      'b-throttle.png',
      'c.png',
      'd.png',
      'e.png',
      'f.png',
      'g.png',
      'h.corrupt',
      'i.png',
      'j.png',
    ];
    const input = { uploadId: 'up-1', bucket: 'photos', images };
    const name = uniqueName('fanout');
    const run = await runThroughHandlers('FanOut', input, name);
    const local = await embedded('fan-out.asl.json', 'FanOut', input, name);
    const bytes = images.filter((k) => !k.endsWith('.corrupt')).reduce((s, k) => s + 1024 + k.length * 10, 0);
    expect(JSON.parse(String(run.described.output))).toEqual({ upload: 'up-1', count: 10, bytes });
    expect(run.described.status).toBe('SUCCEEDED');
    // Iterations interleave differently when their messages arrive in another order: compare the
    // multiset of event types, and the exact sequence of the top level's own events.
    expect(types(run.events).sort()).toEqual(types(local.history).sort());
    const outside = (events: readonly HistoryEvent[]) => {
      const all = types(events);
      return [...all.slice(0, all.indexOf('MapStateStarted') + 1), ...all.slice(all.indexOf('MapStateSucceeded'))];
    };
    expect(outside(run.events)).toEqual(outside(local.history));
    expect(outside(run.events)).toContain('MapStateSucceeded');
    expect(JSON.parse(String(run.described.output ?? 'null'))).toEqual(local.output);
    expect(run.described.status).toBe(local.status);
    expect(types(run.events).filter((t) => t === 'MapIterationFailed')).toHaveLength(1);
    expect(types(run.events).filter((t) => t === 'LambdaFunctionFailed')).toHaveLength(2);
  });

  it('approves the expense when SendTaskSuccess comes through the API with the token the task received', async () => {
    const expense = { expenseId: 'e-7', amount: 420, approver: 'ana@example.com' };
    const name = uniqueName('approval');
    const started = await call('StartExecution', {
      stateMachineArn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:HumanApproval`,
      name,
      input: JSON.stringify(expense),
    });
    const executionArn = String(started.executionArn);
    const requested = () =>
      endpoint.requests.find((r) => r.functionName.endsWith('RequestApproval') && r.body.includes('e-7'));
    await pump(async () => requested() !== undefined);
    const payload = JSON.parse(requested()?.body ?? '{}') as { taskToken?: string };
    expect(typeof payload.taskToken).toBe('string');
    expect(await status(executionArn)).toBe('RUNNING');
    await call('SendTaskSuccess', {
      taskToken: payload.taskToken,
      output: JSON.stringify({ approved: true, by: 'ana' }),
    });
    await pump(async () => (await status(executionArn)) !== 'RUNNING');
    const run = await finish(executionArn);
    const local = await (
      await loadWorkflow(definitionUrl('human-approval.asl.json'), {
        tasks: handlers,
        stateMachineName: 'HumanApproval',
      })
    ).run(expense, {
      name,
      tasks: {
        RequestApproval: callback({ handler: handlers.RequestApproval, success: { approved: true, by: 'ana' } }),
      },
    });
    expect(JSON.parse(String(run.described.output))).toEqual({ expenseId: 'e-7', status: 'APPROVED', by: 'ana' });
    expectSameEnd(run, local);
  });
});
