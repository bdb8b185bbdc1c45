/**
 * `tsx scripts/localstack/localstack.ts start|stop|status` (`npm run localstack:start`, …) —
 * LocalStack's last open-source release on this machine, without Docker (docs/emulators.md).
 *
 * - `start`: installs it if needed (scripts/localstack/install.sh), starts it in host mode on
 *   127.0.0.1:`STEPSTONE_LOCALSTACK_PORT` (default 4566), waits until DynamoDB and SQS answer, and
 *   prints the `export` lines a shell needs (`eval "$(npm run -s localstack:start)"`). A LocalStack
 *   this command started that still answers is reused.
 * - `stop`: stops it (SIGTERM to its process group, which holds the Lambda functions' processes too;
 *   SIGKILL after 10 s).
 * - `status`: prints `.emulators/localstack.json`; exit code 0 when it answers.
 *
 * LocalStack runs with (besides its plugins' settings) `OVERRIDE_IN_DOCKER=0`: on a machine with
 * `/.dockerenv` it would otherwise believe it runs in its own container and rewrite
 * `/etc/resolv.conf`, which, if it is killed, stays pointing at a DNS server that no longer runs.
 * `start` and `stop` also compare `/etc/resolv.conf` with what it was before the start, and put it
 * back (saying so) if it changed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DUMMY_CREDENTIALS,
  EMULATOR_REGION,
  type EmulatorProcess,
  emulatorsDir,
  REPO_ROOT,
} from '../emulators/lib/endpoints.js';
import { identifyEndpoint, probeDynamoDb, probeSqs, waitUntilAnswering } from '../emulators/lib/probe.js';
import { isRunning, isSameProcess, release, startProcess, stopProcess } from '../emulators/lib/processes.js';

/** The file that records the LocalStack `start` started. */
const RECORD = join(emulatorsDir(), 'localstack.json');

/** The DNS configuration LocalStack must leave alone. */
const RESOLV_CONF = '/etc/resolv.conf';

/** How long LocalStack may take to answer after it is spawned, in milliseconds. */
const START_TIMEOUT_MS = 180_000;

/** What `.emulators/localstack.json` holds. */
interface LocalStackRecord extends EmulatorProcess {
  readonly endpoint: string;
  /** `LocalStack 2026.3.0`, as its health endpoint reports it. */
  readonly product: string;
  readonly startedAt: string;
  /** `/etc/resolv.conf` before the start (absent when there is none). */
  readonly resolvConf?: string;
}

function say(message: string): void {
  process.stderr.write(`localstack: ${message}\n`);
}

function readResolvConf(): string | undefined {
  return existsSync(RESOLV_CONF) ? readFileSync(RESOLV_CONF, 'utf8') : undefined;
}

/** Puts `/etc/resolv.conf` back when it differs from `before`. */
function checkResolvConf(before: string | undefined): void {
  if (before === undefined) return;
  const now = readResolvConf();
  if (now === before) return;
  say(`${RESOLV_CONF} changed while LocalStack ran; putting it back:\n${before}`);
  writeFileSync(RESOLV_CONF, before);
}

function readRecord(): LocalStackRecord | undefined {
  try {
    return JSON.parse(readFileSync(RECORD, 'utf8')) as LocalStackRecord;
  } catch {
    return undefined;
  }
}

async function answers(endpoint: string): Promise<string | undefined> {
  const [dynamo, sqs] = await Promise.all([probeDynamoDb(endpoint), probeSqs(endpoint)]);
  return dynamo ?? sqs;
}

/** The environment that points the AWS SDKs, the AWS CLI, cdklocal and the test suite at `endpoint`. */
export function localStackEnvironment(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    // cdklocal refuses AWS_ENDPOINT_URL without it (asset uploads go to S3 by path).
    AWS_ENDPOINT_URL_S3: endpoint,
    LOCALSTACK_ENDPOINT: endpoint,
    AWS_REGION: EMULATOR_REGION,
    AWS_DEFAULT_REGION: EMULATOR_REGION,
    AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
  };
}

function printEnvironment(endpoint: string): void {
  for (const [name, value] of Object.entries(localStackEnvironment(endpoint))) {
    process.stdout.write(`export ${name}=${value}\n`);
  }
}

