import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { consolePages } from '../../../src/dev/console/pages.js';

let server: Server | undefined;
let dir: string | undefined;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  server = undefined;
  dir = undefined;
});

/** Serves `consolePages` over a directory holding `files`; returns the base URL. */
async function serve(files: Record<string, string>): Promise<string> {
  dir = mkdtempSync(join(tmpdir(), 'stepstone-pages-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  server = createServer(consolePages({ dir }));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('consolePages', () => {
  it('serves the page at / with a policy that allows nothing from elsewhere, and its assets by type', async () => {
    const url = await serve({ 'index.html': '<!doctype html>page', 'assets/console.js': 'run()' });
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<!doctype html>page');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const script = await fetch(`${url}/assets/console.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('run()');
  });

  it('answers 404 for paths outside its assets, however they are spelled', async () => {
    const url = await serve({ 'index.html': 'page', 'secret.txt': 'no' });
    for (const path of ['/secret.txt', '/assets/../secret.txt', '/assets/%2e%2e%2fsecret.txt', '/assets/missing.js']) {
      const response = await fetch(`${url}${path}`);
      expect([path, response.status]).toEqual([path, 404]);
      expect(await response.text()).not.toContain('no\n');
    }
  });

  it('says how to build the console when it has not been built', async () => {
    const url = await serve({});
    const response = await fetch(`${url}/`);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build');
  });

  it('refuses methods other than GET and HEAD, and answers HEAD without a body', async () => {
    const url = await serve({ 'index.html': 'page' });
    expect((await fetch(`${url}/`, { method: 'DELETE' })).status).toBe(405);
    const head = await fetch(`${url}/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('4');
    expect(await head.text()).toBe('');
  });
});
