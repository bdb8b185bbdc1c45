/**
 * vitest global setup of the `console` project: makes sure a headless Chromium is installed
 * (scripts/chromium/install.sh, idempotent) and builds the web console from its sources, so the
 * browser tests drive the console as the working tree has it, not an older build.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildConsole } from '../../scripts/console/build.js';

/** Installs Chromium if needed, provides its path as `chromium`, and builds the console. */
export default async function setup(project: TestProject): Promise<void> {
  const script = join(import.meta.dirname, '..', '..', 'scripts', 'chromium', 'install.sh');
  const result = spawnSync('bash', [script], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 900_000,
  });
  if (result.status !== 0) throw new Error(`scripts/chromium/install.sh failed (exit ${result.status})`);
  project.provide('chromium', result.stdout.trim().split('\n').pop() ?? '');
  await buildConsole();
}

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: string;
  }
}
