/**
 * The timing harness every engine runs under: a check on a small instance of the workload (its
 * output, and the state entries in the engine's own history), a warm-up run at a quarter of the full
 * size, then measured runs at full size with a garbage collection before each.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Workload } from './workloads.js';

/** What one execution of a workload returned. */
export interface ExecutionOutcome {
  readonly output: unknown;
  /** `…StateEntered` events the engine recorded; only asked for when `count` is true. */
  readonly entered?: number | undefined;
}

/** An engine made ready for one workload. */
export interface PreparedWorkload {
  /** Runs one execution; counts the state entries from the engine's own history when `count` is true. */
  execute(count: boolean): Promise<ExecutionOutcome>;
}

/** What a child process reports for one engine on one workload. */
export interface Measurement {
  readonly engine: string;
  readonly workload: string;
  readonly node: string;
  /** State entries in one measured run. */
  readonly transitionsPerRun: number;
  /** State entries the engine recorded in the check run, and how many the definition implies. */
  readonly checked: { readonly entered: number; readonly expected: number };
  readonly warmupMs: number;
  /** Wall time of each measured run, in milliseconds. */
  readonly runsMs: readonly number[];
  /**
   * Process CPU time (user + system, every thread: GC helpers included) of each measured run, in
   * milliseconds. Far above the wall time's share means other processes competed for the cores.
   */
  readonly runsCpuMs: readonly number[];
  /** Resident set size after loading the engine, before the workload (KiB). */
  readonly baselineRssKiB: number;
  /** Peak resident set size of the process (KiB). */
  readonly peakRssKiB: number;
}

/** An engine ready for one instance of a workload. */
export interface Instance {
  readonly workload: Workload;
  readonly prepared: PreparedWorkload;
}

/**
 * One engine on one workload, with the small instance it is checked with and the smaller one it warms
 * up with.
 */
export interface MeasureTarget {
  readonly engine: string;
  readonly full: Instance;
  readonly check: Instance;
  readonly warmup: Instance;
}

/** How many measured runs: at least `min`, then more up to `max` while within `budgetMs`. */
export interface RunPlan {
  readonly min: number;
  readonly max: number;
  /** Wall time the measured runs may take, in milliseconds, once `min` runs are done. */
  readonly budgetMs: number;
}

const gc: (() => void) | undefined = (globalThis as { gc?: () => void }).gc;

/**
 * Checks the engine on the small instance (its output must equal the expected output, and it must
 * record `transitionsPerExecution` state entries), warms up, then measures full runs as `runs` plans
 * them. Every run checks its first execution's output, after its clock stops. Throws when a check fails.
 */
export async function measure(target: MeasureTarget, runs: RunPlan, baselineRssKiB: number): Promise<Measurement> {
  const { engine } = target;
  const { workload, prepared } = target.full;
  const checked = await check(engine, target.check.workload, target.check.prepared);
  const warmStart = performance.now();
  checkOutput(engine, target.warmup.workload, await runAll(target.warmup.workload, target.warmup.prepared));
  const warmupMs = performance.now() - warmStart;
  const runsMs: number[] = [];
  const runsCpuMs: number[] = [];
  const measuredStart = performance.now();
  for (let r = 0; r < runs.max; r++) {
    // Past the minimum, run again only while the time budget allows another run like the last.
    const elapsed = performance.now() - measuredStart;
    if (r >= runs.min && elapsed + elapsed / r > runs.budgetMs) break;
    gc?.();
    const cpu = process.cpuUsage();
    const start = performance.now();
    const first = await runAll(workload, prepared);
    runsMs.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    runsCpuMs.push((used.user + used.system) / 1000);
    // Checked after the clock stops: the comparison is the benchmark's work, not the engine's.
    checkOutput(engine, workload, first);
  }
  return {
    engine,
    workload: workload.name,
    node: process.version,
    transitionsPerRun: workload.transitionsPerExecution * workload.executions,
    checked,
    warmupMs,
    runsMs,
    runsCpuMs,
    baselineRssKiB,
    peakRssKiB: process.resourceUsage().maxRSS,
  };
}

/** Runs every execution of one run of `workload`; returns the first one's outcome, for checking. */
async function runAll(workload: Workload, prepared: PreparedWorkload): Promise<ExecutionOutcome> {
  let first: ExecutionOutcome | undefined;
  for (let i = 0; i < workload.executions; i++) {
    const outcome = await prepared.execute(false);
    first ??= outcome;
  }
  if (first === undefined) throw new Error(`${workload.name}: no executions`);
  return first;
}

async function check(engine: string, workload: Workload, prepared: PreparedWorkload) {
  const outcome = await prepared.execute(true);
  checkOutput(engine, workload, outcome);
  if (outcome.entered !== workload.transitionsPerExecution) {
    throw new Error(
      `${engine} on ${workload.name}: ${String(outcome.entered)} state entries, expected ${workload.transitionsPerExecution}`,
    );
  }
  return { entered: outcome.entered, expected: workload.transitionsPerExecution };
}

function checkOutput(engine: string, workload: Workload, outcome: ExecutionOutcome): void {
  if (!isDeepStrictEqual(outcome.output, workload.expectedOutput)) {
    const got = JSON.stringify(outcome.output)?.slice(0, 300);
    throw new Error(`${engine} on ${workload.name}: unexpected output ${got}`);
  }
}
