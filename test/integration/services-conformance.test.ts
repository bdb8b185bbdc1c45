/**
 * Runs the AWS-recorded services cases (../shared/conformance/aws-recorded-services: SQS, SNS,
 * DynamoDB, EventBridge, S3, aws-sdk:*, callbacks) through the embedded engine with the shared
 * runner, against a moto server of their own in the recorded account (111111111111). A case passes
 * unless it is listed, with its reason, in test/conformance/services-known-failures.json (and
 * docs/conformance.md); a listed case that starts passing fails the test too.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  againstKnownFailures,
  type CaseResult,
  ROOT,
  RUNNER,
  readKnownFailures,
  runConformance,
} from '../support/conformance-runner.js';
import { type MotoServer, startMotoInAccount } from './moto-account.js';

const cases = resolve(ROOT, '../shared/conformance/aws-recorded-services');
const knownFailures = readKnownFailures(join(ROOT, 'test/conformance/services-known-failures.json'));

describe.skipIf(!existsSync(RUNNER) || !existsSync(cases))('AWS-recorded services cases on moto', () => {
  let moto: MotoServer | undefined;
  let results: CaseResult[] = [];

  beforeAll(async () => {
    moto = await startMotoInAccount('111111111111');
    // Only this moto: no endpoint of the suite's other emulators, no credentials but the recorded account's.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && name !== 'LOCALSTACK_ENDPOINT'),
    );
    results = await runConformance(['--cases', cases], {
      ...env,
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ACCESS_KEY_ID: '111111111111',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REGION: 'us-east-1',
    });
  }, 900_000);

  afterAll(async () => {
    await moto?.stop();
  });

  it('ran every recorded services case', () => {
    expect(results.length).toBeGreaterThanOrEqual(76);
  });

  it('passes every case not listed as a known failure, and fails every listed one', () => {
    expect(againstKnownFailures(results, knownFailures)).toEqual({ unexpected: [], fixed: [] });
  });
});
