/**
 * Runs every AWS-recorded case of ../shared/conformance through the embedded engine with the shared
 * runner, and checks each outcome: a case passes unless it is listed, with its reason, in
 * known-failures.json (and docs/conformance.md). A listed case that starts passing fails the test too,
 * so the list stays true.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const runner = resolve(root, '../shared/conformance/run.mjs');
const knownFailures: Record<string, string> = JSON.parse(
  readFileSync(join(import.meta.dirname, 'known-failures.json'), 'utf8'),
);

interface CaseResult {
  readonly id: string;
  readonly ok: boolean;
  readonly why?: string;
  readonly history?: 'match' | 'differ';
}

describe.skipIf(!existsSync(runner))('AWS-recorded conformance cases', () => {
  let results: CaseResult[] = [];

  beforeAll(async () => {
    const report = join(mkdtempSync(join(tmpdir(), 'stepstone-conformance-')), 'report.json');
    const tsx = resolve(root, 'node_modules/.bin/tsx');
    await promisify(execFile)(
      tsx,
      [runner, '--engine', resolve(root, 'src/index.ts'), '--report', report, '--show', '0'],
      {
        cwd: root,
        maxBuffer: 64 * 1024 * 1024,
      },
    ).catch((error: { code?: number }) => {
      // The runner exits 1 when any case fails; the report says which.
      if (error.code !== 1) throw error;
    });
    results = (JSON.parse(readFileSync(report, 'utf8')) as { results: CaseResult[] }).results;
  }, 600_000);

  it('ran every recorded case', () => {
    expect(results.length).toBeGreaterThanOrEqual(692);
  });

  it('passes every case not listed as a known failure, and fails every listed one', () => {
    const unexpected = results
      .filter((r) => !r.ok && knownFailures[r.id] === undefined)
      .map((r) => `${r.id}: ${r.why}`);
    const fixed = results.filter((r) => r.ok && knownFailures[r.id] !== undefined).map((r) => r.id);
    expect(unexpected).toEqual([]);
    expect(fixed).toEqual([]);
  });

  it('records the same history event types as AWS on at least 90% of the cases with a recorded history', () => {
    const checked = results.filter((r) => r.history !== undefined);
    const same = checked.filter((r) => r.history === 'match');
    expect(same.length / checked.length).toBeGreaterThanOrEqual(0.9);
  });
});
