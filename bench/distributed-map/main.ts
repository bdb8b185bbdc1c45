/**
 * A distributed Map over N items on the emulators (moto, started as the other AWS-path benchmarks
 * start it): the items are JSON Lines in S3 (`{"id": <n>}`), read by the Map's `ItemReader` a page at
 * a time, batched (`ItemBatcher`, see below for how many items to a child), run with `MaxConcurrency` 1,000 by worker
 * processes (worker.ts: the runtime over DynamoDB and SQS, polling the queue as the worker function
 * does), each child a Pass state answering its items' ids, and written by a `ResultWriter` as JSON
 * Lines. The results are read back from the files the manifest names, and every item's id must be
 * there exactly once.
 *
 * For each size it prints the wall time from the start to the execution's end, items per second, the
 * workers' peak resident set (the largest `VmHWM` of them), and the DynamoDB, SQS and S3 requests per
 * item (the workers' and this process's), then, for the largest size:
 * `distributed map: <n> items, <x> items/s, peak worker RSS <y> MiB, every item once: yes`.
 *
 * `npm run bench:distributed-map -- [sizes…] [--workers n] [--batch n] [--concurrency n]` (10000
 * 100000 1000000, 2 workers, `MaxConcurrency` 1,000 by default).
 *
 * Items per child: `--batch`, else 100 up to 100,000 items and n / 1,000 beyond (1,000 children, each
 * of 1,000 items at 1,000,000). The run's requests grow with its children, not its items; but moto
 * answers every `Query` by reading and sorting the whole table (moto 5.2.5 `Table.query` calls
 * `all_items()`), and each child's start, its count and the Map's steps query, so on moto a run's wall
 * time grows with the square of its children: 1,000 children of 100 items took 6–8 minutes on a
 * shared 2-core machine, 10,000 (the 1,000,000 items in batches of 100) would take hours. Capping the
 * default at 1,000 children makes the whole default run finish in about half an hour there (BENCHMARKS.md)
 * while every size still reads its items in pages, batches them and runs up to 1,000 children at once.
 * DynamoDB answers a `Query` by key from the partition's sorted keys, so there the time per child
 * should not grow with the run.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { awsRuntimeFromEnv } from '../../src/aws/config.js';
import { createDynamoTable } from '../../src/aws/dynamo-table.js';
import { createQueues } from '../../src/aws/sqs-setup.js';
import { startExecution } from '../../src/runtime/lifecycle.js';
import { acquireEmulators } from '../cost/emulators.js';
import { countRequests } from './requests.js';
import type { MapWorkerStats } from './worker.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const STATE_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:DistributedMapBench';

/** `--name value` options, and the other arguments. */
function parseArgs(args: readonly string[]): { options: Map<string, string>; rest: string[] } {
  const options = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg.startsWith('--')) options.set(arg.slice(2), args[++i] ?? '');
    else rest.push(arg);
  }
  return { options, rest };
}

const { options, rest } = parseArgs(process.argv.slice(2));
const WORKERS = Number(options.get('workers') ?? 2);
/** Items per child (`MaxItemsPerBatch`) for a run of `n` items: `--batch`, else at most 1,000 children. */
function batchFor(n: number): number {
  const batch = options.get('batch');
  return batch === undefined ? Math.max(100, Math.ceil(n / 1_000)) : Number(batch);
}
const MAX_CONCURRENCY = Number(options.get('concurrency') ?? 1_000);
const SIZES = rest.length > 0 ? rest.map(Number) : [10_000, 100_000, 1_000_000];

/** The measured run of one size. */
interface Figures {
  readonly items: number;
  readonly seconds: number;
  readonly peakRssMiB: number;
  readonly requests: Readonly<Record<string, number>>;
  readonly everyItemOnce: boolean;
  readonly missing: number;
  readonly duplicates: number;
}

