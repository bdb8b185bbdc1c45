/**
 * The runtime on AWS, configured from the environment — what the worker and API Lambda functions
 * (and `stepstone worker`) call once per process.
 *
 * Environment variables:
 *
 * | Variable | Meaning |
 * | --- | --- |
 * | `STEPSTONE_TABLE` | required: the DynamoDB table (see {@link createDynamoTable}) |
 * | `STEPSTONE_QUEUE_URL` | required: the URL of the SQS step queue (see {@link createQueues}) |
 * | `STEPSTONE_MAX_RECEIVES` | deliveries before a message is dead-lettered: the queue's `maxReceiveCount` (default 5) |
 * | `STEPSTONE_ACCOUNT_ID` | the account of the state machines `aws-sdk:sfn:createStateMachine` tasks create (the CDK `StepstoneEngine` sets the stack's) |
 * | `STEPSTONE_PAYLOAD_BUCKET` | optional: an S3 bucket for payloads over 256 KiB; set, it lifts Step Functions' 256 KiB limit (docs/large-payloads.md) |
 * | `STEPSTONE_PAYLOAD_ABOVE_BYTES` | with a payload bucket: items over this size keep their payloads there (default 262144) |
 * | `AWS_REGION` | the region, read by the AWS SDK |
 * | `AWS_ENDPOINT_URL` | one endpoint for every service (LocalStack), read by the AWS SDK |
 * | `AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_SQS`, `AWS_ENDPOINT_URL_LAMBDA`, `AWS_ENDPOINT_URL_<SERVICE>` | per-service endpoints (moto, LocalStack), read by the AWS SDK; they also decide where Task integrations (`sns:publish`, `aws-sdk:s3:*`, …) call |
 * | `AWS_ACCESS_KEY_ID`, `AWS_PROFILE`, … | credentials, from the SDK's default provider chain |
 *
 * No endpoint is set in code: LocalStack and the emulators need only the environment.
 *
 * @example
 * // STEPSTONE_TABLE=stepstone STEPSTONE_QUEUE_URL=https://sqs.eu-west-1.amazonaws.com/123/steps
 * const runtime = awsRuntimeFromEnv();
 * await runtime.handle(message);
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
 */

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { AwsClients } from '../integrations/clients.js';
import { inProcessSfnClient } from '../integrations/in-process-sfn.js';
import { IntegrationInvoker } from '../integrations/invoker.js';
import { LambdaInvoker } from '../integrations/lambda.js';
import type { Account } from '../runtime/names.js';
import type { Clock } from '../runtime/ports.js';
import { Runtime, type RuntimeDependencies, type RuntimeOptions } from '../runtime/runtime.js';
import { DynamoRegistry } from './dynamo-registry.js';
import { DynamoStore, type DynamoStoreOptions } from './dynamo-store.js';
import { ConfigurationError } from './errors.js';
import { S3PayloadStore } from './s3-payloads.js';
import { SqsQueue } from './sqs-queue.js';

/** Options of {@link awsRuntimeFromEnv}. */
export interface AwsRuntimeOptions extends RuntimeOptions {
  /** Called with the history events of each commit (metrics, logs). */
  readonly onEvents?: RuntimeDependencies['onEvents'];
  /** Called with the DynamoDB capacity each store operation consumed (metrics, benchmarks). */
  readonly onConsumedCapacity?: DynamoStoreOptions['onConsumedCapacity'];
  /**
   * SDK clients to use (for custom retry settings or tracing); build them from the standard
   * configuration too. @default new clients with no options
   */
  readonly clients?: {
    readonly dynamodb?: DynamoDBClient;
    readonly sqs?: SQSClient;
    readonly lambda?: LambdaClient;
    readonly s3?: S3Client;
  };
  /** Where the `STEPSTONE_*` variables are read. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * The account state machines created through `aws-sdk:sfn:createStateMachine` tasks belong to
   * (executions, task tokens and the state machines tasks name carry their own ARNs).
   * @default the region of `AWS_REGION` and the account of `STEPSTONE_ACCOUNT_ID`
   */
  readonly account?: Account;
}

/**
 * Milliseconds the API function's `StartExecution` spends running a new execution's first step
 * itself (see `RuntimeOptions.startStepMilliseconds`): a workflow whose first step ends or waits
 * within a second costs no start message, and `StartExecution` still answers within about a second
 * plus the run time of a task it started.
 */
export const API_START_STEP_MILLISECONDS = 1000;

