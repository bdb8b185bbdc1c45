/**
 * Runs the shared conformance runner (../shared/conformance/run.mjs) on the embedded engine and reads
 * its report; compares the outcomes with a list of known failures.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '../..');
/** The shared runner. */
export const RUNNER = resolve(ROOT, '../shared/conformance/run.mjs');

/** One case's outcome in the runner's report. */
export interface CaseResult {
  readonly id: string;
  readonly ok: boolean;
  readonly why?: string;
  readonly history?: 'match' | 'differ';
}

/** Runs the runner with `args` (after `--engine src/index.ts`) and answers every case's outcome. */
export async function runConformance(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<CaseResult[]> {
  const report = join(mkdtempSync(join(tmpdir(), 'stepstone-conformance-')), 'report.json');
  await promisify(execFile)(
    resolve(ROOT, 'node_modules/.bin/tsx'),
    [RUNNER, '--engine', resolve(ROOT, 'src/index.ts'), ...args, '--report', report, '--show', '0'],
    { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, env: env ?? process.env },
  ).catch((error: { code?: number }) => {
    // The runner exits 1 when any case fails; the report says which.
    if (error.code !== 1) throw error;
  });
  return (JSON.parse(readFileSync(report, 'utf8')) as { results: CaseResult[] }).results;
}

/** Reads a known-failures file (case id → reason). */
export function readKnownFailures(path: string): Record<string, string> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
}

/** Cases that failed without being listed (with why), and listed cases that passed. */
export function againstKnownFailures(
  results: readonly CaseResult[],
  known: Readonly<Record<string, string>>,
): { unexpected: string[]; fixed: string[] } {
  return {
    unexpected: results.filter((r) => !r.ok && known[r.id] === undefined).map((r) => `${r.id}: ${r.why}`),
    fixed: results.filter((r) => r.ok && known[r.id] !== undefined).map((r) => r.id),
  };
}
