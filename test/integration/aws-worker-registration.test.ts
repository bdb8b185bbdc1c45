/**
 * After a deployment, the worker registers the deployed workflows itself (as the API does), so that a
 * `states:startExecution` task can start a workflow the deployment added before the API has answered
 * any request. The deployment is made as the CDK stack makes it (the workflow's document as an S3
 * object, `STEPSTONE_WORKFLOWS` naming it); the API handler is never called here: only
 * `functions/worker.ts` handles the step messages.
 */
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
import { awsRuntimeFromEnv } from '../../src/aws/config.js';
import type { WorkflowDocument } from '../../src/aws/deployed-workflows.js';
import { createDynamoTable } from '../../src/aws/dynamo-table.js';
import { createQueues } from '../../src/aws/sqs-setup.js';
import { describeExecution, startExecution } from '../../src/runtime/lifecycle.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { emulatorName, emulatorsConfigured, uniqueName } from './helpers.js';
import { deliverBatch, type WorkerHandler } from './lambda-events.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const CHILD_ARN = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:Greeter`;

describe.skipIf(!emulatorsConfigured)(`the worker handler on ${emulatorName}, after a deployment`, () => {
  const dynamodb = new DynamoDBClient({});
  const sqs = new SQSClient({});
  const tableName = uniqueName('worker-registers');
  const bucket = uniqueName('worker-registers').toLowerCase();
  const saved: Record<string, string | undefined> = {};
  let s3: S3Client;
  let runtime: Runtime;
  let queueUrl = '';
  let queueUrls: string[] = [];
  let worker: WorkerHandler;

  beforeAll(async () => {
    const s3Endpoint = process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL_SQS ?? '';
    s3 = new S3Client({ endpoint: s3Endpoint, forcePathStyle: true });
    await createDynamoTable(dynamodb, tableName);
    const queues = await createQueues(sqs, tableName, { maxReceives: 5 });
    queueUrl = queues.queueUrl;
    queueUrls = [queues.queueUrl, queues.deadLetterQueueUrl];
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const document: WorkflowDocument = {
      definition: JSON.stringify({
        StartAt: 'Greet',
        States: {
          Greet: { Type: 'Pass', Parameters: { 'greeting.$': "States.Format('hello {}', $.name)" }, End: true },
        },
      }),
      functions: {},
    };
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'Greeter.json', Body: JSON.stringify(document) }));
    const env = {
      AWS_ENDPOINT_URL_S3: s3Endpoint,
      STEPSTONE_TABLE: tableName,
      STEPSTONE_QUEUE_URL: queueUrl,
      STEPSTONE_MAX_RECEIVES: '5',
      STEPSTONE_WORKFLOWS: JSON.stringify({ workflows: { Greeter: `s3://${bucket}/Greeter.json` }, functions: [] }),
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    };
    for (const [name, value] of Object.entries(env)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    runtime = awsRuntimeFromEnv();
    // The worker module builds its runtime and its registration from the environment when first imported.
    worker = (await import('../../functions/worker.js')).handler;
  });

  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await dynamodb.send(new DeleteTableCommand({ TableName: tableName }));
    for (const url of queueUrls) await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'Greeter.json' }));
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    for (const client of [dynamodb, sqs, s3]) client.destroy();
  });

  /** Hands the step queue's messages to the worker handler until `done` holds. */
  async function pump(done: () => Promise<boolean>): Promise<void> {
    for (let round = 0; round < 60; round++) {
      if (await done()) return;
      await deliverBatch(sqs, queueUrl, worker);
    }
    throw new Error('the condition never held after 60 rounds');
  }

  it('starts a deployed workflow from a states:startExecution task before the API has answered once', async () => {
    const parent = await startExecution(
      runtime,
      {
        stateMachineArn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:Caller`,
        definition: JSON.stringify({
          StartAt: 'StartGreeter',
          States: {
            StartGreeter: {
              Type: 'Task',
              Resource: 'arn:aws:states:::states:startExecution',
              Parameters: { StateMachineArn: CHILD_ARN, Input: { name: 'ana' } },
              ResultSelector: { 'executionArn.$': '$.ExecutionArn' },
              End: true,
            },
          },
        }),
      },
      { name: uniqueName('caller'), input: '{}' },
    );
    let childArn = '';
    await pump(async () => {
      const described = await describeExecution(runtime, parent.executionArn);
      if (described.status === 'RUNNING') return false;
      expect(described).toMatchObject({ status: 'SUCCEEDED' });
      childArn = (JSON.parse(described.output ?? '{}') as { executionArn: string }).executionArn;
      return (await describeExecution(runtime, childArn)).status !== 'RUNNING';
    });
    expect(childArn).toMatch(/^arn:aws:states:us-east-1:123456789012:execution:Greeter:/);
    const child = await describeExecution(runtime, childArn);
    expect(child.status).toBe('SUCCEEDED');
    expect(JSON.parse(child.output ?? 'null')).toEqual({ greeting: 'hello ana' });
  });
});
