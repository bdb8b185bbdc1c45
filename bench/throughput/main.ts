/**
 * The throughput benchmark:
 *
 * 1. executions per second end to end on the emulators (moto, or LocalStack) with 1, 2 and 4
 *    worker processes, each a `pollQueue` loop (workers.ts), on a fixed workload of order sagas with
 *    in-process task handlers;
 * 2. a 10,000-item Map with `MaxConcurrency` 1,000 on the embedded engine, and the same Map with
 *    1,000 items, each in its own process (map-child.ts): wall time, exact fan-in, peak memory.
 *
 * `npm run bench:throughput`. `BENCH_SAGAS` sets the executions per round (default 200), `BENCH_ROUNDS`
 * the timed rounds per worker count (default 3; the median is reported);
 * `STEPSTONE_BENCH_CPU_PROF=<dir>` runs the workers under `node --cpu-prof` into `<dir>`. With
 * `STEPSTONE_BENCH_RESULTS=<file>`, also writes its summary there as JSON.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { describeEndpoints } from '../../scripts/emulators/lib/endpoints.js';
import { acquireEmulators } from '../cost/emulators.js';
import { num, table } from '../cost/report.js';
import type { MapResult } from './map-child.js';
import { measureWorkers, type WorkersResult } from './workers.js';

/** What `npm run bench` reads back. */
export interface ThroughputSummary {
  readonly workers: readonly WorkersResult[];
  readonly maps: readonly MapResult[];
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAP_CHILD = fileURLToPath(new URL('./map-child.ts', import.meta.url));
const SAGAS = Number(process.env.BENCH_SAGAS ?? 200);
const WARMUP = 20;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WORKER_COUNTS = [1, 2, 4] as const;
const MAP_SIZES = [1_000, 10_000] as const;
const say = (text = '') => process.stdout.write(`${text}\n`);
const started = performance.now();

function runMapChild(items: number): Promise<MapResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', MAP_CHILD, String(items), '1000'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 180_000,
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const line = stdout.split('\n').find((l) => l.startsWith('result '));
      if (code !== 0 || line === undefined) reject(new Error(`map-child ${items} ended with ${code ?? signal}`));
      else resolve(JSON.parse(line.slice('result '.length)) as MapResult);
    });
  });
}

say(
  `Machine: ${os.availableParallelism()} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average ${(os.loadavg()[0] ?? 0).toFixed(2)}`,
);

// ---------------------------------------------------------------- workers
const emulators = await acquireEmulators();
const workerResults: WorkersResult[] = [];
try {
  say(
    `\n## Order sagas end to end on ${describeEndpoints(emulators.endpoints)} (${emulators.origin}): ${ROUNDS} rounds of ${SAGAS} executions per worker count, after ${WARMUP} to warm up\n`,
  );
  for (const workers of WORKER_COUNTS) {
    const result = await measureWorkers(emulators.endpoints, workers, {
      executions: SAGAS,
      rounds: ROUNDS,
      warmup: WARMUP,
      profileDir: process.env.STEPSTONE_BENCH_CPU_PROF || undefined,
    });
    if (result.succeeded !== SAGAS * ROUNDS) {
      throw new Error(
        `${workers} worker(s): only ${result.succeeded} of ${SAGAS * ROUNDS} sagas SUCCEEDED with the saga's output`,
      );
    }
    workerResults.push(result);
    say(`  ${workers} worker(s): ${result.rounds.map((r) => num(r.executionsPerSecond, 1)).join(', ')} executions/s`);
  }
} finally {
  await emulators.release();
}
const processes = [...new Set(workerResults.flatMap((r) => Object.keys(r.median.cpuSeconds)))].filter(
  (k) => !k.startsWith('worker'),
);
const cpuMsPerExecution = (r: WorkersResult, key: (name: string) => boolean) =>
  (Object.entries(r.median.cpuSeconds)
    .filter(([k]) => key(k))
    .reduce((s, [, v]) => s + v, 0) *
    1000) /
  r.executions;
