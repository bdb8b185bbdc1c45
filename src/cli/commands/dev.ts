/**
 * `stepstone dev [--port 8083] [--tasks <module>] [--mock-config MockConfigFile.json] [--data <file>]`:
 * a local Step Functions endpoint on 127.0.0.1 for the AWS CLI and the SDKs, and a web console on the
 * same port, keeping its state in a file so that executions and their timers survive a restart; each
 * execution's states are printed as they finish. Ctrl-C (SIGINT) or SIGTERM stops it after the steps in flight.
 */
import { parseArgs } from 'node:util';
import { consoleBuilt } from '../../dev/console/pages.js';
import { MockConfig } from '../../dev/mock-config.js';
import { DEFAULT_PORT, type DevServer, startDevServer } from '../../dev/server.js';
import type { HistoryEvent } from '../../engine/types.js';
import { type CommandIo, ExitCode } from '../io.js';
import { ProgressPrinter } from '../progress.js';
import { loadTaskModule } from '../tasks-module.js';

const USAGE =
  'usage: stepstone dev [--port N] [--tasks <module>] [--mock-config <MockConfigFile.json>] [--data <file>] [--endpoint URL] [--region R] [--account ID] [--large-payloads] [--no-history-limit] [--quiet]\n';

/** Where the state is kept unless `--data` says otherwise. */
const DEFAULT_DATA = '.stepstone/dev.db';

/** Options of {@link devCommand} for tests: a signal instead of the process's SIGINT/SIGTERM. */
export interface DevCommandOptions {
  readonly stop?: Promise<void>;
  readonly onListening?: (server: DevServer) => void;
}

/** Runs the `dev` command until stopped. */
export async function devCommand(args: string[], io: CommandIo, options: DevCommandOptions = {}): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  try {
    ({ values } = parse(args));
  } catch (error) {
    io.stderr(`stepstone dev: ${(error as Error).message}\n${USAGE}`);
    return ExitCode.Usage;
  }
  const port = Number(values.port ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    io.stderr(`stepstone dev: --port takes a port number, not '${values.port}'\n${USAGE}`);
    return ExitCode.Usage;
  }
  let server: DevServer;
  try {
    const tasks = values.tasks === undefined ? {} : await loadTaskModule(values.tasks);
    const mockPath = values['mock-config'] ?? process.env.SFN_MOCK_CONFIG;
    const mocks = mockPath === undefined || mockPath === '' ? undefined : await MockConfig.load(mockPath);
    server = await startDevServer({
      database: values.data ?? DEFAULT_DATA,
      port,
      tasks,
      mocks,
      region: values.region,
      accountId: values.account,
      endpoint: values.endpoint,
      largePayloads: values['large-payloads'] === true,
      quotas: values['no-history-limit'] === true ? { historyLimit: false } : undefined,
      onEvents: values.quiet === true ? undefined : printer(io),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? `port ${port} is in use (--port picks another)` : (error as Error).message;
    io.stderr(`stepstone dev: ${reason}\n`);
    return ExitCode.Usage;
  }
  io.stdout(
    `stepstone dev: Step Functions endpoint on ${server.url} (state in ${values.data ?? DEFAULT_DATA}); Ctrl-C stops it\n` +
      `  console: ${server.url}/${(await consoleBuilt()) ? '' : ' (not built: run npm run build)'}\n` +
      `  aws stepfunctions --endpoint-url ${server.url} list-state-machines\n`,
  );
  options.onListening?.(server);
  await (options.stop ?? processStop());
  io.stdout('stepstone dev: stopping after the steps in flight\n');
  await server.close();
  io.stdout('stepstone dev: stopped\n');
  return ExitCode.Ok;
}

function parse(args: string[]) {
  return parseArgs({
    args,
    options: {
      port: { type: 'string', short: 'p' },
      tasks: { type: 'string', short: 't' },
      'mock-config': { type: 'string' },
      data: { type: 'string' },
      region: { type: 'string' },
      account: { type: 'string' },
      endpoint: { type: 'string' },
      'large-payloads': { type: 'boolean' },
      'no-history-limit': { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
    },
  });
}

/** Resolves on the first SIGINT or SIGTERM. */
function processStop(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Prints each execution's states as `stepstone run` does, each line prefixed with the execution's name. */
function printer(io: CommandIo): (executionArn: string, events: readonly HistoryEvent[]) => void {
  const printers = new Map<string, ProgressPrinter>();
  return (executionArn, events) => {
    const name = executionArn.split(':').slice(-1)[0] ?? executionArn;
    let progress = printers.get(executionArn);
    if (progress === undefined) {
      progress = new ProgressPrinter(io, `[${name}] `);
      printers.set(executionArn, progress);
    }
    for (const event of events) {
      progress.event(event);
      const ended = /^Execution(Succeeded|Failed|TimedOut|Aborted)$/.exec(event.type);
      if (event.type === 'ExecutionStarted' || event.type === 'ExecutionRedriven')
        io.stdout(`[${name}] ▶ ${event.type === 'ExecutionStarted' ? 'started' : 'redriven'} ${executionArn}\n`);
      if (ended !== null) {
        const details = Object.values(event).find((v) => v !== null && typeof v === 'object') as
          | { error?: string }
          | undefined;
        io.stdout(
          `[${name}] ■ ${ended[1] === 'TimedOut' ? 'TIMED_OUT' : ended[1]?.toUpperCase()}${details?.error === undefined ? '' : ` (${details.error})`}\n`,
        );
        printers.delete(executionArn);
      }
    }
  };
}
