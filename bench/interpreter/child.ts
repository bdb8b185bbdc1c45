/**
 * One measurement in its own process, so that each engine's peak RSS is its own:
 * `node --expose-gc --import tsx bench/interpreter/child.ts <engine> <workload> <max runs> [size]`.
 * It measures at least 3 runs, and more, up to the maximum, while they fit in 8 s.
 * Prints one line `BENCH_RESULT <json>` (a `Measurement`) on stdout.
 */
import { RESULT_PREFIX } from './child-protocol.js';
import { ENGINE_NAMES, type EngineName, prepare } from './engines/index.js';
import { measure } from './measure.js';
import { CHECK_SIZES, WARMUP_SIZES, WORKLOAD_NAMES, type WorkloadName, workloadNamed } from './workloads.js';

/** Measured runs always made (fewer only when the maximum asked is lower). */
const MIN_RUNS = 3;
/** Wall time of measured runs beyond which no run past the minimum starts. */
const RUN_BUDGET_MS = 8_000;

const [engineArg, workloadArg, runsArg, sizeArg] = process.argv.slice(2);
if (!ENGINE_NAMES.includes(engineArg as EngineName) || !WORKLOAD_NAMES.includes(workloadArg as WorkloadName)) {
  throw new Error(`usage: child.ts <${ENGINE_NAMES.join('|')}> <${WORKLOAD_NAMES.join('|')}> <runs> [size]`);
}
const engine = engineArg as EngineName;
const name = workloadArg as WorkloadName;
const instance = async (size: number | undefined) => {
  const workload = workloadNamed(name, size);
  return { workload, prepared: await prepare(engine, workload) };
};
const target = {
  engine,
  full: await instance(sizeArg === undefined ? undefined : Number(sizeArg)),
  check: await instance(CHECK_SIZES[name]),
  warmup: await instance(sizeArg === undefined ? WARMUP_SIZES[name] : Math.max(1, Math.floor(Number(sizeArg) / 4))),
};
(globalThis as { gc?: () => void }).gc?.();
const baseline = Math.round(process.memoryUsage.rss() / 1024);
const max = Number(runsArg ?? MIN_RUNS);
const plan = { min: Math.min(MIN_RUNS, max), max, budgetMs: RUN_BUDGET_MS };
const result = await measure(target, plan, baseline);
process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
