/**
 * Nested executions on the AWS path: a parent on the DynamoDB store and the SQS step queue starts a
 * child state machine of the same engine through `states:startExecution.sync:2`; the child runs on
 * the same queue, reached through the engine's own Step Functions API (never an emulator's Step
 * Functions), and the parent's job is polled with delayed step messages. A worker that dies after a
 * poll's describe call leaves the message to be delivered again: the job resumes and its result is
 * recorded once. Stopping the parent stops the child at the job's next poll.
 */
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  type Message,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsRuntimeFromEnv } from '../../src/aws/config.js';
import { createDynamoTable } from '../../src/aws/dynamo-table.js';
import { createQueues } from '../../src/aws/sqs-setup.js';
import {
  describeExecution,
  getExecutionHistory,
  startRegisteredExecution,
  stopExecution,
} from '../../src/runtime/lifecycle.js';
import type { TaskInvoker } from '../../src/runtime/ports.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { createStateMachine } from '../../src/runtime/state-machines.js';
import { emulatorsConfigured, receive, uniqueName } from './helpers.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const account = { region: REGION, accountId: ACCOUNT };

describe.skipIf(!emulatorsConfigured)('nested executions (.sync) on the AWS path', () => {
  const table = uniqueName('nested-store');
  let dynamodb: DynamoDBClient;
  let sqs: SQSClient;
  let runtime: Runtime;
  let queueUrl = '';
  let queueUrls: string[] = [];

  beforeAll(async () => {
    dynamodb = new DynamoDBClient({});
    sqs = new SQSClient({});
    await createDynamoTable(dynamodb, table);
    const queues = await createQueues(sqs, table, { maxReceives: 5 });
    queueUrl = queues.queueUrl;
    queueUrls = [queues.queueUrl, queues.deadLetterQueueUrl];
    runtime = awsRuntimeFromEnv({
      env: { ...process.env, STEPSTONE_TABLE: table, STEPSTONE_QUEUE_URL: queueUrl },
      account,
    });
  });

  afterAll(async () => {
    await dynamodb.send(new DeleteTableCommand({ TableName: table }));
    for (const url of queueUrls) await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    dynamodb.destroy();
    sqs.destroy();
  });

  /** Registers a state machine of the engine; answers its ARN. */
  async function register(name: string, definition: object): Promise<string> {
    const created = await createStateMachine(runtime, account, {
      name,
      definition: JSON.stringify(definition),
      roleArn: `arn:aws:iam::${ACCOUNT}:role/Stepstone`,
    });
    return created.stateMachineArn;
  }

  /**
   * Hands step messages to `handler` (the runtime, or one that crashes) until `done` holds; a message
   * whose handling throws stays on the queue, as for a worker that died.
   */
  async function drive(done: () => Promise<boolean>, handler: (m: Message) => Promise<void> = handle): Promise<void> {
    for (let round = 0; round < 90; round++) {
      if (await done()) return;
      for (const message of await receive(sqs, queueUrl, { waitTimeSeconds: 1 })) {
        try {
          await handler(message);
          await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
        } catch {
          // Died: the message comes back after its visibility timeout, made immediate here.
          await sqs.send(
            new ChangeMessageVisibilityCommand({
              QueueUrl: queueUrl,
              ReceiptHandle: message.ReceiptHandle,
              VisibilityTimeout: 0,
            }),
          );
        }
      }
    }
    throw new Error('the executions did not get where expected in 90 rounds');
  }

  async function handle(message: Message, on: Runtime = runtime): Promise<void> {
    await on.handle({
      messageId: message.MessageId ?? '',
      receipt: message.ReceiptHandle ?? '',
      body: message.Body ?? '',
      receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? '1'),
    });
  }

  const ended = (executionArn: string) => async () =>
    (await describeExecution(runtime, executionArn)).status !== 'RUNNING';

  async function startParent(childArn: string, name: string): Promise<string> {
    const parentArn = await register(uniqueName('parent'), {
      StartAt: 'Child',
      States: {
        Child: {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution.sync:2',
          Parameters: {
            StateMachineArn: childArn,
            Name: name,
            Input: { 'n.$': '$.n', 'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id' },
          },
          ResultSelector: { 'output.$': '$.Output', 'status.$': '$.Status' },
          End: true,
        },
      },
    });
    const { executionArn } = await startRegisteredExecution(runtime, parentArn, {
      name: uniqueName('run'),
      input: JSON.stringify({ n: 21 }),
    });
    return executionArn;
  }

  it('runs the child on the same engine, survives a worker dying between polls and records the result once', async () => {
    const childArn = await register(uniqueName('child'), {
      StartAt: 'Pause',
      States: {
        Pause: { Type: 'Wait', Seconds: 2, Next: 'Double' },
        Double: {
          Type: 'Pass',
          Parameters: {
            'doubled.$': 'States.MathAdd($.n, $.n)',
            'parent.$': '$.AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID',
          },
          End: true,
        },
      },
    });
    const executionArn = await startParent(childArn, uniqueName('child-run'));
    // A worker that dies right after describing a finished job: before the result is committed.
    let crashes = 0;
    const dying: TaskInvoker = {
      invoke: (task, execution) => runtime.deps.invoker.invoke(task, execution),
      pollJob: async (resource, job, execution) => {
        const status = await (runtime.deps.invoker.pollJob as NonNullable<TaskInvoker['pollJob']>)(
          resource,
          job,
          execution,
        );
        if (status.state !== 'RUNNING' && crashes === 0) {
          crashes++;
          throw new Error('the worker died between the describe call and the commit');
        }
        return status;
      },
    };
    const crashing = new Runtime({ ...runtime.deps, invoker: dying });
    await drive(ended(executionArn), (message) => handle(message, crashing));
    expect(crashes).toBe(1);
    const described = await describeExecution(runtime, executionArn);
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output ?? 'null')).toEqual({
      output: { doubled: 42, parent: executionArn },
      status: 'SUCCEEDED',
    });
    const { events } = await getExecutionHistory(runtime, executionArn, { maxResults: 100 });
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('polls the job once per poll when every poll message is delivered twice', async () => {
    const childArn = await register(uniqueName('child'), {
      StartAt: 'Pause',
      States: { Pause: { Type: 'Wait', Seconds: 3, End: true } },
    });
    const executionArn = await startParent(childArn, uniqueName('child-run'));
    const polls: number[] = [];
    await drive(ended(executionArn), async (message) => {
      await handle(message);
      const body = JSON.parse(message.Body ?? '{}') as { kind?: string; poll?: number };
      if (body.kind !== 'job') return;
      polls.push(body.poll ?? 0);
      // SQS delivers a duplicate under a message id of its own.
      await handle({ ...message, MessageId: `${message.MessageId}-again` });
    });
    expect((await describeExecution(runtime, executionArn)).status).toBe('SUCCEEDED');
    const { events } = await getExecutionHistory(runtime, executionArn, { maxResults: 100 });
    expect(events.filter((e) => e.type === 'TaskSucceeded')).toHaveLength(1);
    expect(polls.length).toBeGreaterThan(1);
    // One chain: no poll was sent twice.
    expect(new Set(polls).size).toBe(polls.length);
  });

  it('stops the child when the parent is stopped', async () => {
    const childArn = await register(uniqueName('child'), {
      StartAt: 'Long',
      States: { Long: { Type: 'Wait', Seconds: 3600, End: true } },
    });
    const childName = uniqueName('child-run');
    const executionArn = await startParent(childArn, childName);
    const childExecution = `${childArn.replace(':stateMachine:', ':execution:')}:${childName}`;
    const submitted = async () =>
      (await getExecutionHistory(runtime, executionArn, { maxResults: 100 })).events.some(
        (e) => e.type === 'TaskSubmitted',
      );
    await drive(submitted);
    await stopExecution(runtime, executionArn);
    await drive(ended(childExecution));
    expect((await describeExecution(runtime, childExecution)).status).toBe('ABORTED');
  });
});
