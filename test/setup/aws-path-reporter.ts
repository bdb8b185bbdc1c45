/**
 * A vitest reporter for `npm run test:aws`: once the run has ended and the global setup
 * (`test/setup/emulators.ts`) has torn down, it prints, last, one line naming what the AWS code path
 * was tested against:
 *
 * ```
 * aws path: 41 passed, 0 failed against DynamoDB Local 3.3.1 at http://127.0.0.1:38147, moto 5.2.5 at http://127.0.0.1:33003
 * ```
 *
 * Counts are the tests of the `integration` project that passed and failed (skipped ones are
 * neither). The endpoints are those the global setup exported to the run (`AWS_ENDPOINT_URL_*`,
 * `STEPSTONE_EMULATORS_KIND`); the versions are those the install script stamped in `.emulators/`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { emulatorsDir } from '../../scripts/emulators/lib/endpoints.js';

/** The project whose tests run the AWS path. */
const PROJECT = 'integration';

/** The version a stamp file of `.emulators/` names (`pattern`'s first group), or undefined. */
function stampedVersion(part: string, pattern: RegExp): string | undefined {
  try {
    return pattern.exec(readFileSync(join(emulatorsDir(), part, '.installed'), 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

/** A product name with its version when known. */
function named(product: string, version: string | undefined): string {
  return version === undefined ? product : `${product} ${version}`;
}

/**
 * What the run talked to, from the environment the global setup set in this (the main) process.
 * @example describeEndpoints({ STEPSTONE_EMULATORS_KIND: 'localstack', AWS_ENDPOINT_URL_DYNAMODB: 'http://localhost:4566' })
 * // 'LocalStack at http://localhost:4566'
 */
export function describeEndpoints(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const dynamodb = env.AWS_ENDPOINT_URL_DYNAMODB;
  const sqs = env.AWS_ENDPOINT_URL_SQS;
  if (dynamodb === undefined || sqs === undefined) return 'no emulators (AWS_ENDPOINT_URL_* not set)';
  if (env.STEPSTONE_EMULATORS_KIND === 'localstack') {
    return dynamodb === sqs ? `LocalStack at ${dynamodb}` : `LocalStack at ${dynamodb} (DynamoDB), ${sqs} (SQS)`;
  }
  const ddb = named('DynamoDB Local', stampedVersion('dynamodb-local', /DynamoDBLocal:(\S+)/));
  const moto = named('moto', stampedVersion('moto', /moto(?:\[server\])?==(\S+)/));
  return `${ddb} at ${dynamodb}, ${moto} at ${sqs}`;
}

/** Passed and failed tests of the integration project's modules. */
export function countTests(modules: readonly TestModule[]): { passed: number; failed: number } {
  let passed = 0;
  let failed = 0;
  for (const module of modules) {
    if (module.project.name !== PROJECT) continue;
    // A module that failed to load has no tests, yet it failed.
    if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === 'passed') passed++;
      else if (state === 'failed') failed++;
    }
  }
  return { passed, failed };
}

/** The reporter (`--reporter=./test/setup/aws-path-reporter.ts`). */
export default class AwsPathReporter implements Reporter {
  private line: string | undefined;

  onInit(vitest: Vitest): void {
    // Printed on close, after the global setup's teardown has written its own lines.
    vitest.onClose(() => {
      if (this.line !== undefined) process.stdout.write(`${this.line}\n`);
    });
  }

  onTestRunEnd(modules: readonly TestModule[]): void {
    const { passed, failed } = countTests(modules);
    this.line = `aws path: ${passed} passed, ${failed} failed against ${describeEndpoints()}`;
  }
}