/** Wall-clock time. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => clearTimeout(timer));
    }),
};

/** The settings the `STEPSTONE_*` variables give; throws {@link ConfigurationError} when one is missing. */
export function awsSettingsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): {
  tableName: string;
  queueUrl: string;
  maxReceives: number | undefined;
  payloads: { bucket: string; aboveBytes: number | undefined } | undefined;
} {
  const tableName = env.STEPSTONE_TABLE;
  const queueUrl = env.STEPSTONE_QUEUE_URL;
  if (tableName === undefined || tableName === '') {
    throw new ConfigurationError('STEPSTONE_TABLE is not set: name the DynamoDB table Stepstone keeps its state in');
  }
  if (queueUrl === undefined || queueUrl === '') {
    throw new ConfigurationError('STEPSTONE_QUEUE_URL is not set: give the URL of the SQS step queue');
  }
  const raw = env.STEPSTONE_MAX_RECEIVES;
  const maxReceives = raw === undefined || raw === '' ? undefined : Number(raw);
  if (maxReceives !== undefined && (!Number.isInteger(maxReceives) || maxReceives < 1)) {
    throw new ConfigurationError(`STEPSTONE_MAX_RECEIVES is '${raw}': give a whole number of deliveries, 1 or more`);
  }
  return { tableName, queueUrl, maxReceives, payloads: payloadSettings(env) };
}

/** The payload bucket's settings, when `STEPSTONE_PAYLOAD_BUCKET` names one. */
function payloadSettings(
  env: Readonly<Record<string, string | undefined>>,
): { bucket: string; aboveBytes: number | undefined } | undefined {
  const bucket = env.STEPSTONE_PAYLOAD_BUCKET;
  if (bucket === undefined || bucket === '') return undefined;
  const raw = env.STEPSTONE_PAYLOAD_ABOVE_BYTES;
  const aboveBytes = raw === undefined || raw === '' ? undefined : Number(raw);
  if (aboveBytes !== undefined && (!Number.isInteger(aboveBytes) || aboveBytes < 1024 || aboveBytes > 350_000)) {
    throw new ConfigurationError(
      `STEPSTONE_PAYLOAD_ABOVE_BYTES is '${raw}': give a whole number of bytes from 1024 to 350000 (a DynamoDB item holds 400 KB)`,
    );
  }
  return { bucket, aboveBytes };
}

/**
 * Builds a {@link Runtime} on DynamoDB and SQS from the environment (see the module comment), whose
 * tasks run through the {@link IntegrationInvoker}: Lambda, the optimised integrations, `aws-sdk:*`.
 */
export function awsRuntimeFromEnv(options: AwsRuntimeOptions = {}): Runtime {
  const { env, onEvents, onConsumedCapacity, clients, account, ...runtimeOptions } = options;
  const settings = awsSettingsFromEnv(env);
  const variables = env ?? process.env;
  const region = account?.region ?? variables.AWS_REGION ?? 'us-east-1';
  const own = account ?? { region, accountId: variables.STEPSTONE_ACCOUNT_ID ?? '' };
  // states:startExecution and aws-sdk:sfn:* reach this engine's own Step Functions API, in-process.
  // The API sits above the adapters, so it is loaded when first called.
  const stepFunctions = inProcessSfnClient(async (request) => {
    const { handleHttp } = await import('../api/http.js');
    return handleHttp({ runtime, account: own }, request);
  }, region);
  const payloads =
    settings.payloads === undefined
      ? undefined
      : {
          store: new S3PayloadStore({
            bucket: settings.payloads.bucket,
            // By path on an emulator (moto, LocalStack), whose endpoint the SDK configuration names.
            client:
              clients?.s3 ??
              new S3Client(variables.AWS_ENDPOINT_URL_S3 || variables.AWS_ENDPOINT_URL ? { forcePathStyle: true } : {}),
          }),
          aboveBytes: settings.payloads.aboveBytes,
        };
  const runtime: Runtime = new Runtime(
    {
      store: new DynamoStore({
        tableName: settings.tableName,
        client: clients?.dynamodb,
        onConsumedCapacity,
        payloads,
      }),
      queue: new SqsQueue({ queueUrl: settings.queueUrl, client: clients?.sqs }),
      invoker: new IntegrationInvoker({
        clients: new AwsClients({ prebuilt: { SFN: stepFunctions } }),
        lambda: new LambdaInvoker({ client: clients?.lambda }),
      }),
      registry: new DynamoRegistry({ tableName: settings.tableName, client: clients?.dynamodb }),
      clock: systemClock,
      onEvents,
    },
    { maxReceives: settings.maxReceives, largePayloads: payloads !== undefined, ...runtimeOptions },
  );
  return runtime;
}
