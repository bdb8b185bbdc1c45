/**
 * Integration tasks in the cost benchmark: what a Task whose resource is a service integration
 * (`dynamodb:putItem`, `sqs:sendMessage`, `sns:publish`, `sqs:sendMessage.waitForTaskToken`) costs
 * the engine per state transition, next to the same shapes with Lambda tasks.
 *
 * Two bills are kept apart:
 * - **the engine's**: the DynamoDB units, SQS requests and Lambda invocations of Stepstone itself
 *   (what the rest of the benchmark counts: the calls the integration makes go through clients of
 *   their own, which the engine's meters never see);
 * - **the integration's own call**: the `PutItem`, `SendMessage` or `Publish` the task exists to make,
 *   which the user pays to the service on Step Functions too (and the Lambda task's `Invoke`). These
 *   are counted from the history's `TaskScheduled` / `LambdaFunctionScheduled` events and priced by
 *   AWS's rules: a `PutItem` by the item's size (billing.ts), a `SendMessage` or `Publish` per 64 KB
 *   of its message.
 *
 * The targets (a table, a queue, a topic) are created on the emulators before the runs, so the
 * definitions name them literally, as a deployed definition would.
 */
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, DeleteTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { HistoryEvent } from '../../src/engine/types.js';
import { itemSize } from './billing.js';
import { type PathFigures, perMillion } from './figures.js';
import { PRICES } from './prices.js';
import { num, table, usd } from './report.js';
import type { Workload } from './workloads.js';

/** SNS standard topic publish (each 64 KB chunk of a message is one request). */
export const SNS_PUBLISH_PRICE = {
  usd: 0.5 / 1e6,
  unit: 'publish request (64 KB chunk)',
  source: 'https://aws.amazon.com/sns/pricing/ ($0.50 per million requests, standard topics; read 2026-12-06)',
} as const;

/** The service resources the integration tasks call. */
export interface IntegrationTargets {
  readonly table: string;
  readonly queueUrl: string;
  readonly topicArn: string;
  /** Deletes them. */
  release(): Promise<void>;
}

/**
 * Creates a table, a queue and a topic on the emulators the standard SDK configuration names; SNS is
 * looked for at `AWS_ENDPOINT_URL_SNS`, else on the SQS endpoint (moto and LocalStack serve both
 * there), which is then set for the integrations to find.
 */
export async function createIntegrationTargets(): Promise<IntegrationTargets> {
  process.env.AWS_ENDPOINT_URL_SNS ??= process.env.AWS_ENDPOINT_URL_SQS ?? process.env.AWS_ENDPOINT_URL;
  const name = `stepstone-bench-integ-${randomUUID().slice(0, 8)}`;
  const dynamodb = new DynamoDBClient({});
  const sqs = new SQSClient({});
  const sns = new SNSClient({});
  await dynamodb.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl ?? '';
  const topicArn = (await sns.send(new CreateTopicCommand({ Name: name }))).TopicArn ?? '';
  return {
    table: name,
    queueUrl,
    topicArn,
    async release() {
      await dynamodb.send(new DeleteTableCommand({ TableName: name }));
      await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
      await sns.send(new DeleteTopicCommand({ TopicArn: topicArn }));
      for (const client of [dynamodb, sqs, sns]) client.destroy();
    },
  };
}

/**
 * A chain of `length` integration Tasks cycling through `dynamodb:putItem`, `sqs:sendMessage` and
 * `sns:publish`, each leaving the state as it was (`ResultPath: null`), as the Lambda chain's
 * counterpart.
 */
export function integrationChain(length: number, targets: IntegrationTargets): object {
  const states: Record<string, object> = {};
  for (let i = 1; i <= length; i++) {
    const next = i < length ? { Next: `Step${i + 1}` } : { End: true };
    const task = [
      {
        Resource: 'arn:aws:states:::dynamodb:putItem',
        Parameters: { TableName: targets.table, Item: { id: { 'S.$': `States.Format('{}-${i}', $.orderId)` } } },
      },
      {
        Resource: 'arn:aws:states:::sqs:sendMessage',
        Parameters: { QueueUrl: targets.queueUrl, MessageBody: { 'orderId.$': '$.orderId', step: i } },
      },
      {
        Resource: 'arn:aws:states:::sns:publish',
        Parameters: { TopicArn: targets.topicArn, Message: { 'orderId.$': '$.orderId', step: i } },
      },
    ][(i - 1) % 3];
    states[`Step${i}`] = { Type: 'Task', ...task, ResultPath: null, ...next };
  }
  return { Comment: `${length} integration Tasks in a row`, StartAt: 'Step1', States: states };
}

/** One `.waitForTaskToken` Task: the token goes out through `resource` with `parameters`. */
function callback(resource: string, parameters: object): object {
  return {
    Comment: 'One callback Task',
    StartAt: 'Notify',
    States: {
      Notify: {
        Type: 'Task',
        Resource: resource,
        Parameters: parameters,
        TimeoutSeconds: 900,
        ResultPath: '$.approval',
        End: true,
      },
    },
  };
}

const CHAIN_LENGTH = 10;
const APPROVAL = { approved: true, by: 'ana' };

/**
 * The integration workloads and their Lambda counterparts, shown for comparison (left out of the
 * overall figure, which stays the Lambda workloads' own).
 */
