/**
 * Runs every AWS-recorded case of ../shared/conformance through the embedded engine with the shared
 * runner, and checks each outcome: a case passes unless it is listed, with its reason, in
 * known-failures.json (and docs/conformance.md). A listed case that starts passing fails the test too,
 * so the list stays true.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  againstKnownFailures,
  type CaseResult,
  RUNNER,
  readKnownFailures,
  runConformance,
} from '../support/conformance-runner.js';

const knownFailures = readKnownFailures(join(import.meta.dirname, 'known-failures.json'));

describe.skipIf(!existsSync(RUNNER))('AWS-recorded conformance cases', () => {
  let results: CaseResult[] = [];

  beforeAll(async () => {
    results = await runConformance([]);
  }, 600_000);

  it('ran every recorded case', () => {
    expect(results.length).toBeGreaterThanOrEqual(692);
  });

  it('passes every case not listed as a known failure, and fails every listed one', () => {
    expect(againstKnownFailures(results, knownFailures)).toEqual({ unexpected: [], fixed: [] });
  });

  it('records the same history event types as AWS on at least 90% of the cases with a recorded history', () => {
    const checked = results.filter((r) => r.history !== undefined);
    const same = checked.filter((r) => r.history === 'match');
    expect(same.length / checked.length).toBeGreaterThanOrEqual(0.9);
  });
});
