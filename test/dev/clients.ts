/**
 * The clients the local endpoint's tests use, none written here: the AWS CLI and boto3 (from the
 * venv test/setup/aws-clients.ts installs) and `@aws-sdk/client-sfn`.
 */
import { spawn } from 'node:child_process';
import { SFNClient } from '@aws-sdk/client-sfn';
import { inject } from 'vitest';

/** Dummy credentials and a region: the endpoint accepts any signature. */
const ENV = {
  ...process.env,
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_REGION: 'us-east-1',
  AWS_PAGER: '',
  AWS_EC2_METADATA_DISABLED: 'true',
  // StartSyncExecution and TestState go to `sync-<host>` unless told not to (docs/dev.md).
  AWS_DISABLE_HOST_PREFIX_INJECTION: 'true',
};

/** What a process printed and how it ended. */
export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], input?: string): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: ENV, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** `aws stepfunctions <args> --endpoint-url <endpoint>`; the parsed JSON output, or throws with stderr. */
export async function aws(endpoint: string, ...args: string[]): Promise<Record<string, unknown>> {
  const ran = await awsRaw(endpoint, ...args);
  if (ran.code !== 0) throw new Error(`aws stepfunctions ${args[0]} failed (${ran.code}): ${ran.stderr}`);
  return ran.stdout.trim() === '' ? {} : (JSON.parse(ran.stdout) as Record<string, unknown>);
}

/** The AWS CLI's exit code and output as they are (for calls expected to fail). */
export function awsRaw(endpoint: string, ...args: string[]): Promise<Ran> {
  return run(inject('awsCli'), ['stepfunctions', ...args, '--endpoint-url', endpoint, '--output', 'json']);
}

/**
 * Runs a Python snippet with `sfn`, a boto3 Step Functions client on the endpoint, and `args`, the
 * JSON given; the snippet prints JSON, which is returned parsed.
 */
export async function boto3(endpoint: string, snippet: string, args: unknown = {}): Promise<unknown> {
  const program = [
    'import json, sys, boto3',
    `sfn = boto3.client("stepfunctions", endpoint_url=${JSON.stringify(endpoint)})`,
    'args = json.loads(sys.stdin.read())',
    snippet,
  ].join('\n');
  const ran = await run(inject('awsPython'), ['-c', program], JSON.stringify(args));
  if (ran.code !== 0) throw new Error(`boto3 snippet failed (${ran.code}): ${ran.stderr}`);
  return JSON.parse(ran.stdout);
}

/** A JS SDK client on the endpoint. */
export function sdk(endpoint: string): SFNClient {
  return new SFNClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    disableHostPrefix: true,
  });
}
