/**
 * A moto server of its own, whose resources live in a given account (`MOTO_ACCOUNT_ID`): the
 * AWS-recorded services cases were recorded in account 111111111111 and their runner refuses an
 * endpoint in any other. Started on a free loopback port through the emulator helpers of
 * scripts/emulators/ (installed by install.sh if needed), stopped by the caller.
 */
import { join } from 'node:path';
import { installEmulators } from '../../scripts/emulators/lib/emulators.js';
import { emulatorsDir } from '../../scripts/emulators/lib/endpoints.js';
import { probeSqs, waitUntilAnswering } from '../../scripts/emulators/lib/probe.js';
import { freePort, startProcess, stopProcess } from '../../scripts/emulators/lib/processes.js';

/** A running moto server. */
export interface MotoServer {
  readonly endpoint: string;
  /** Stops the server. */
  stop(): Promise<void>;
}

/** Starts moto with its resources in `accountId`, waiting until it answers. */
export async function startMotoInAccount(accountId: string): Promise<MotoServer> {
  await installEmulators();
  const dir = emulatorsDir();
  const port = await freePort();
  const started = startProcess({
    name: 'moto',
    command: join(dir, 'moto', 'bin', 'moto_server'),
    args: ['-H', '127.0.0.1', '-p', String(port)],
    cwd: join(dir, 'moto'),
    port,
    marker: 'moto_server',
    log: join(dir, 'logs', `moto-account-${accountId}-${port}.log`),
    env: { PYTHONUNBUFFERED: '1', MOTO_ACCOUNT_ID: accountId },
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const failure = await waitUntilAnswering(() => probeSqs(endpoint), {
    timeoutMs: 120_000,
    giveUp: () => started.exited(),
  });
  if (failure !== undefined) {
    await stopProcess(started.process);
    throw new Error(`moto (account ${accountId}) did not start: ${failure}; see ${started.process.log}`);
  }
  return {
    endpoint,
    stop: async () => {
      await stopProcess(started.process);
    },
  };
}
