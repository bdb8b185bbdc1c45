/**
 * The deployed API path with the real SDK: `functions/api.ts` behind a stand-in for its function URL
 * with IAM auth (test/support/function-url.ts checks each request's SigV4 signature for `lambda`),
 * called through `stepstone/client`'s `SFNClient`, over DynamoDB and SQS on the emulators, with the
 * step worker polling the real queue and the task handlers behind the loopback Lambda endpoint.
 */
import { readFileSync } from 'node:fs';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  ListMapRunsCommand,
  ListStateMachinesCommand,
  PublishStateMachineVersionCommand,
  RedriveExecutionCommand,
  type SFNClient,
  StartExecutionCommand,
  TestStateCommand,
} from '@aws-sdk/client-sfn';
import { DeleteQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tasks from '../../functions/tasks/index.js';
import type { HttpRequest, HttpResponse } from '../../src/api/http.js';
import { awsRuntimeFromEnv } from '../../src/aws/config.js';
import { createDynamoTable } from '../../src/aws/dynamo-table.js';
import { createQueues } from '../../src/aws/sqs-setup.js';
import { stepstoneClient } from '../../src/client.js';
import { substitute } from '../../src/local/definition.js';
import type { TaskHandler } from '../../src/local/task-invoker.js';
import { pollQueue } from '../../src/runtime/poller.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { startFunctionUrl } from '../support/function-url.js';
import { checkingMap } from '../unit/engine/helpers.js';
import { type FunctionHandler, type LambdaEndpoint, startLambdaEndpoint } from './aws-lambda-endpoint.js';
import { emulatorsConfigured, uniqueName } from './helpers.js';
import { lambdaContext } from './lambda-events.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const CREDENTIALS = { accessKeyId: 'AKIDAPICLIENT', secretAccessKey: 'api-client-secret' };
const handlers = tasks as unknown as Record<string, TaskHandler>;

describe.skipIf(!emulatorsConfigured)('the API function through stepstone/client', () => {
  const dynamodb = new DynamoDBClient({});
  const sqs = new SQSClient({});
  const tableName = uniqueName('api-client');
  const saved: Record<string, string | undefined> = {};
  const stopWorker = new AbortController();
  let queueUrls: string[] = [];
  let lambda: LambdaEndpoint;
  let functionUrl: { url: string; close: () => Promise<void> };
  let worker: Promise<number>;
  let sfn: SFNClient;
  let runtime: Runtime;

  beforeAll(async () => {
    const functions: Record<string, FunctionHandler> = {};
    for (const [name, handler] of Object.entries(handlers)) {
      functions[name] = (event) =>
        handler(event, { sleep: async () => undefined, idempotencyKey: 'k/0', resource: name });
    }
    lambda = await startLambdaEndpoint(functions);
    await createDynamoTable(dynamodb, tableName);
    const queues = await createQueues(sqs, uniqueName('api-client'), { maxReceives: 5 });
    queueUrls = [queues.queueUrl, queues.deadLetterQueueUrl];
    const env = {
      AWS_ENDPOINT_URL_LAMBDA: lambda.url,
      STEPSTONE_TABLE: tableName,
      STEPSTONE_QUEUE_URL: queues.queueUrl,
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    };
    for (const [name, value] of Object.entries(env)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    const api = (await import('../../functions/api.js')).handler as (
      e: HttpRequest,
      c: Context,
    ) => Promise<HttpResponse>;
    functionUrl = await startFunctionUrl((event) => api(event, lambdaContext('stepstone-api')), {
      region: REGION,
      credentials: CREDENTIALS,
    });
    runtime = awsRuntimeFromEnv();
    worker = pollQueue(runtime.deps.queue, (message) => runtime.handle(message), {
      waitSeconds: 1,
      signal: stopWorker.signal,
    });
    sfn = stepstoneClient({ url: functionUrl.url, region: REGION, credentials: CREDENTIALS });
  });

  afterAll(async () => {
    stopWorker.abort();
    await worker;
    sfn?.destroy();
    await functionUrl?.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await dynamodb.send(new DeleteTableCommand({ TableName: tableName }));
    for (const url of queueUrls) await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    await lambda?.close();
    dynamodb.destroy();
    sqs.destroy();
  });

  async function finished(executionArn: string) {
    for (let i = 0; i < 600; i++) {
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (described.status !== 'RUNNING') return described;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${executionArn} is still RUNNING`);
  }

  it('creates the order saga, runs it, starts it again by alias and pages through its history', async () => {
    const definition = JSON.stringify(
      substitute(JSON.parse(readFileSync(new URL('../../definitions/order-saga.asl.json', import.meta.url), 'utf8')), {
        region: REGION,
        accountId: ACCOUNT,
      }),
    );
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({ name: 'OrderSaga', definition, roleArn: `arn:aws:iam::${ACCOUNT}:role/R` }),
    );
    expect(stateMachineArn).toBe(`arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:OrderSaga`);
    const input = readFileSync(new URL('../../definitions/order-saga.input.json', import.meta.url), 'utf8');
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'o-1', input }));
    const done = await finished(executionArn!);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output ?? '{}')).toMatchObject({ status: 'CONFIRMED' });

    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 5, nextToken }));
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events.at(-1)?.type).toBe('ExecutionSucceeded');

    const { stateMachineVersionArn } = await sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn }));
    const { stateMachineAliasArn } = await sfn.send(
      new CreateStateMachineAliasCommand({
        name: 'live',
        routingConfiguration: [{ stateMachineVersionArn, weight: 100 }],
      }),
    );
    const byAlias = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: stateMachineAliasArn, name: 'o-2', input }),
    );
    expect(await finished(byAlias.executionArn!)).toMatchObject({ status: 'SUCCEEDED', stateMachineAliasArn });
    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: stateMachineAliasArn }));
    expect(listed.executions?.map((e) => e.name)).toEqual(['o-2']);
    const machines = await sfn.send(new ListStateMachinesCommand({}));
    expect(machines.stateMachines?.map((m) => m.name)).toContain('OrderSaga');
  });

  it('pages through a history without the limit, thousands of events, read by event id both ways', async () => {
    // 30 iterations of a loop of 25 rounds, each its own frame committing apart: their ids interleave.
    const loop = {
      StartAt: 'Rounds',
      States: {
        Rounds: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: {
            StartAt: 'Count',
            States: {
              Count: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)' }, Next: 'Again' },
              Again: {
                Type: 'Choice',
                Choices: [{ Variable: '$.n', NumericLessThan: 25, Next: 'Count' }],
                Default: 'Done',
              },
              Done: { Type: 'Succeed' },
            },
          },
          ResultPath: null,
          End: true,
        },
      },
    };
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'LongHistory',
        definition: JSON.stringify(loop),
        roleArn: `arn:aws:iam::${ACCOUNT}:role/R`,
      }),
    );
    // As a deployment lifts the limit for a state machine (the Workflow construct's `quotas`).
    const machine = await runtime.deps.store.getStateMachine(stateMachineArn!);
    await runtime.deps.store.putStateMachine({ ...machine!, quotas: { historyLimit: false } });
    const input = JSON.stringify({ items: Array.from({ length: 30 }, () => ({ n: 0 })) });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input }));
    expect((await finished(executionArn!)).status).toBe('SUCCEEDED');
    expect(await runtime.deps.store.getExecution(executionArn!)).toMatchObject({ pagedHistory: true });

    const whole = await runtime.deps.store.readHistory(executionArn!);
    expect(whole.length).toBeGreaterThan(3000);
    const read = async (reverseOrder: boolean, maxResults: number) => {
      const events: HistoryEvent[] = [];
      let nextToken: string | undefined;
      do {
        const page = await sfn.send(
          new GetExecutionHistoryCommand({ executionArn, maxResults, reverseOrder, nextToken }),
        );
        expect(page.events?.length).toBe(page.nextToken === undefined ? page.events?.length : maxResults);
        events.push(...(page.events ?? []));
        nextToken = page.nextToken;
      } while (nextToken !== undefined);
      return events.map((e) => ({ id: e.id, previousEventId: e.previousEventId, type: e.type }));
    };
    const expected = whole.map((e) => ({ id: e.id, previousEventId: e.previousEventId, type: e.type }));
    expect(await read(false, 1000)).toEqual(expected);
    expect(await read(true, 333)).toEqual([...expected].reverse());
    expect(await read(false, 97)).toEqual(expected);
    const last = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1, reverseOrder: true }));
    expect(last.events?.[0]).toMatchObject({ id: whole.at(-1)?.id, type: 'ExecutionSucceeded' });
  }, 120_000);

  it('lists and describes the map run of a distributed Map, its children counted from DynamoDB', async () => {
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'MapRuns',
        definition: JSON.stringify(checkingMap({ MaxConcurrency: 2, ToleratedFailureCount: 1 })),
        roleArn: `arn:aws:iam::${ACCOUNT}:role/R`,
      }),
    );
    const input = JSON.stringify([{ id: 1 }, { fail: true }, { id: 3 }]);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input }));
    expect((await finished(executionArn!)).status).toBe('SUCCEEDED');
    const { mapRuns = [] } = await sfn.send(new ListMapRunsCommand({ executionArn }));
    expect(mapRuns.map((r) => r.stateMachineArn)).toEqual([`${stateMachineArn}/Each`]);
    const described = await sfn.send(new DescribeMapRunCommand({ mapRunArn: mapRuns[0]?.mapRunArn }));
    expect(described).toMatchObject({
      executionArn,
      status: 'SUCCEEDED',
      maxConcurrency: 2,
      toleratedFailureCount: 1,
      executionCounts: { succeeded: 2, failed: 1, pending: 0, running: 0, total: 3 },
    });
    const mapRunArn = mapRuns[0]?.mapRunArn;
    const { executions = [] } = await sfn.send(new ListExecutionsCommand({ mapRunArn }));
    expect(executions.map((e) => e.status).sort()).toEqual(['FAILED', 'SUCCEEDED', 'SUCCEEDED']);
    const succeeded = await sfn.send(
      new ListExecutionsCommand({ mapRunArn, statusFilter: 'SUCCEEDED', maxResults: 1 }),
    );
    expect(succeeded.executions).toHaveLength(1);
    expect(succeeded.nextToken).toBeDefined();
    const [child] = succeeded.executions ?? [];
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn: child?.executionArn }))).toMatchObject({
      status: 'SUCCEEDED',
      mapRunArn,
      stateMachineArn: `${stateMachineArn}/Each`,
    });
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn: child?.executionArn }));
    expect(events[0]).toMatchObject({ id: 1, type: 'ExecutionStarted' });
    expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    const parents = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
    expect(parents.executions?.map((e) => e.executionArn)).toEqual([executionArn]);
  });

  it("lists a redriven execution's map runs newest first, a page at a time, from their records on DynamoDB", async () => {
    // Two distributed Maps in turn, the second failing on its item: its redrive starts a third run.
    const second = checkingMap({ ToleratedFailureCount: 0 }) as { States: Record<string, object> };
    const first = checkingMap() as { States: Record<string, object> };
    const definition = {
      StartAt: 'First',
      States: {
        First: { ...first.States.Each, ItemsPath: '$.ok', ResultPath: null, End: undefined, Next: 'Second' },
        Second: { ...second.States.Each, ItemsPath: '$.items' },
      },
    };
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'MapRunPages',
        definition: JSON.stringify(definition),
        roleArn: `arn:aws:iam::${ACCOUNT}:role/R`,
      }),
    );
    const input = JSON.stringify({ ok: [{ id: 1 }], items: [{ fail: true }] });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input }));
    expect((await finished(executionArn!)).status).toBe('FAILED');
    await sfn.send(new RedriveExecutionCommand({ executionArn }));
    expect((await finished(executionArn!)).status).toBe('FAILED');
    const history = await runtime.deps.store.readHistory(executionArn!);
    const ends = new Map(
      history
        .filter((e) => e.type === 'MapRunFailed' || e.type === 'MapRunSucceeded')
        .map((e) => [e.previousEventId, e]),
    );
    const expected = history
      .filter((e) => e.type === 'MapRunStarted')
      .map((e) => ({
        mapRunArn: (e.mapRunStartedEventDetails as { mapRunArn: string }).mapRunArn,
        startDate: new Date(e.timestamp),
        stopDate: new Date(ends.get(e.id)?.timestamp ?? 0),
      }))
      .reverse();
    expect(expected).toHaveLength(3);
    const listed: object[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(new ListMapRunsCommand({ executionArn, maxResults: 2, nextToken }));
      expect(page.mapRuns).toHaveLength(page.nextToken === undefined ? 1 : 2);
      listed.push(
        ...(page.mapRuns ?? []).map(({ mapRunArn, startDate, stopDate }) => ({ mapRunArn, startDate, stopDate })),
      );
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    expect(listed).toEqual(expected);
  });

  it('answers TestState and the errors of the API to the SDK', async () => {
    const tested = await sfn.send(
      new TestStateCommand({
        definition: JSON.stringify({
          Type: 'Pass',
          Parameters: { 'doubled.$': 'States.MathAdd($.n, $.n)' },
          End: true,
        }),
        input: '{"n":21}',
      }),
    );
    expect(tested).toMatchObject({ status: 'SUCCEEDED', output: '{"doubled":42}' });
    await expect(
      sfn.send(
        new DescribeExecutionCommand({ executionArn: `arn:aws:states:${REGION}:${ACCOUNT}:execution:OrderSaga:none` }),
      ),
    ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
  });
});
