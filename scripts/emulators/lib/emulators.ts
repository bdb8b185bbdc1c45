/**
 * Finds or starts the AWS emulators the integration suite runs against: a LocalStack the
 * environment names, if it answers; otherwise DynamoDB Local (in memory, shared database) and moto's
 * server, installed by `install.sh` into `.emulators/` and started on free loopback ports.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  EMULATOR_REGION,
  type EmulatorEndpoints,
  type EmulatorProcess,
  emulatorsDir,
  REPO_ROOT,
  readEndpoints,
  removeEndpoints,
  writeEndpoints,
} from './endpoints.js';
import { probeDynamoDb, probeSqs, waitUntilAnswering } from './probe.js';
import { freePort, isRunning, isSameProcess, type StartedProcess, startProcess, stopProcess } from './processes.js';

/** How long each emulator may take to answer after it is spawned, in milliseconds. */
const START_TIMEOUT_MS = 120_000;

/** Attempts per emulator: a port found free can be taken before the emulator binds it. */
const START_ATTEMPTS = 3;

/** The main class of DynamoDB Local 3.x (`software.amazon.dynamodb:DynamoDBLocal`). */
const DYNAMODB_LOCAL_MAIN = 'software.amazon.dynamodb.services.local.main.ServerRunner';

/** Writes a progress line to stderr (stdout stays free for `status`'s JSON). */
function say(message: string): void {
  process.stderr.write(`emulators: ${message}\n`);
}

/**
 * Runs `scripts/emulators/install.sh` (idempotent; a fraction of a second when installed).
 * @throws Error with the script's own message when it fails (e.g. a registry cannot be reached)
 */
export function installEmulators(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolveInstall, reject) => {
    const child = spawn('bash', [join(REPO_ROOT, 'scripts/emulators/install.sh')], {
      cwd: REPO_ROOT,
      env,
      // Its progress goes to our stderr: stdout stays free for `start`'s export lines.
      stdio: ['ignore', 2, 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      process.stderr.write(chunk);
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolveInstall();
      else reject(new Error(`scripts/emulators/install.sh failed (exit ${code}):\n${stderr.trim()}`));
    });
  });
}

/**
 * The LocalStack (or other AWS-compatible endpoint) the environment names in `LOCALSTACK_ENDPOINT`
 * or `AWS_ENDPOINT_URL`, if it answers both DynamoDB `ListTables` and SQS `ListQueues`.
 */
export async function findLocalStack(env: NodeJS.ProcessEnv = process.env): Promise<EmulatorEndpoints | undefined> {
  const candidates = [env.LOCALSTACK_ENDPOINT, env.AWS_ENDPOINT_URL].filter(
    (url): url is string => url !== undefined && url !== '',
  );
  for (const url of new Set(candidates)) {
    const [dynamo, sqs] = await Promise.all([probeDynamoDb(url), probeSqs(url)]);
    if (dynamo === undefined && sqs === undefined) {
      return {
        kind: 'localstack',
        owner: 'none',
        ownerPid: process.pid,
        region: env.AWS_REGION ?? EMULATOR_REGION,
        dynamodb: url,
        sqs: url,
        lambda: url,
        startedAt: new Date().toISOString(),
        processes: [],
      };
    }
    say(`${url} (from the environment) does not answer (${dynamo ?? sqs}); starting our own emulators`);
  }
  return undefined;
}

/** Whether recorded emulators still run and answer. */
export async function isAnswering(endpoints: EmulatorEndpoints): Promise<boolean> {
  const alive = endpoints.processes.every((entry) => isRunning(entry.pid) && isSameProcess(entry));
  if (!alive) return false;
  const [dynamo, sqs] = await Promise.all([probeDynamoDb(endpoints.dynamodb), probeSqs(endpoints.sqs)]);
  return dynamo === undefined && sqs === undefined;
}

