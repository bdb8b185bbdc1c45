/**
 * The interpreter benchmark: Stepstone's embedded engine, Stepstone's bare interpreter and
 * aws-local-stepfunctions on the same three workloads, side by side. Each engine runs each workload
 * in its own child process under the same Node 22 binary (the peer requires it), so that peak RSS
 * figures are per engine. Ends with the line
 * `interpreter vs aws-local-stepfunctions: loop <x>×, map <y>×, saga <z>×`.
 *
 * `npm run bench:interpreter` — or `npx tsx bench/interpreter/main.ts [--quick]`, where `--quick`
 * runs small sizes as a smoke check. `BENCH_RUNS` sets the most measured runs (default 5; at
 * least 3 are made, more while they fit in 8 s per engine and workload);
 * `STEPSTONE_BENCH_NODE` the Node binary of the children (default: Node.js 22 from the npm
 * registry, installed by scripts/node22.ts).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { node22Binary } from '../../scripts/node22.js';
import { RESULT_PREFIX } from './child-protocol.js';
import { ENGINE_LABELS, ENGINE_NAMES } from './engines/index.js';
import type { Measurement } from './measure.js';
import { formatRatio, ratio, resultsTable, type Summary, summarise } from './report.js';
import { WORKLOAD_NAMES, type WorkloadName } from './workloads.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
/** A child that takes longer than this is killed: the whole benchmark must stay under 3 minutes. */
const CHILD_TIMEOUT_MS = 90_000;
/** Sizes of the `--quick` smoke run. */
const QUICK_SIZES: Readonly<Record<WorkloadName, number>> = { loop: 1_000, map: 500, saga: 50 };

/**
 * The Node.js binary the benchmark's children run on: `STEPSTONE_BENCH_NODE`, else Node.js 22 from
 * the npm registry (scripts/node22.ts installs it on first use).
 */
function childNode(): string {
  const fromEnv = process.env.STEPSTONE_BENCH_NODE;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : node22Binary();
}

function packageVersion(name: string): string {
  const path = join(ROOT, 'node_modules', name, 'package.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { version: string };
  return manifest.version;
}

/** The 1-minute load average: above the core count, other processes competed with the benchmark. */
function loadAverage(): string {
  return (os.loadavg()[0] ?? 0).toFixed(2);
}

function runChild(node: string, args: readonly string[]): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, ['--expose-gc', '--import', 'tsx', CHILD, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: CHILD_TIMEOUT_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || line === undefined) {
        reject(new Error(`child ${args.join(' ')} ended with ${code ?? signal}:\n${stderr.trim()}`));
        return;
      }
      resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as Measurement);
    });
  });
}

const quick = process.argv.includes('--quick');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const node = childNode();
const started = performance.now();
console.log(
  `Machine: ${os.availableParallelism()} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.cpus()[0]?.model ?? 'unknown CPU'}, load average ${loadAverage()}`,
);
console.log(
  `Children run on ${node} · aws-local-stepfunctions ${packageVersion('aws-local-stepfunctions')} · a checked small run, a warm-up at ¼ size, 3 to ${runs} measured runs each${quick ? ' · QUICK sizes' : ''}`,
);

const summaries: Summary[] = [];
let childVersion = '';
for (const workload of WORKLOAD_NAMES) {
  for (const engine of ENGINE_NAMES) {
    const args = [engine, workload, String(runs), ...(quick ? [String(QUICK_SIZES[workload])] : [])];
    const measurement = await runChild(node, args);
    childVersion = measurement.node;
    const summary = summarise(measurement);
    summaries.push(summary);
    console.log(
      `  ${workload.padEnd(4)} ${engine.padEnd(11)} median ${summary.medianMs.toFixed(1).padStart(8)} ms  ` +
        `runs ${measurement.runsMs.map((ms) => ms.toFixed(0)).join('/')} ms, CPU ${measurement.runsCpuMs.map((ms) => ms.toFixed(0)).join('/')} ms (warm-up ${measurement.warmupMs.toFixed(0)} ms)`,
    );
  }
}

console.log(`\nNode ${childVersion} in every child; transitions are state entries (…StateEntered events).`);
console.log('spread: ± half of (slowest − fastest) / median; CPU ms: median process CPU time per run, all threads.\n');
console.log(resultsTable(summaries, ENGINE_LABELS));
const inner = (w: string) => formatRatio(ratio(summaries, w, 'interpreter', 'peer'));
console.log(
  `\nbare interpreter vs aws-local-stepfunctions: loop ${inner('loop')}, map ${inner('map')}, saga ${inner('saga')}`,
);
console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s, load average now ${loadAverage()}\n`);
const embedded = (w: string) => formatRatio(ratio(summaries, w, 'embedded', 'peer'));
console.log(
  `interpreter vs aws-local-stepfunctions: loop ${embedded('loop')}, map ${embedded('map')}, saga ${embedded('saga')}`,
);
