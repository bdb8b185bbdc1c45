/**
 * Finds or starts the AWS emulators the integration suite runs against: a LocalStack the
 * environment names, if it answers; otherwise moto (DynamoDB, SQS, Lambda, IAM), installed by
 * `install.sh` into `.emulators/` and served by `moto_server.py` on a free loopback port.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
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
import { identifyEndpoint, probeDynamoDb, probeSqs, waitUntilAnswering } from './probe.js';
import { freePort, isRunning, isSameProcess, type StartedProcess, startProcess, stopProcess } from './processes.js';

/** How long each emulator may take to answer after it is spawned, in milliseconds. */
const START_TIMEOUT_MS = 120_000;

/** Attempts per emulator: a port found free can be taken before the emulator binds it. */
const START_ATTEMPTS = 3;

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
        product: await describeLocalStack(url, env),
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

/**
 * What serves `url`, as {@link identifyEndpoint} says, and for the LocalStack `npm run localstack:start`
 * started (recorded in `<emulators dir>/localstack.json`) what serves its DynamoDB and Lambda:
 * `LocalStack 2026.3.0 with DynamoDB by moto` (its own moto serves DynamoDB, scripts/localstack/).
 */
async function describeLocalStack(url: string, env: NodeJS.ProcessEnv): Promise<string> {
  const product = await identifyEndpoint(url);
  try {
    const record = JSON.parse(readFileSync(join(emulatorsDir(env), 'localstack.json'), 'utf8')) as {
      endpoint?: string;
    };
    const same = new URL(record.endpoint ?? '').origin === new URL(url).origin;
    return same ? `${product} with DynamoDB by moto` : product;
  } catch {
    return product;
  }
}

/** Whether recorded emulators still run and answer. */
export async function isAnswering(endpoints: EmulatorEndpoints): Promise<boolean> {
  const alive = endpoints.processes.every((entry) => isRunning(entry.pid) && isSameProcess(entry));
  if (!alive) return false;
  const [dynamo, sqs] = await Promise.all([probeDynamoDb(endpoints.dynamodb), probeSqs(endpoints.sqs)]);
  return dynamo === undefined && sqs === undefined;
}

/** The launcher that serves moto with DynamoDB requests serialised (see its docstring). */
const MOTO_LAUNCHER = join(REPO_ROOT, 'scripts/emulators/moto_server.py');

/** Spawns moto, through {@link MOTO_LAUNCHER}, on 127.0.0.1:`port`. */
function spawnMoto(dir: string, port: number): StartedProcess {
  return startProcess({
    name: 'moto',
    command: join(dir, 'moto', 'bin', 'python'),
    args: [MOTO_LAUNCHER, '--host', '127.0.0.1', '--port', String(port)],
    cwd: join(dir, 'moto'),
    port,
    marker: 'moto_server.py',
    log: join(dir, 'logs', 'moto.log'),
    env: { PYTHONUNBUFFERED: '1' },
  });
}

/**
 * moto with the version install.sh stamped in `<dir>/moto/.installed` (`moto[server]==5.2.5`).
 * @example installedMoto('.emulators') // 'moto 5.2.5'
 */
export function installedMoto(dir: string = emulatorsDir()): string {
  try {
    const version = /==(\S+)/.exec(readFileSync(join(dir, 'moto', '.installed'), 'utf8'))?.[1];
    return version === undefined ? 'moto' : `moto ${version}`;
  } catch {
    return 'moto';
  }
}

/** Whether moto answers both DynamoDB `ListTables` and SQS `ListQueues` at `endpoint`. */
async function probeMoto(endpoint: string): Promise<string | undefined> {
  const [dynamo, sqs] = await Promise.all([probeDynamoDb(endpoint), probeSqs(endpoint)]);
  return dynamo ?? sqs;
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
 * Starts moto on a free loopback port, waits until it answers a real DynamoDB and SQS call, and
 * records the endpoints in `endpoints.json`. Expects it installed (see {@link installEmulators}).
 */
export async function startEmulators(options: StartOptions): Promise<EmulatorEndpoints> {
  const dir = options.dir ?? emulatorsDir();
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const moto = await startOne('moto', (port) => spawnMoto(dir, port), probeMoto);
  const url = `http://127.0.0.1:${moto.port}`;
  const endpoints: EmulatorEndpoints = {
    kind: 'emulators',
    owner: options.owner,
    ownerPid: process.pid,
    product: installedMoto(dir),
    region: EMULATOR_REGION,
    dynamodb: url,
    sqs: url,
    lambda: url,
    startedAt: new Date().toISOString(),
    processes: [moto],
  };
  writeEndpoints(endpoints, dir);
  return endpoints;
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
