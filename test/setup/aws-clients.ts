/**
 * vitest global setup of the `dev` project: installs (once) the AWS CLI and boto3 into a venv with
 * scripts/aws-clients/install.sh, and tells the tests where they are through `STEPSTONE_AWS_CLI` and
 * `STEPSTONE_AWS_PYTHON`. The local endpoint's tests drive `stepstone dev` with clients nobody here
 * wrote: these two and `@aws-sdk/client-sfn`.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/** Installs the clients and provides their paths. */
export default function setup(project: TestProject): void {
  const script = join(import.meta.dirname, '..', '..', 'scripts', 'aws-clients', 'install.sh');
  const result = spawnSync('bash', [script], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 600_000,
  });
  if (result.status !== 0) throw new Error(`scripts/aws-clients/install.sh failed (exit ${result.status})`);
  const venv = result.stdout.trim().split('\n').pop() ?? '';
  process.env.STEPSTONE_AWS_CLI = join(venv, 'bin', 'aws');
  process.env.STEPSTONE_AWS_PYTHON = join(venv, 'bin', 'python');
  project.provide('awsCli', process.env.STEPSTONE_AWS_CLI);
  project.provide('awsPython', process.env.STEPSTONE_AWS_PYTHON);
}

declare module 'vitest' {
  export interface ProvidedContext {
    awsCli: string;
    awsPython: string;
  }
}
