/**
 * Executions per second end to end on the emulators: N worker processes (worker.ts) poll one SQS
 * queue while this process starts a fixed number of order sagas through the lifecycle API (as the API
 * function would, 10 starts in flight at a time), then waits until every saga has finished. Each
 * round is timed from its first start to its last finish, after a warm-up; every execution is checked
 * (SUCCEEDED with the saga's output). The CPU time of each process on the machine is reported, to
 * show where the two cores went.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { EmulatorEndpoints } from '../../scripts/emulators/lib/endpoints.js';
import { awsRuntimeFromEnv } from '../../src/aws/config.js';
import { createDynamoTable } from '../../src/aws/dynamo-table.js';
import { createQueues } from '../../src/aws/sqs-setup.js';
import { substitute } from '../../src/local/definition.js';
import { registerStateMachine, startRegisteredExecution } from '../../src/runtime/lifecycle.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import type { WorkerStats } from './worker.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const DEFINITION = JSON.stringify(
  substitute(JSON.parse(readFileSync(new URL('../../definitions/order-saga.asl.json', import.meta.url), 'utf8')), {
    region: 'us-east-1',
    accountId: '123456789012',
  }),
);
const INPUT = readFileSync(new URL('../../definitions/order-saga.input.json', import.meta.url), 'utf8');
const EXPECTED = { orderId: 'o-1001', status: 'CONFIRMED', chargeId: 'ch-o-1001', trackingNumber: 'TRK-o-1001' };
const STATE_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:ThroughputSaga';
/** Starts in flight at once (API function invocations). */
const START_CONCURRENCY = 10;

/** One timed round. */
export interface Round {
  readonly seconds: number;
  readonly executionsPerSecond: number;
  /** CPU seconds during the round, by process (`bench`, `worker <i>`, the emulators). */
  readonly cpuSeconds: Readonly<Record<string, number>>;
}

/** One measured configuration: several rounds on the same (warm) worker processes. */
export interface WorkersResult {
  readonly workers: number;
  /** Executions per round. */
  readonly executions: number;
  readonly rounds: readonly Round[];
  /** The round with the median executions per second. */
  readonly median: Round;
  /** Executions of all rounds that ended SUCCEEDED with the saga's output. */
  readonly succeeded: number;
  /** Messages handled by all workers (warm-up included) and their outcomes. */
  readonly messages: number;
  readonly outcomes: Readonly<Record<string, number>>;
}

interface WorkerProcess {
  readonly stop: () => Promise<WorkerStats>;
  readonly pid: number;
}

/** CPU seconds a process has used (Linux /proc), or undefined when it cannot be read. */
function cpuSecondsOf(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

function startWorker(
  env: NodeJS.ProcessEnv,
  onFinished: () => void,
  profileDir: string | undefined,
): Promise<WorkerProcess> {
  const args = [
    ...(profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]),
    '--import',
    'tsx',
    WORKER,
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'inherit'] });
  let settle: { resolve: (s: WorkerStats) => void; reject: (e: Error) => void } | undefined;
  const stopped = new Promise<WorkerStats>((resolve, reject) => {
    settle = { resolve, reject };
  });
  stopped.catch(() => undefined);
  let stopping: Promise<WorkerStats> | undefined;
  return new Promise((resolveReady, rejectReady) => {
    child.once('error', rejectReady);
    child.once('exit', (code) => {
      const error = new Error(`worker ${child.pid} exited with ${code} before reporting`);
      rejectReady(error);
      settle?.reject(error);
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') {
        resolveReady({
          pid: child.pid ?? -1,
          stop: () => {
            if (stopping === undefined) {
              if (child.exitCode === null) child.stdin.write('stop\n');
              stopping = stopped;
            }
            return stopping;
          },
        });
      } else if (line === 'finished') onFinished();
      else if (line.startsWith('stats ')) settle?.resolve(JSON.parse(line.slice(6)) as WorkerStats);
    });
  });
}

/** Starts `count` sagas named `<prefix>-<i>`, `START_CONCURRENCY` at a time. */
async function startSagas(runtime: Runtime, prefix: string, count: number): Promise<string[]> {
  const arns: string[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: START_CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        const { executionArn } = await startRegisteredExecution(runtime, STATE_MACHINE, {
          name: `${prefix}-${i}`,
          input: INPUT,
        });
        arns[i] = executionArn;
      }
    }),
  );
  return arns;
}

