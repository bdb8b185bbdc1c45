/**
 * AWS's execution quotas on the AWS code path: a runtime built by `awsRuntimeFromEnv` on the
 * emulators' DynamoDB and SQS, driven by a receive loop as Lambda's event source mapping would drive
 * the worker, with the step budget it has on AWS (250 states per commit). A Pass loop with no way out
 * must end at history event 25,000 exactly as on AWS, instead of taking steps for ever.
 */
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsRuntimeFromEnv } from '../../src/aws/config.js';
import { createDynamoTable } from '../../src/aws/dynamo-table.js';
import { createQueues } from '../../src/aws/sqs-setup.js';
import { childExecutionArn } from '../../src/engine/states/child-executions.js';
import { describeExecution, getExecutionHistory, startExecution } from '../../src/runtime/lifecycle.js';
import { describeMapRun } from '../../src/runtime/map-runs.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { countTo, PASS_LOOP } from '../support/runaway.js';
import { emulatorsConfigured, uniqueName } from './helpers.js';

const STATE_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:Runaway';

/** Handles messages until the execution is no longer RUNNING; returns how many were handled. */
async function drive(runtime: Runtime, executionArn: string, rounds: number): Promise<number> {
  const { queue, store } = runtime.deps;
  let handled = 0;
  for (let round = 0; round < rounds; round++) {
    if ((await store.getExecution(executionArn))?.status !== 'RUNNING') return handled;
    const messages = await queue.receive({ maxMessages: 10, waitSeconds: 1 });
    for (const message of messages) {
      await runtime.handle(message);
      await queue.ack(message.receipt);
      handled++;
    }
  }
  throw new Error(`${executionArn} still RUNNING after ${rounds} rounds`);
}

describe.skipIf(!emulatorsConfigured)('execution quotas on the AWS adapters', () => {
  const dynamodb = new DynamoDBClient({});
  const sqs = new SQSClient({});
  const tableName = uniqueName('quotas');
  let queueUrls: string[] = [];
  let runtime: Runtime;

  beforeAll(async () => {
    await createDynamoTable(dynamodb, tableName);
    const queues = await createQueues(sqs, uniqueName('quotas'), { maxReceives: 5 });
    queueUrls = [queues.queueUrl, queues.deadLetterQueueUrl];
    runtime = awsRuntimeFromEnv({
      clients: { dynamodb, sqs },
      env: { STEPSTONE_TABLE: tableName, STEPSTONE_QUEUE_URL: queues.queueUrl },
    });
  });

  afterAll(async () => {
    await dynamodb.send(new DeleteTableCommand({ TableName: tableName }));
    for (const url of queueUrls) await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    dynamodb.destroy();
    sqs.destroy();
  });

  it('fails a STANDARD Pass loop with States.Runtime at history event 25,000', async () => {
    const { executionArn } = await startExecution(runtime, { stateMachineArn: STATE_MACHINE, definition: PASS_LOOP });
    const handled = await drive(runtime, executionArn, 200);
    // 250 states a commit, two events each: the limit is reached in the 50th step.
    expect(handled).toBe(50);

    const described = await describeExecution(runtime, executionArn);
    expect(described).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: 'The execution reached the maximum number of history events (25000).',
    });
    const last = await getExecutionHistory(runtime, executionArn, { reverseOrder: true, maxResults: 2 });
    expect(last.events.map(({ id, previousEventId, type }) => ({ id, previousEventId, type }))).toEqual([
      { id: 25_000, previousEventId: 24_999, type: 'ExecutionFailed' },
      { id: 24_999, previousEventId: 24_998, type: 'PassStateExited' },
    ]);
    // Nothing goes on after the end: the queue holds no further step.
    expect(await runtime.deps.queue.receive({ maxMessages: 10, waitSeconds: 0 })).toEqual([]);
  }, 120_000);

  it("fails a distributed Map's STANDARD child at event 25,000 of its own history, from a frame of its nested Parallel", async () => {
    const count = countTo(7000);
    const definition = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ToleratedFailureCount: 0,
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED' },
            StartAt: 'Both',
            States: {
              Both: {
                Type: 'Parallel',
                Branches: [
                  { StartAt: 'Pause', States: { Pause: { Type: 'Wait', Seconds: 1, Next: 'Count' }, ...count.States } },
                ],
                End: true,
              },
            },
          },
          End: true,
        },
      },
    };
    const { executionArn } = await startExecution(
      runtime,
      { stateMachineArn: `${STATE_MACHINE}Map`, definition },
      { input: JSON.stringify([{ n: 0 }]) },
    );
    await drive(runtime, executionArn, 300);

    expect(await describeExecution(runtime, executionArn)).toMatchObject({
      status: 'FAILED',
      error: 'States.ExceedToleratedFailureThreshold',
    });
    const parent = await getExecutionHistory(runtime, executionArn, { maxResults: 1000 });
    const started = parent.events.find((e) => e.type === 'MapRunStarted');
    const mapRunArn = (started?.mapRunStartedEventDetails as { mapRunArn?: string } | undefined)?.mapRunArn ?? '';
    const child = childExecutionArn(mapRunArn, 0);
    expect(await describeExecution(runtime, child)).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: 'The execution reached the maximum number of history events (25000).',
    });
    const last = await getExecutionHistory(runtime, child, { reverseOrder: true, maxResults: 1 });
    expect(last.events.map(({ id, previousEventId, type }) => ({ id, previousEventId, type }))).toEqual([
      { id: 25_000, previousEventId: 24_999, type: 'ExecutionFailed' },
    ]);
    expect((await describeMapRun(runtime, mapRunArn)).executionCounts).toMatchObject({ failed: 1, total: 1 });
  }, 180_000);
});
