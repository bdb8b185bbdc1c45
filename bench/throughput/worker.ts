/**
 * One worker of the throughput benchmark, in its own process: a `pollQueue` loop (batches of 10,
 * handled concurrently, as Lambda's event source mapping feeds the worker function) over the SQS
 * queue, on the runtime `awsRuntimeFromEnv` builds from `STEPSTONE_TABLE` and `STEPSTONE_QUEUE_URL`,
 * with the task handlers of `functions/tasks/` run in-process instead of through Lambda.
 *
 * Protocol on stdout: `ready` once polling; `finished` each time an execution's root frame finishes;
 * on stdin `stop` ends the loop after the batch in flight, and the last line is `stats <json>`
 * ({@link WorkerStats}).
 */
import { createInterface } from 'node:readline';
import * as exampleTasks from '../../functions/tasks/index.js';
import { awsRuntimeFromEnv } from '../../src/aws/config.js';
import { realClock } from '../../src/local/clock.js';
import { LocalTaskInvoker } from '../../src/local/local-invoker.js';
import type { TaskHandler } from '../../src/local/task-invoker.js';
import { pollQueue } from '../../src/runtime/poller.js';
import { Runtime } from '../../src/runtime/runtime.js';

/** What a worker reports when it stops. */
export interface WorkerStats {
  readonly handled: number;
  readonly failed: number;
  readonly outcomes: Readonly<Record<string, number>>;
  /** Sum of the wall time of every `handle`, ms (messages overlap within a batch). */
  readonly handleMs: number;
  /** Process CPU time while polling, ms (user + system). */
  readonly cpuMs: number;
}

const base = awsRuntimeFromEnv();
const clock = realClock();
const invoker = new LocalTaskInvoker(exampleTasks as unknown as Record<string, TaskHandler>, clock, {
  idle: () => undefined,
  busy: () => undefined,
});
const runtime = new Runtime({ ...base.deps, invoker });
const controller = new AbortController();
const outcomes: Record<string, number> = {};
let failed = 0;
let handleMs = 0;

// `stop`, or the parent gone (stdin closed): finish the batch in flight and report.
createInterface({ input: process.stdin })
  .on('line', (line) => {
    if (line.trim() === 'stop') controller.abort();
  })
  .on('close', () => controller.abort());

const cpuBefore = process.cpuUsage();
process.stdout.write('ready\n');
const handled = await pollQueue(
  base.deps.queue,
  async (message) => {
    const began = performance.now();
    try {
      return await runtime.handle(message);
    } finally {
      handleMs += performance.now() - began;
    }
  },
  {
    batchSize: 10,
    waitSeconds: 1,
    visibilitySeconds: 60,
    signal: controller.signal,
    onHandled: (message, outcome) => {
      if (outcome instanceof Error) {
        failed++;
        process.stderr.write(`worker ${process.pid}: ${outcome.message}\n`);
        return;
      }
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      if (outcome === 'finished' && message.body.includes('"frameId":"root"')) process.stdout.write('finished\n');
    },
  },
);
const cpu = process.cpuUsage(cpuBefore);
const stats: WorkerStats = { handled, failed, outcomes, handleMs, cpuMs: (cpu.user + cpu.system) / 1000 };
process.stdout.write(`stats ${JSON.stringify(stats)}\n`);
process.exit(0);