export function integrationWorkloads(targets: IntegrationTargets): Workload[] {
  const order = { orderId: 'o-1', n: 0 };
  return [
    {
      name: `${CHAIN_LENGTH} integration Tasks`,
      definition: integrationChain(CHAIN_LENGTH, targets),
      input: order,
      expected: { status: 'SUCCEEDED', output: order },
      expressEligible: true,
      reference: true,
    },
    {
      name: 'callback through SQS',
      definition: callback('arn:aws:states:::sqs:sendMessage.waitForTaskToken', {
        QueueUrl: targets.queueUrl,
        MessageBody: { 'orderId.$': '$.orderId', 'token.$': '$$.Task.Token' },
      }),
      input: order,
      expected: { status: 'SUCCEEDED', output: { ...order, approval: APPROVAL } },
      callbackOutput: APPROVAL,
      expressEligible: false,
      reference: true,
    },
    {
      name: 'callback through Lambda',
      definition: callback('arn:aws:states:::lambda:invoke.waitForTaskToken', {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a DefinitionSubstitutions placeholder
        FunctionName: '${Step}',
        Payload: { 'n.$': '$.n', 'token.$': '$$.Task.Token' },
      }),
      input: order,
      expected: { status: 'SUCCEEDED', output: { ...order, approval: APPROVAL } },
      callbackOutput: APPROVAL,
      expressEligible: false,
      reference: true,
    },
  ];
}

/** The calls a run's tasks made to their services, as the service bills them. */
export interface TaskCalls {
  /** Requests by `<service>:<action>` (`lambda:invoke` for a Lambda task). */
  readonly requests: Readonly<Record<string, number>>;
  /** DynamoDB write units of the `PutItem`s. */
  readonly writeUnits: number;
  /** Dollars: the requests and units at list prices (a Lambda task's duration is left out). */
  readonly usd: number;
}

const CHUNK = 65_536;

/** A DynamoDB JSON item's values (`{ id: { S: 'a' } }` → `{ id: 'a' }`), for sizing scalar attributes. */
function attributeValues(item: Readonly<Record<string, Record<string, unknown>>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, Object.values(value)[0]]));
}

/** The task calls of one execution, read from its history. */
export function taskCalls(history: readonly HistoryEvent[]): TaskCalls {
  const requests: Record<string, number> = {};
  let writeUnits = 0;
  let usd = 0;
  for (const event of history) {
    if (event.type === 'LambdaFunctionScheduled') {
      requests['lambda:invoke'] = (requests['lambda:invoke'] ?? 0) + 1;
      usd += PRICES.lambdaRequest.usd;
      continue;
    }
    if (event.type !== 'TaskScheduled') continue;
    const details = event.taskScheduledEventDetails as { resourceType: string; resource: string; parameters: string };
    const action = `${details.resourceType}:${details.resource.split('.')[0]}`;
    requests[action] = (requests[action] ?? 0) + 1;
    const parameters = JSON.parse(details.parameters) as Record<string, unknown>;
    const chunks = (text: unknown) =>
      Math.max(1, Math.ceil(Buffer.byteLength(typeof text === 'string' ? text : JSON.stringify(text)) / CHUNK));
    switch (action) {
      case 'dynamodb:putItem': {
        const units = Math.max(
          1,
          Math.ceil(itemSize(attributeValues(parameters.Item as Record<string, Record<string, unknown>>)) / 1024),
        );
        writeUnits += units;
        usd += units * PRICES.dynamoWru.usd;
        break;
      }
      case 'sqs:sendMessage':
        usd += chunks(parameters.MessageBody) * PRICES.sqsRequest.usd;
        break;
      case 'sns:publish':
        usd += chunks(parameters.Message) * SNS_PUBLISH_PRICE.usd;
        break;
      case 'lambda:invoke':
        usd += PRICES.lambdaRequest.usd;
        break;
      default:
        throw new Error(`no price for the task call ${action}`);
    }
  }
  return { requests, writeUnits, usd };
}

/** `dynamodb:putItem 4, sqs:sendMessage 3` */
export function describeRequests(calls: TaskCalls): string {
  return Object.entries(calls.requests)
    .map(([action, n]) => `${action} ${n}`)
    .join(', ');
}

/** One workload's AWS figures and its tasks' own calls. */
export interface IntegrationRow {
  readonly workload: Workload;
  readonly aws: PathFigures;
  readonly calls: TaskCalls;
}

/**
 * The table `npm run bench:cost` prints for integration tasks: per state transition, the engine's own
 * DynamoDB units, SQS requests and Lambda invocations with their price, then the tasks' own calls.
 */
export function integrationTable(rows: readonly IntegrationRow[]): string {
  return table(
    [
      'workload',
      'transitions',
      'engine WRU',
      'engine RRU',
      'engine SQS req.',
      'engine Lambda inv.',
      'engine $/M',
      'task calls (per execution)',
      'task calls $/M',
    ],
    rows.map(({ workload, aws: f, calls }) => {
      const t = f.run.transitions;
      return [
        workload.name,
        String(t),
        num(f.writeUnits / t, 2),
        num(f.readUnits / t, 2),
        num(f.sqs.total / t, 2),
        num((f.invocations.worker + f.invocations.api) / t, 2),
        usd(perMillion(f.usd.stepstone, t)),
        `${describeRequests(calls)}${calls.writeUnits > 0 ? ` (${num(calls.writeUnits)} WRU)` : ''}`,
        usd(perMillion(calls.usd, t)),
      ];
    }),
  );
}
