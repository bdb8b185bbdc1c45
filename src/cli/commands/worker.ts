/**
 * `stepstone worker`: runs the step worker against a real queue — as Lambda's event source mapping
 * would run the worker function — for runs against LocalStack or the emulators, and for debugging
 * locally. Configuration comes from the environment (`STEPSTONE_TABLE`, `STEPSTONE_QUEUE_URL` and the
 * standard AWS SDK variables such as `AWS_ENDPOINT_URL`).
 */
import { parseArgs } from 'node:util';
import { awsRuntimeFromEnv } from '../../aws/config.js';
import { pollQueue } from '../../runtime/poller.js';
import { type CommandIo, ExitCode } from '../io.js';

const USAGE = 'usage: stepstone worker [--batch-size 1-10] [--wait-seconds 0-20] [--quiet]\n';

/** Runs the `worker` command until SIGINT/SIGTERM. */
export async function workerCommand(args: string[], io: CommandIo): Promise<number> {
  let values: { 'batch-size'?: string; 'wait-seconds'?: string; quiet?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { 'batch-size': { type: 'string' }, 'wait-seconds': { type: 'string' }, quiet: { type: 'boolean' } },
    }));
  } catch (error) {
    io.stderr(`stepstone worker: ${(error as Error).message}\n${USAGE}`);
    return ExitCode.Usage;
  }
  const batchSize = Number(values['batch-size'] ?? 10);
  const waitSeconds = Number(values['wait-seconds'] ?? 20);
  if (
    !Number.isInteger(batchSize) ||
    batchSize < 1 ||
    batchSize > 10 ||
    !Number.isInteger(waitSeconds) ||
    waitSeconds < 0 ||
    waitSeconds > 20
  ) {
    io.stderr(`stepstone worker: --batch-size takes 1–10 and --wait-seconds 0–20\n${USAGE}`);
    return ExitCode.Usage;
  }
  let runtime: ReturnType<typeof awsRuntimeFromEnv>;
  try {
    runtime = awsRuntimeFromEnv();
  } catch (error) {
    io.stderr(`stepstone worker: ${(error as Error).message}\n`);
    return ExitCode.Usage;
  }
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  io.stdout(
    `stepstone worker: polling (batch ${batchSize}, wait ${waitSeconds} s); Ctrl-C stops after the batch in flight\n`,
  );
  const handled = await pollQueue(runtime.deps.queue, (message) => runtime.handle(message), {
    batchSize,
    waitSeconds,
    signal: controller.signal,
    onHandled: (message, outcome) => {
      if (values.quiet === true) return;
      const text = outcome instanceof Error ? `failed: ${outcome.message}` : outcome;
      io.stdout(`${new Date().toISOString()}  ${message.messageId}  ${text}\n`);
    },
  });
  io.stdout(`stepstone worker: stopped after ${handled} messages\n`);
  return ExitCode.Ok;
}