say('');
say(
  table(
    [
      'workers',
      'executions/s (median)',
      'rounds',
      'succeeded',
      'messages handled (outcomes)',
      'CPU ms/execution: workers',
      ...processes.map((p) => p),
      'all',
    ],
    workerResults.map((r) => {
      const sorted = r.rounds.map((x) => x.executionsPerSecond).sort((a, b) => a - b);
      return [
        String(r.workers),
        num(r.median.executionsPerSecond, 1),
        `${num(sorted[0] ?? 0, 1)}–${num(sorted[sorted.length - 1] ?? 0, 1)}`,
        `${r.succeeded}/${r.executions * r.rounds.length}`,
        `${r.messages} (${Object.entries(r.outcomes)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')})`,
        num(
          cpuMsPerExecution(r, (k) => k.startsWith('worker')),
          1,
        ),
        ...processes.map((p) =>
          num(
            cpuMsPerExecution(r, (k) => k === p),
            1,
          ),
        ),
        num(
          cpuMsPerExecution(r, () => true),
          1,
        ),
      ];
    }),
  ),
);
say(
  'CPU ms/execution: CPU time each process used in the median round, divided by its executions ("bench" starts them: the API\'s part). The machine has 2 cores for all of them.',
);

// ---------------------------------------------------------------- Map
say('\n## A large inline Map on the embedded engine (MaxConcurrency 1,000; one in-process Task per item)\n');
const maps: MapResult[] = [];
for (const items of MAP_SIZES) {
  const result = await runMapChild(items);
  if (result.status !== 'SUCCEEDED' || !result.everyItemOnce) {
    throw new Error(
      `Map of ${items}: ${result.status}, output length ${result.outputLength}, every item once: ${result.everyItemOnce}`,
    );
  }
  maps.push(result);
}
say(
  table(
    [
      'items',
      'wall ms',
      'CPU ms',
      'transitions',
      'output length',
      'every item once',
      'peak RSS MiB',
      'Δ RSS',
      'peak heap MiB',
      'Δ heap',
      'retained heap Δ',
    ],
    maps.map((m) => [
      num(m.items),
      num(m.wallMs),
      num(m.cpuMs),
      num(m.transitions),
      num(m.outputLength),
      m.everyItemOnce ? 'yes' : 'NO',
      num(m.peakRssMiB, 1),
      num(m.peakRssMiB - m.baselineRssMiB, 1),
      num(m.peakHeapMiB, 1),
      num(m.peakHeapMiB - m.baselineHeapMiB, 1),
      num(m.retainedHeapMiB - m.baselineHeapMiB, 1),
    ]),
  ),
);
say('\nWhat the in-memory store was handed (MiB of JSON; it keeps all of it until the engine is dropped):\n');
const kinds = Object.keys(maps[0]?.stored ?? {});
say(
  table(
    ['items', ...kinds, 'largest record KiB', 'as DynamoDB item body KiB'],
    maps.map((m) => [
      num(m.items),
      ...kinds.map((k) => num(m.stored[k] ?? 0, 2)),
      num(m.largestRecordKiB),
      num(m.largestRecordStoredKiB),
    ]),
  ),
);
say(
  "\nThe largest record is the Map state's own commit: its plan (every item's input, once), its events and the first 1,000 start messages. On DynamoDB each child reads it twice (to build itself, and at the join), ⌈body / 4 KiB⌉ read units each time.",
);
say(`\n${((performance.now() - started) / 1000).toFixed(1)} s in all.`);

const resultsFile = process.env.STEPSTONE_BENCH_RESULTS;
if (resultsFile !== undefined && resultsFile !== '') {
  const summary: ThroughputSummary = { workers: workerResults, maps };
  writeFileSync(resultsFile, JSON.stringify(summary));
}
const big = maps[maps.length - 1];
say(
  `throughput: ${workerResults.map((r) => num(r.median.executionsPerSecond, 1)).join(' / ')} executions/s with ${WORKER_COUNTS.join(' / ')} workers; Map of ${num(big?.items ?? 0)}: ${num(big?.wallMs ?? 0)} ms, peak RSS ${num(big?.peakRssMiB ?? 0)} MiB`,
);