/** Spawns DynamoDB Local in memory on `port`. */
function spawnDynamoDbLocal(dir: string, port: number): StartedProcess {
  const lib = join(dir, 'dynamodb-local', 'lib');
  const jar = readdirSync(lib).find((file) => /^DynamoDBLocal-.*\.jar$/.test(file));
  if (jar === undefined) throw new Error(`DynamoDB Local is not installed in ${lib}: run scripts/emulators/install.sh`);
  return startProcess({
    name: 'dynamodb-local',
    command: 'java',
    // DynamoDB Local has no bind-address option: it listens on every interface, on a random port.
    args: [
      `-Djava.library.path=${lib}`,
      `-Dsqlite4java.library.path=${lib}`,
      '-XX:TieredStopAtLevel=1',
      '-cp',
      `${lib}/*`,
      DYNAMODB_LOCAL_MAIN,
      '-inMemory',
      '-sharedDb',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    cwd: join(dir, 'dynamodb-local'),
    port,
    marker: DYNAMODB_LOCAL_MAIN,
    log: join(dir, 'logs', 'dynamodb-local.log'),
  });
}

/** Spawns moto's server on 127.0.0.1:`port`. */
function spawnMoto(dir: string, port: number): StartedProcess {
  const server = join(dir, 'moto', 'bin', 'moto_server');
  return startProcess({
    name: 'moto',
    command: server,
    args: ['-H', '127.0.0.1', '-p', String(port)],
    cwd: join(dir, 'moto'),
    port,
    marker: 'moto_server',
    log: join(dir, 'logs', 'moto.log'),
    env: { PYTHONUNBUFFERED: '1' },
  });
}

/** Starts one emulator and waits for it to answer, retrying on a new port if it dies early. */
async function startOne(
  name: EmulatorProcess['name'],
  spawnAt: (port: number) => StartedProcess,
  probe: (endpoint: string) => Promise<string | undefined>,
): Promise<EmulatorProcess> {
  let lastFailure = '';
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const port = await freePort();
    const started = spawnAt(port);
    const endpoint = `http://127.0.0.1:${port}`;
    const failure = await waitUntilAnswering(() => probe(endpoint), {
      timeoutMs: START_TIMEOUT_MS,
      giveUp: () => {
        const exited = started.exited();
        return exited !== undefined ? `exited (${exited})` : undefined;
      },
    });
    if (failure === undefined) return started.process;
    await stopProcess(started.process);
    lastFailure = `${name} on port ${port}: ${failure}; see ${started.process.log}`;
    say(`attempt ${attempt} failed: ${lastFailure}`);
  }
  throw new Error(`could not start ${lastFailure}`);
}

/** Options of {@link startEmulators}. */
export interface StartOptions {
  /** Who owns the processes (see {@link EmulatorEndpoints.owner}). */
  readonly owner: 'cli' | 'vitest';
  /** Where the emulators are installed. @default emulatorsDir() */
  readonly dir?: string;
}

/**
 * Starts DynamoDB Local and moto on free loopback ports, waits until each answers a real API call,
 * configures moto's Lambda to run without Docker, and records the endpoints in `endpoints.json`.
 * Expects them installed (see {@link installEmulators}).
 */
export async function startEmulators(options: StartOptions): Promise<EmulatorEndpoints> {
  const dir = options.dir ?? emulatorsDir();
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const results = await Promise.allSettled([
    startOne('dynamodb-local', (port) => spawnDynamoDbLocal(dir, port), probeDynamoDb),
    startOne('moto', (port) => spawnMoto(dir, port), probeSqs),
  ]);
  const processes = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []));
  if (failures.length > 0) {
    for (const entry of processes) await stopProcess(entry);
    throw new Error(failures.join('\n'));
  }
  const dynamo = processes.find((entry) => entry.name === 'dynamodb-local');
  const moto = processes.find((entry) => entry.name === 'moto');
  if (dynamo === undefined || moto === undefined) throw new Error('an emulator is missing after start');
  const motoUrl = `http://127.0.0.1:${moto.port}`;
  await configureMoto(motoUrl);
  const endpoints: EmulatorEndpoints = {
    kind: 'emulators',
    owner: options.owner,
    ownerPid: process.pid,
    region: EMULATOR_REGION,
    dynamodb: `http://127.0.0.1:${dynamo.port}`,
    sqs: motoUrl,
    lambda: motoUrl,
    startedAt: new Date().toISOString(),
    processes,
  };
  writeEndpoints(endpoints, dir);
  return endpoints;
}

/**
 * Switches moto's Lambda to its Docker-free backend: `Invoke` returns the request payload (or a
 * response queued through moto's API) instead of running the function's code.
 * @see https://docs.getmoto.org/en/latest/docs/services/lambda.html
 */
async function configureMoto(motoUrl: string): Promise<void> {
  const response = await fetch(`${motoUrl}/moto-api/config`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ lambda: { use_docker: false } }),
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok) throw new Error(`moto refused its configuration: HTTP ${response.status}`);
}

/**
 * Stops the processes `endpoints` records and removes `endpoints.json` if it still names them.
 * @returns one line per process saying what happened
 */
export async function stopEmulators(endpoints: EmulatorEndpoints, dir: string = emulatorsDir()): Promise<string[]> {
  const lines: string[] = [];
  for (const entry of endpoints.processes) {
    lines.push(`${entry.name} (pid ${entry.pid}, port ${entry.port}): ${await stopProcess(entry)}`);
  }
  removeEndpoints(endpoints, dir);
  return lines;
}

/** The emulators `endpoints.json` records, if they still run and answer. */
export async function runningEmulators(dir: string = emulatorsDir()): Promise<EmulatorEndpoints | undefined> {
  const recorded = readEndpoints(dir);
  if (recorded === undefined || recorded.kind !== 'emulators') return undefined;
  return (await isAnswering(recorded)) ? recorded : undefined;
}