/** The settings LocalStack runs with on the host (see the module comment and docs/emulators.md). */
function localStackSettings(port: number, dir: string): Record<string, string> {
  return {
    GATEWAY_LISTEN: `127.0.0.1:${port}`,
    LOCALSTACK_HOST: `127.0.0.1:${port}`,
    OVERRIDE_IN_DOCKER: '0',
    DNS_ADDRESS: '0',
    SQS_ENDPOINT_STRATEGY: 'dynamic',
    SKIP_SSL_CERT_DOWNLOAD: '1',
    DISABLE_EVENTS: '1',
    PROVIDER_OVERRIDE_DYNAMODB: 'stepstone-moto',
    LAMBDA_RUNTIME_EXECUTOR: 'stepstone-local',
    STEPSTONE_LAMBDA_NODE: process.env.STEPSTONE_LAMBDA_NODE || process.execPath,
    FILESYSTEM_ROOT: join(dir, 'localstack-fs'),
    PYTHONUNBUFFERED: '1',
  };
}

async function start(): Promise<number> {
  const recorded = readRecord();
  if (recorded !== undefined && isRunning(recorded.pid) && isSameProcess(recorded)) {
    if ((await answers(recorded.endpoint)) === undefined) {
      say(
        `${recorded.product} already running at ${recorded.endpoint} (pid ${recorded.pid}, since ${recorded.startedAt})`,
      );
      printEnvironment(recorded.endpoint);
      return 0;
    }
  }
  const port = Number(process.env.STEPSTONE_LOCALSTACK_PORT || '4566');
  const endpoint = `http://127.0.0.1:${port}`;
  if ((await answers(endpoint)) === undefined) {
    say(
      `${await identifyEndpoint(endpoint)} already answers at ${endpoint}, started elsewhere: stop it, or choose another STEPSTONE_LOCALSTACK_PORT`,
    );
    return 1;
  }
  const install = spawnSync('bash', [join(REPO_ROOT, 'scripts/localstack/install.sh')], { stdio: ['ignore', 2, 2] });
  if (install.status !== 0) return 1;

  const dir = emulatorsDir();
  const resolvConf = readResolvConf();
  const began = Date.now();
  const log = join(dir, 'logs', 'localstack.log');
  const started = startProcess({
    name: 'localstack',
    command: join(dir, 'localstack', 'bin', 'python'),
    args: ['-m', 'localstack.runtime.main'],
    cwd: dir,
    port,
    marker: 'localstack.runtime.main',
    log,
    env: localStackSettings(port, dir),
  });
  const failure = await waitUntilAnswering(() => answers(endpoint), {
    timeoutMs: START_TIMEOUT_MS,
    intervalMs: 250,
    giveUp: () => {
      const exited = started.exited();
      return exited === undefined ? undefined : `exited (${exited})`;
    },
  });
  if (failure !== undefined) {
    await stopProcess(started.process);
    checkResolvConf(resolvConf);
    const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-20).join('\n') : '';
    say(`LocalStack did not answer at ${endpoint}: ${failure}; the end of ${log}:\n${tail}`);
    return 1;
  }
  checkResolvConf(resolvConf);
  const record: LocalStackRecord = {
    ...started.process,
    endpoint,
    product: await identifyEndpoint(endpoint),
    startedAt: new Date().toISOString(),
    ...(resolvConf === undefined ? {} : { resolvConf }),
  };
  writeFileSync(RECORD, `${JSON.stringify(record, null, 2)}\n`);
  release([started.process]);
  say(`started ${record.product} at ${endpoint} in ${((Date.now() - began) / 1000).toFixed(1)} s (log: ${log})`);
  printEnvironment(endpoint);
  return 0;
}

async function stop(): Promise<number> {
  const recorded = readRecord();
  if (recorded === undefined) {
    say(`nothing recorded in ${RECORD}; nothing to stop`);
    return 0;
  }
  say(`${recorded.product} (pid ${recorded.pid}, port ${recorded.port}): ${await stopProcess(recorded)}`);
  checkResolvConf(recorded.resolvConf);
  rmSync(RECORD, { force: true });
  return 0;
}

async function status(): Promise<number> {
  const recorded = readRecord();
  if (recorded === undefined) {
    say('not running');
    return 1;
  }
  const answering = isRunning(recorded.pid) && (await answers(recorded.endpoint)) === undefined;
  const { resolvConf: _resolvConf, ...shown } = recorded;
  process.stdout.write(`${JSON.stringify({ ...shown, answering }, null, 2)}\n`);
  return answering ? 0 : 1;
}

const commands: Record<string, () => Promise<number>> = { start, stop, status };
const command = commands[process.argv[2] ?? ''];
if (command === undefined) {
  process.stderr.write('usage: tsx scripts/localstack/localstack.ts start|stop|status\n');
  process.exit(2);
}
process.exit(await command());
