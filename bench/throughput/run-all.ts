/**
 * `npm run bench`: every benchmark, one after the other, each through its own npm script and with
 * its output streamed — `bench:interpreter`, then `bench:cost` and `bench:throughput` on one set of
 * emulators started for both — and, at the end, one table of the headline figures of all three.
 * Exits non-zero when any benchmark failed (the others still run).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acquireEmulators, type Emulators, ENDPOINTS_VARIABLE } from '../cost/emulators.js';
import type { CostSummary } from '../cost/main.js';
import { num, table, usd } from '../cost/report.js';
import type { ThroughputSummary } from './main.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const started = performance.now();
const scratch = mkdtempSync(join(os.tmpdir(), 'stepstone-bench-'));

/** Runs `npm run -s <script>`, streaming its output; resolves with its stdout and exit code. */
function runScript(script: string, env: NodeJS.ProcessEnv): Promise<{ stdout: string; code: number; seconds: number }> {
  const began = performance.now();
  process.stdout.write(`\n==> npm run ${script}\n\n`);
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      process.stdout.write(chunk);
    });
    child.on('close', (code) => resolve({ stdout, code: code ?? 1, seconds: (performance.now() - began) / 1000 }));
  });
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

const rows: string[][] = [];
const failures: string[] = [];
const baseEnv = { ...process.env };

// ---------------------------------------------------------------- interpreter
const interpreter = await runScript('bench:interpreter', baseEnv);
if (interpreter.code !== 0) failures.push(`bench:interpreter exited with ${interpreter.code}`);
for (const line of interpreter.stdout.split('\n')) {
  const cells = line.split('|').map((c) => c.trim());
  // | workload | engine | transitions/run | median ms | spread | CPU ms | transitions/s | … |
  if (cells.length >= 9 && ['loop', 'map', 'saga'].includes(cells[1] ?? '')) {
    rows.push(['interpreter', `${cells[1]}: ${cells[2]}`, `${cells[7]} transitions/s`]);
  }
}
const ratio = interpreter.stdout.split('\n').find((l) => l.startsWith('interpreter vs aws-local-stepfunctions:'));
if (ratio !== undefined)
  rows.push(['interpreter', 'embedded engine vs aws-local-stepfunctions', ratio.split(':')[1]?.trim() ?? '']);
rows.push(['interpreter', 'wall time of the benchmark', `${interpreter.seconds.toFixed(0)} s`]);

// ---------------------------------------------------------------- cost and throughput
let emulators: Emulators | undefined;
try {
  emulators = await acquireEmulators();
  const env = { ...baseEnv, ...process.env, [ENDPOINTS_VARIABLE]: JSON.stringify(emulators.endpoints) };

  const costFile = join(scratch, 'cost.json');
  const cost = await runScript('bench:cost', { ...env, STEPSTONE_BENCH_RESULTS: costFile });
  if (cost.code !== 0) failures.push(`bench:cost exited with ${cost.code}`);
  const costSummary = readJson<CostSummary>(costFile);
  if (costSummary !== undefined) {
    rows.push([
      'cost',
      'Stepstone on AWS, all cost workloads',
      `${usd(costSummary.usdPerMillionTransitions)} per million transitions (Standard: $25)`,
    ]);
    for (const w of costSummary.workloads) {
      rows.push([
        'cost',
        `${w.name} (${w.transitions} transitions)`,
        `${usd(w.usdPerMillion)}/M transitions (Express ${usd(w.expressPerMillion)})`,
      ]);
    }
    for (const t of costSummary.targets)
      rows.push(['cost', `target: ${t.target}`, `${t.met ? 'met' : 'MISSED'}: ${t.measured}`]);
    rows.push(['cost', 'in-memory and AWS counts agree', costSummary.agree ? 'yes' : 'NO']);
  }
  rows.push(['cost', 'wall time of the benchmark', `${cost.seconds.toFixed(0)} s`]);

  const throughputFile = join(scratch, 'throughput.json');
  const throughput = await runScript('bench:throughput', { ...env, STEPSTONE_BENCH_RESULTS: throughputFile });
  if (throughput.code !== 0) failures.push(`bench:throughput exited with ${throughput.code}`);
  const tp = readJson<ThroughputSummary>(throughputFile);
  for (const w of tp?.workers ?? []) {
    rows.push([
      'throughput',
      `order sagas, ${w.workers} worker(s), emulators`,
      `${num(w.median.executionsPerSecond, 1)} executions/s (median of ${w.rounds.length} rounds)`,
    ]);
  }
  for (const m of tp?.maps ?? []) {
    rows.push([
      'throughput',
      `Map of ${num(m.items)} items, MaxConcurrency ${num(m.maxConcurrency)}, embedded`,
      `${num(m.wallMs)} ms, fan-in ${m.everyItemOnce ? 'exact' : 'WRONG'}, peak RSS ${num(m.peakRssMiB)} MiB, peak heap ${num(m.peakHeapMiB)} MiB`,
    ]);
  }
  rows.push(['throughput', 'wall time of the benchmark', `${throughput.seconds.toFixed(0)} s`]);
} catch (error) {
  failures.push(error instanceof Error ? error.message : String(error));
} finally {
  await emulators?.release();
  rmSync(scratch, { recursive: true, force: true });
}

const seconds = (performance.now() - started) / 1000;
rows.push(['all', 'wall time of `npm run bench`', `${seconds.toFixed(0)} s`]);
process.stdout.write(`\n==> Summary\n\n${table(['benchmark', 'figure', 'value'], rows, 3)}\n`);
if (failures.length > 0) {
  process.stdout.write(`\nFAILED: ${failures.join('; ')}\n`);
  process.exitCode = 1;
}