/** Resolves once `count` more executions have finished. */
function finishes(counter: { finished: number; waiters: (() => void)[] }, target: number): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (counter.finished >= target) resolve();
      else counter.waiters.push(check);
    };
    check();
  });
}

/**
 * Runs `rounds` timed rounds of `executions` sagas on `workers` worker processes, after `warmup`
 * unmeasured ones.
 */
export async function measureWorkers(
  endpoints: EmulatorEndpoints,
  workers: number,
  options: { executions: number; rounds: number; warmup: number; profileDir?: string | undefined },
): Promise<WorkersResult> {
  const { executions, rounds, warmup, profileDir } = options;
  const suffix = randomUUID().slice(0, 8);
  const dynamodb = new DynamoDBClient({});
  const sqs = new SQSClient({});
  const tableName = `stepstone-bench-tp-${suffix}`;
  await createDynamoTable(dynamodb, tableName);
  const queues = await createQueues(sqs, `stepstone-bench-tp-${suffix}`, { maxReceives: 5 });
  const settings = { STEPSTONE_TABLE: tableName, STEPSTONE_QUEUE_URL: queues.queueUrl, STEPSTONE_MAX_RECEIVES: '5' };
  const runtime = awsRuntimeFromEnv({ env: settings, clients: { dynamodb, sqs } });
  await registerStateMachine(runtime, { stateMachineArn: STATE_MACHINE, definition: DEFINITION });
  const counter = { finished: 0, waiters: [] as (() => void)[] };
  const onFinished = () => {
    counter.finished++;
    const waiting = counter.waiters.splice(0);
    for (const w of waiting) w();
  };
  const env = { ...process.env, ...settings };
  const pool = await Promise.all(Array.from({ length: workers }, () => startWorker(env, onFinished, profileDir)));
  try {
    await startSagas(runtime, `warm-${suffix}`, warmup);
    await finishes(counter, warmup);
    const pids: Record<string, number> = { bench: process.pid };
    pool.forEach((w, i) => {
      pids[`worker ${i + 1}`] = w.pid;
    });
    for (const p of endpoints.processes) pids[p.name] = p.pid;
    const measured: Round[] = [];
    const arns: string[] = [];
    for (let round = 0; round < rounds; round++) {
      const cpuBefore = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSecondsOf(pid)]));
      const began = performance.now();
      arns.push(...(await startSagas(runtime, `run-${suffix}-${round}`, executions)));
      await finishes(counter, warmup + (round + 1) * executions);
      const seconds = (performance.now() - began) / 1000;
      const cpuSeconds: Record<string, number> = {};
      for (const [k, pid] of Object.entries(pids)) {
        const before = cpuBefore[k];
        const after = cpuSecondsOf(pid);
        if (before !== undefined && after !== undefined) cpuSeconds[k] = after - before;
      }
      measured.push({ seconds, executionsPerSecond: executions / seconds, cpuSeconds });
    }
    let succeeded = 0;
    for (const arn of arns) {
      const record = await runtime.deps.store.getExecution(arn);
      if (record?.status === 'SUCCEEDED' && isDeepStrictEqual(record.output, EXPECTED)) succeeded++;
    }
    const stats = await Promise.all(pool.map((w) => w.stop()));
    const outcomes: Record<string, number> = {};
    for (const s of stats) for (const [k, n] of Object.entries(s.outcomes)) outcomes[k] = (outcomes[k] ?? 0) + n;
    const sorted = [...measured].sort((a, b) => a.executionsPerSecond - b.executionsPerSecond);
    const median = sorted[Math.floor(sorted.length / 2)];
    if (median === undefined) throw new Error('no round was measured');
    return {
      workers,
      executions,
      rounds: measured,
      median,
      succeeded,
      messages: stats.reduce((sum, s) => sum + s.handled, 0),
      outcomes,
    };
  } finally {
    await Promise.allSettled(pool.map((w) => w.stop()));
    await dynamodb.send(new DeleteTableCommand({ TableName: tableName }));
    for (const url of [queues.queueUrl, queues.deadLetterQueueUrl])
      await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    dynamodb.destroy();
    sqs.destroy();
  }
}
