/**
 * One worker of the distributed Map benchmark, in its own process: a `pollQueue` loop (batches of 10,
 * handled concurrently, as Lambda's event source mapping feeds the worker function) over the SQS
 * queue, on the runtime `awsRuntimeFromEnv` builds from `STEPSTONE_TABLE` and `STEPSTONE_QUEUE_URL`,
 * its integrations (the Map's S3 reader and writer) on an S3 client of its own. Every request to
 * DynamoDB, SQS and S3 is counted.
 *
 * Protocol on stdout: `ready` once polling; on stdin `stop` ends the loop after the batch in flight,
 * and the last line is `stats <json>` ({@link MapWorkerStats}).
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { awsRuntimeFromEnv } from '../../src/aws/config.js';
import { AwsClients } from '../../src/integrations/clients.js';
import { IntegrationInvoker } from '../../src/integrations/invoker.js';
import { pollQueue } from '../../src/runtime/poller.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { countRequests } from './requests.js';

/** What a worker reports when it stops. */
export interface MapWorkerStats {
  readonly handled: number;
  readonly failed: number;
  readonly outcomes: Readonly<Record<string, number>>;
  /** Requests by service (`DynamoDB`, `SQS`, `S3`). */
  readonly requests: Readonly<Record<string, number>>;
  /** The process's peak resident set (Linux `VmHWM`), MiB. */
  readonly peakRssMiB: number;
}

const requests: Record<string, number> = {};
const dynamodb = countRequests(new DynamoDBClient({}), 'DynamoDB', requests);
const sqs = countRequests(new SQSClient({}), 'SQS', requests);
const s3 = countRequests(new S3Client({ forcePathStyle: true }), 'S3', requests);
const base = awsRuntimeFromEnv({ clients: { dynamodb, sqs } });
const invoker = new IntegrationInvoker({ clients: new AwsClients({ prebuilt: { S3: s3 } }) });
const runtime = new Runtime({ ...base.deps, invoker });
const controller = new AbortController();
const outcomes: Record<string, number> = {};
let failed = 0;

createInterface({ input: process.stdin })
  .on('line', (line) => {
    if (line.trim() === 'stop') controller.abort();
  })
  .on('close', () => controller.abort());

/** The peak resident set so far, MiB (`VmHWM` of /proc/self/status). */
function peakRssMiB(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match === null ? process.memoryUsage().rss / 2 ** 20 : Number(match[1]) / 1024;
}

process.stdout.write('ready\n');
const handled = await pollQueue(base.deps.queue, (message) => runtime.handle(message), {
  batchSize: 10,
  waitSeconds: 1,
  visibilitySeconds: 300,
  signal: controller.signal,
  onHandled: (_message, outcome) => {
    if (outcome instanceof Error) {
      failed++;
      process.stderr.write(`worker ${process.pid}: ${outcome.message}\n`);
      return;
    }
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  },
});
const stats: MapWorkerStats = { handled, failed, outcomes, requests, peakRssMiB: peakRssMiB() };
process.stdout.write(`stats ${JSON.stringify(stats)}\n`);
process.exit(0);