function definition(bucket: string, batch: number): object {
  return {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'JSONL' },
          Parameters: { Bucket: bucket, Key: 'items.jsonl' },
        },
        ItemBatcher: { MaxItemsPerBatch: batch },
        MaxConcurrency: MAX_CONCURRENCY,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Ids',
          States: { Ids: { Type: 'Pass', Parameters: { 'ids.$': '$.Items[*].id' }, End: true } },
        },
        ResultWriter: {
          Resource: 'arn:aws:states:::s3:putObject',
          Parameters: { Bucket: bucket, Prefix: 'results' },
          WriterConfig: { OutputType: 'JSONL' },
        },
        End: true,
      },
    },
  };
}

interface Worker {
  stop(): Promise<MapWorkerStats>;
}

function startWorker(env: NodeJS.ProcessEnv): Promise<Worker> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    cwd: ROOT,
    env,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let report: ((stats: MapWorkerStats) => void) | undefined;
  const stopped = new Promise<MapWorkerStats>((resolve, reject) => {
    report = resolve;
    child.once('exit', (code) => reject(new Error(`worker ${child.pid} exited with ${code} before reporting`)));
  });
  stopped.catch(() => undefined);
  // A worker that already stopped has closed its input.
  child.stdin.on('error', () => undefined);
  let stopping = false;
  return new Promise((ready, failed) => {
    child.once('error', failed);
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') {
        ready({
          stop: () => {
            if (!stopping && child.exitCode === null) child.stdin.write('stop\n');
            stopping = true;
            return stopped;
          },
        });
      } else if (line.startsWith('stats ')) report?.(JSON.parse(line.slice(6)) as MapWorkerStats);
    });
  });
}

/** The JSON Lines of `n` items, `{"id": 0}` to `{"id": n - 1}`. */
function itemsText(n: number): Buffer {
  const parts: Buffer[] = [];
  for (let from = 0; from < n; from += 100_000) {
    const lines: string[] = [];
    for (let id = from; id < Math.min(n, from + 100_000); id++) lines.push(`{"id":${id}}\n`);
    parts.push(Buffer.from(lines.join('')));
  }
  return Buffer.concat(parts);
}

/** Reads every result file the manifest names and checks that each id in 0..n-1 appears exactly once. */
async function checkResults(s3: S3Client, bucket: string, manifestKey: string, n: number) {
  const text = async (Key: string) =>
    (await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key }))).Body?.transformToString('utf8')) ?? '';
  const manifest = JSON.parse(await text(manifestKey)) as {
    ResultFiles: Record<'SUCCEEDED' | 'FAILED' | 'PENDING', { Key: string }[]>;
  };
  const seen = new Uint8Array(n);
  let duplicates = 0;
  let unexpected = manifest.ResultFiles.FAILED.length + manifest.ResultFiles.PENDING.length;
  for (const file of manifest.ResultFiles.SUCCEEDED) {
    for (const line of (await text(file.Key)).split('\n')) {
      if (line === '') continue;
      const record = JSON.parse(line) as { Status: string; Output: string };
      if (record.Status !== 'SUCCEEDED') unexpected++;
      for (const id of (JSON.parse(record.Output) as { ids: number[] }).ids) {
        if (seen[id] === 1) duplicates++;
        seen[id] = 1;
      }
    }
  }
  const missing = seen.reduce((sum, s) => sum + (s === 0 ? 1 : 0), 0);
  return { missing, duplicates: duplicates + unexpected };
}

