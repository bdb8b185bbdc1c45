/**
 * The `stepstone` command: dispatches to a subcommand.
 *
 * @example
 * stepstone validate definitions/*.asl.json
 * stepstone run definitions/order-saga.asl.json --input '{"orderId":"o-1"}' --tasks functions/tasks/index.ts
 */
import { type CommandIo, ExitCode, processIo } from './io.js';

const USAGE = `usage: stepstone <command> [options]

commands:
  run <definition> [--input JSON|@file] [--tasks <module>] [--substitution Name=Value]… [--history]
                          run a workflow on the embedded engine
  validate <files…> [--json]
                          check definitions; exit 0 when all are valid, 1 when not
  dev [--port 8083] [--tasks <module>] [--mock-config <file>] [--data <file>]
                          a local Step Functions endpoint for the AWS CLI and SDKs
  api <Action> [JSON|@file] --url <url>
                          one Step Functions API call to a deployed engine (signed for its function URL)
  worker [--batch-size N] [--wait-seconds N]
                          run the step worker against the queue named by STEPSTONE_QUEUE_URL
  help                    show this text
`;

type Command = (args: string[], io: CommandIo) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  validate: async () => (await import('./commands/validate.js')).validateCommand,
  run: async () => (await import('./commands/run.js')).runCommand,
  worker: async () => (await import('./commands/worker.js')).workerCommand,
  dev: async () => (await import('./commands/dev.js')).devCommand,
  api: async () => (await import('./commands/api.js')).apiCommand,
};

/** Runs the command line `args` (without the node and script names) and returns the exit code. */
export async function main(args: string[], io: CommandIo = processIo): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.stderr : io.stdout)(USAGE);
    return name === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  const load = commands[name];
  if (load === undefined) {
    io.stderr(`stepstone: unknown command '${name}'\n\n${USAGE}`);
    return ExitCode.Usage;
  }
  const command = await load();
  return command(rest, io);
}
