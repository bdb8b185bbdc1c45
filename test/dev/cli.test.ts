import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aws } from './clients.js';

describe('stepstone dev (the command)', () => {
  it('prints where it listens, logs each execution state by state, and stops cleanly on SIGINT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepstone-dev-cli-'));
    const child = spawn(
      process.execPath,
      ['bin/stepstone.mjs', 'dev', '--port', '0', '--data', join(dir, 'dev.db'), '--tasks', 'functions/tasks/index.ts'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no endpoint printed: ${output}`)), 30_000);
        child.stdout.on('data', () => {
          const match = /endpoint on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (match !== null) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
      });
      const created = await aws(
        url,
        'create-state-machine',
        '--name',
        'Saga',
        '--definition',
        'file://definitions/order-saga.asl.json',
        '--role-arn',
        'arn:aws:iam::123456789012:role/R',
      );
      await aws(
        url,
        'start-execution',
        '--state-machine-arn',
        String(created.stateMachineArn),
        '--name',
        'logged',
        '--input',
        'file://definitions/order-saga.input.json',
      );
      for (let i = 0; i < 100 && !output.includes('[logged] ■ SUCCEEDED'); i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(output).toMatch(/\[logged\] ✓ ReserveInventory\s+Task/);
      expect(output).toMatch(/\[logged\] ✓ OrderConfirmed\s+Pass/);
      expect(output).toContain('[logged] ■ SUCCEEDED');
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(output).toContain('stepstone dev: stopped');
    rmSync(dir, { recursive: true, force: true });
  });
});