async function measure(n: number): Promise<Figures> {
  const suffix = randomUUID().slice(0, 8);
  const requests: Record<string, number> = {};
  const dynamodb = countRequests(new DynamoDBClient({}), 'DynamoDB', requests);
  const sqs = countRequests(new SQSClient({}), 'SQS', requests);
  const s3 = new S3Client({ forcePathStyle: true });
  const tableName = `bench-dmap-${suffix}`;
  const bucket = `bench-dmap-${suffix}`;
  await createDynamoTable(dynamodb, tableName);
  const queues = await createQueues(sqs, `bench-dmap-${suffix}`, { maxReceives: 5 });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'items.jsonl', Body: itemsText(n) }));
  const settings = { STEPSTONE_TABLE: tableName, STEPSTONE_QUEUE_URL: queues.queueUrl, STEPSTONE_MAX_RECEIVES: '5' };
  const runtime = awsRuntimeFromEnv({ env: settings, clients: { dynamodb, sqs } });
  const workers = await Promise.all(
    Array.from({ length: WORKERS }, () => startWorker({ ...process.env, ...settings })),
  );
  try {
    for (const key of Object.keys(requests)) requests[key] = 0;
    const began = performance.now();
    const { executionArn } = await startExecution(
      runtime,
      { stateMachineArn: STATE_MACHINE, definition: JSON.stringify(definition(bucket, batchFor(n))) },
      { name: `items-${n}`, input: '{}' },
    );
    // What the start cost; the polling below is the benchmark's own.
    const started = { ...requests };
    let execution = await runtime.deps.store.getExecution(executionArn);
    while (execution?.status === 'RUNNING') {
      await new Promise((resolve) => setTimeout(resolve, 500));
      execution = await runtime.deps.store.getExecution(executionArn);
    }
    const seconds = (performance.now() - began) / 1000;
    if (execution?.status !== 'SUCCEEDED') {
      throw new Error(`the execution ended ${execution?.status}: ${execution?.error} ${execution?.cause}`);
    }
    const stats = await Promise.all(workers.map((w) => w.stop()));
    const output = execution.output as { ResultWriterDetails: { Key: string } };
    const { missing, duplicates } = await checkResults(s3, bucket, output.ResultWriterDetails.Key, n);
    const total: Record<string, number> = { ...started };
    for (const s of stats)
      for (const [service, count] of Object.entries(s.requests)) total[service] = (total[service] ?? 0) + count;
    return {
      items: n,
      seconds,
      peakRssMiB: Math.max(...stats.map((s) => s.peakRssMiB)),
      requests: total,
      everyItemOnce: missing === 0 && duplicates === 0,
      missing,
      duplicates,
    };
  } finally {
    await Promise.allSettled(workers.map((w) => w.stop()));
    await dynamodb.send(new DeleteTableCommand({ TableName: tableName }));
    for (const url of [queues.queueUrl, queues.deadLetterQueueUrl])
      await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
  }
}

const emulators = await acquireEmulators();
// moto serves S3 on the port of its other services.
process.env.AWS_ENDPOINT_URL_S3 ??= process.env.AWS_ENDPOINT_URL_SQS;
try {
  console.log(
    `Node ${process.version}; ${WORKERS} worker processes; MaxConcurrency ${MAX_CONCURRENCY}; ${emulators.origin}\n`,
  );
  console.log(
    '| items | items per child | wall s | items/s | peak worker RSS MiB | DynamoDB req/item | SQS req/item | S3 req/item | every item once |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  let last: Figures | undefined;
  for (const n of SIZES) {
    const f = await measure(n);
    const per = (service: string) => ((f.requests[service] ?? 0) / n).toFixed(3);
    const once = f.everyItemOnce ? 'yes' : `no (${f.missing} missing, ${f.duplicates} extra)`;
    console.log(
      `| ${n} | ${batchFor(n)} | ${f.seconds.toFixed(1)} | ${(n / f.seconds).toFixed(0)} | ${f.peakRssMiB.toFixed(0)} | ${per('DynamoDB')} | ${per('SQS')} | ${per('S3')} | ${once} |`,
    );
    if (last === undefined || n >= last.items) last = f;
  }
  if (last !== undefined) {
    console.log(
      `\ndistributed map: ${last.items} items, ${(last.items / last.seconds).toFixed(0)} items/s, peak worker RSS ${last.peakRssMiB.toFixed(0)} MiB, every item once: ${last.everyItemOnce ? 'yes' : 'no'}`,
    );
  }
} finally {
  await emulators.release();
}
