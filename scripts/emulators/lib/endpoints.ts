/**
 * Where the AWS emulators are, as `.emulators/endpoints.json` records it, and the environment that
 * points the standard AWS SDK v3 configuration at them (`AWS_ENDPOINT_URL_<SERVICE>`), so code
 * under test needs no endpoint option of its own.
 *
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The region the suite uses; moto and LocalStack accept any. */
export const EMULATOR_REGION = 'us-east-1';

/** Dummy credentials: the emulators accept any, and real ones must never reach them. */
export const DUMMY_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

/** One emulator process this project started. */
export interface EmulatorProcess {
  /** Which emulator. */
  readonly name: 'moto' | 'localstack';
  /** Its process id; it leads its own process group. */
  readonly pid: number;
  /** The loopback port it serves. */
  readonly port: number;
  /** A string its command line contains, checked before it is signalled (pid reuse). */
  readonly marker: string;
  /** Its log file (stdout and stderr). */
  readonly log: string;
}

/** The endpoints a test run talks to, as written to `.emulators/endpoints.json`. */
export interface EmulatorEndpoints {
  /** `emulators`: moto started here; `localstack`: a LocalStack (or other endpoint) found running. */
  readonly kind: 'emulators' | 'localstack';
  /** Who started the emulators: `cli` (`npm run emulators:start`, kept until `emulators:stop`) or
   *  `vitest` (a test run's global setup, stopped at its end). `none` for LocalStack. */
  readonly owner: 'cli' | 'vitest' | 'none';
  /** The process id of the owner (the CLI that started them has exited by then; informational). */
  readonly ownerPid: number;
  /** What serves the endpoints, with its version when known: `moto 5.2.5`, `LocalStack 4.14.0`. */
  readonly product: string;
  /** `AWS_REGION` for clients. */
  readonly region: string;
  /** DynamoDB endpoint URL. */
  readonly dynamodb: string;
  /** SQS endpoint URL. */
  readonly sqs: string;
  /** Lambda endpoint URL. */
  readonly lambda: string;
  /** ISO time the endpoints were recorded. */
  readonly startedAt: string;
  /** The processes to stop; empty for LocalStack. */
  readonly processes: readonly EmulatorProcess[];
}

/** The repository root (this file is `scripts/emulators/lib/endpoints.ts`). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * The folder the emulators are installed in and run from.
 * @default `<repo>/.emulators`, or `STEPSTONE_EMULATORS_DIR` when set (install.sh honours it too)
 */
export function emulatorsDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.STEPSTONE_EMULATORS_DIR;
  return fromEnv !== undefined && fromEnv !== '' ? resolve(fromEnv) : join(REPO_ROOT, '.emulators');
}

/** Path of `endpoints.json` inside {@link emulatorsDir}. */
export function endpointsFile(dir: string = emulatorsDir()): string {
  return join(dir, 'endpoints.json');
}

/** Reads `endpoints.json`; `undefined` when it is absent or unreadable. */
export function readEndpoints(dir: string = emulatorsDir()): EmulatorEndpoints | undefined {
  const file = endpointsFile(dir);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as EmulatorEndpoints;
  } catch {
    return undefined;
  }
}

/** Writes `endpoints.json` atomically (write then rename). */
export function writeEndpoints(endpoints: EmulatorEndpoints, dir: string = emulatorsDir()): void {
  mkdirSync(dir, { recursive: true });
  const file = endpointsFile(dir);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(endpoints, null, 2)}\n`);
  renameSync(temporary, file);
}

/** Removes `endpoints.json` if it still describes `endpoints` (another run may have replaced it). */
export function removeEndpoints(endpoints: EmulatorEndpoints, dir: string = emulatorsDir()): void {
  const current = readEndpoints(dir);
  if (current !== undefined && current.startedAt === endpoints.startedAt && current.dynamodb === endpoints.dynamodb) {
    rmSync(endpointsFile(dir), { force: true });
  }
}

/**
 * The environment variables that make AWS SDK v3 clients built with no options talk to `endpoints`:
 * service-specific endpoint URLs, the region and dummy credentials.
 *
 * @example
 * Object.assign(process.env, awsEnvironment(endpoints));
 * await new DynamoDBClient({}).send(new ListTablesCommand({})); // goes to moto's DynamoDB
 */
export function awsEnvironment(endpoints: EmulatorEndpoints): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_LAMBDA: endpoints.lambda,
    AWS_REGION: endpoints.region,
    AWS_DEFAULT_REGION: endpoints.region,
    AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
  };
}

/**
 * What serves `endpoints`, and where: for logs, test names and benchmark labels.
 * @example describeEndpoints(endpoints) // 'moto 5.2.5 at http://127.0.0.1:38147'
 */
export function describeEndpoints(
  endpoints: Pick<EmulatorEndpoints, 'product' | 'dynamodb' | 'sqs' | 'lambda'>,
): string {
  const { product, dynamodb, sqs, lambda } = endpoints;
  if (dynamodb === sqs && sqs === lambda) return `${product} at ${dynamodb}`;
  return `${product} at ${dynamodb} (DynamoDB), ${sqs} (SQS), ${lambda} (Lambda)`;
}

/** Variables that would override or disable the endpoints above; removed alongside them. */
export const CONFLICTING_ENV = ['AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS'] as const;
