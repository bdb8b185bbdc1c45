/**
 * A vitest reporter for `npm test` and `npm run test:aws`: once the run has ended and the global setup
 * (`test/setup/emulators.ts`) has torn down, it prints, last, one line naming what the AWS code path
 * was tested against:
 *
 * ```
 * aws path: 41 passed, 0 failed against moto 5.2.5 at http://127.0.0.1:38147
 * ```
 *
 * Counts are the tests of the `integration` project that passed and failed (skipped ones are
 * neither); a run without that project prints no line. What they ran against is what the global setup exported to the run
 * (`STEPSTONE_EMULATORS_PRODUCT`, `AWS_ENDPOINT_URL_*`): the emulator it started, with the version
 * the install script stamped, or the LocalStack it found, with the version it reports.
 */
import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { describeEndpoints } from '../../scripts/emulators/lib/endpoints.js';

/** The project whose tests run the AWS path. */
const PROJECT = 'integration';

/**
 * What the run talked to, from the environment the global setup set in this (the main) process.
 * @example describeRun({ STEPSTONE_EMULATORS_PRODUCT: 'LocalStack 4.14.0', AWS_ENDPOINT_URL_DYNAMODB: 'http://localhost:4566', ... })
 * // 'LocalStack 4.14.0 at http://localhost:4566'
 */
export function describeRun(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const dynamodb = env.AWS_ENDPOINT_URL_DYNAMODB;
  const sqs = env.AWS_ENDPOINT_URL_SQS;
  if (dynamodb === undefined || sqs === undefined) return 'no emulators (AWS_ENDPOINT_URL_* not set)';
  const product = env.STEPSTONE_EMULATORS_PRODUCT ?? 'unnamed emulators';
  return describeEndpoints({ product, dynamodb, sqs, lambda: env.AWS_ENDPOINT_URL_LAMBDA ?? sqs });
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
    // A run of other projects alone (`npm test -- --project unit`) did not take the AWS path.
    if (!modules.some((module) => module.project.name === PROJECT)) return;
    const { passed, failed } = countTests(modules);
    this.line = `aws path: ${passed} passed, ${failed} failed against ${describeRun()}`;
  }
}
