/**
 * Runaway executions on the embedded engine: what a loop with no way out costs before AWS's quotas
 * end it. Each scenario runs in a fresh child process, so that its peak RSS is its own:
 *
 * - `pass`: a STANDARD loop of two Pass states, to its `ExecutionFailed` at history event 25,000;
 * - `wait`: an EXPRESS loop of a one-second Wait and a Pass, to its `ExecutionTimedOut` after 5
 *   engine-minutes.
 *
 * For each it prints the wall time, the events recorded, the child's RSS before the run and its peak
 * RSS, the heap in use right after the run, with the result held (after a full GC: what the engine
 * must keep — the history), and once the engine and result are dropped (after a full GC), and how
 * often a 5 ms timer fired during the run (it fires because the engine yields to the event loop).
 *
 * `npm run bench:runaway`
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createLocalEngine, type ExecutionResult } from '../../src/index.js';
import { PASS_LOOP, WAIT_LOOP } from '../../test/support/runaway.js';

const SCENARIOS = {
  pass: { label: 'STANDARD Pass loop', run: () => createLocalEngine().run(PASS_LOOP, {}) },
  wait: {
    label: 'EXPRESS Wait loop',
    run: () => createLocalEngine().run(WAIT_LOOP, {}, { stateMachineType: 'EXPRESS' }),
  },
} satisfies Record<string, { label: string; run: () => Promise<ExecutionResult> }>;

type Scenario = keyof typeof SCENARIOS;

function mib(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  gc();
  gc();
}

/** Runs one scenario in this process and prints its line. */
async function child(name: Scenario): Promise<void> {
  const scenario = SCENARIOS[name];
  collect();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  const started = performance.now();
  let result: ExecutionResult | undefined = await scenario.run();
  const ms = performance.now() - started;
  clearInterval(timer);
  const events = result.history.length;
  const status = `${result.status} ${result.error ?? ''}`;
  collect();
  const kept = process.memoryUsage().heapUsed - heapBefore;
  result = undefined;
  collect();
  const dropped = process.memoryUsage().heapUsed - heapBefore;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  console.log(
    `| ${scenario.label} | ${status} | ${events.toLocaleString('en-US')} | ${ms.toFixed(0)} | ${mib(rssBefore)} | ${mib(peakRss)} | ${mib(kept)} | ${mib(dropped)} | ${ticks} |`,
  );
}

const asked = process.argv[2];
if (asked !== undefined && asked in SCENARIOS) {
  await child(asked as Scenario);
} else {
  const self = fileURLToPath(import.meta.url);
  console.log(`Node ${process.version}, one child process per scenario\n`);
  console.log(
    '| scenario | status | events | wall ms | RSS before MiB | peak RSS MiB | heap kept after GC MiB | heap after drop MiB | 5 ms timer fired |',
  );
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const name of Object.keys(SCENARIOS)) {
    const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, name], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`scenario ${name} failed: ${run.stderr}`);
    process.stdout.write(run.stdout);
  }
}
