/**
 * `tsx scripts/emulators/emulators.ts install|start|stop|status` — the AWS emulators by hand.
 *
 * - `install`: runs install.sh (idempotent).
 * - `start`: uses a LocalStack the environment names if it answers; otherwise installs if needed and
 *   starts moto (DynamoDB, SQS, Lambda), which keeps running until `stop`. Prints the environment to
 *   export. Test runs (`npm run test:aws`) reuse emulators started this way.
 * - `stop`: stops what `start` started; no orphan processes.
 * - `status`: prints endpoints.json and exits 0 if the emulators answer, 1 otherwise.
 */

import {
  findLocalStack,
  installEmulators,
  isAnswering,
  runningEmulators,
  startEmulators,
  stopEmulators,
} from './lib/emulators.js';
import {
  awsEnvironment,
  describeEndpoints,
  type EmulatorEndpoints,
  emulatorsDir,
  readEndpoints,
  writeEndpoints,
} from './lib/endpoints.js';
import { release } from './lib/processes.js';

/** Prints the `export` lines for a shell. */
function printEnvironment(endpoints: EmulatorEndpoints): void {
  for (const [name, value] of Object.entries(awsEnvironment(endpoints))) {
    process.stdout.write(`export ${name}=${value}\n`);
  }
}

async function start(): Promise<void> {
  const localStack = await findLocalStack();
  if (localStack !== undefined) {
    writeEndpoints(localStack);
    process.stderr.write(`emulators: using ${describeEndpoints(localStack)}; started nothing\n`);
    printEnvironment(localStack);
    return;
  }
  const running = await runningEmulators();
  if (running !== undefined) {
    process.stderr.write(
      `emulators: ${describeEndpoints(running)} already running (owner ${running.owner}, since ${running.startedAt})\n`,
    );
    printEnvironment(running);
    return;
  }
  await installEmulators();
  const began = Date.now();
  const endpoints = await startEmulators({ owner: 'cli' });
  release(endpoints.processes);
  process.stderr.write(
    `emulators: started ${describeEndpoints(endpoints)} in ${((Date.now() - began) / 1000).toFixed(1)} s\n`,
  );
  printEnvironment(endpoints);
}

async function stop(): Promise<void> {
  const recorded = readEndpoints();
  if (recorded === undefined) {
    process.stderr.write(`emulators: nothing recorded in ${emulatorsDir()}/endpoints.json; nothing to stop\n`);
    return;
  }
  for (const line of await stopEmulators(recorded)) process.stderr.write(`emulators: ${line}\n`);
}

async function status(): Promise<number> {
  const recorded = readEndpoints();
  if (recorded === undefined) {
    process.stderr.write('emulators: not running\n');
    return 1;
  }
  const answering = await isAnswering(recorded);
  process.stdout.write(`${JSON.stringify({ ...recorded, answering }, null, 2)}\n`);
  return answering ? 0 : 1;
}

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'install':
      await installEmulators();
      return 0;
    case 'start':
      await start();
      return 0;
    case 'stop':
      await stop();
      return 0;
    case 'status':
      return status();
    default:
      process.stderr.write('usage: emulators.ts install|start|stop|status\n');
      return 2;
  }
}

// Ctrl-C or a kill during `start` must still run the exit hook that stops half-started emulators.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
}

main(process.argv[2]).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`emulators: ERROR: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
