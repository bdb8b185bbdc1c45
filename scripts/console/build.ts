/**
 * `tsx scripts/console/build.ts [outdir]` (`npm run build`, which `npm ci` runs as `prepare`):
 * bundles the web console of `stepstone dev` (src/dev/console/app/) with esbuild into
 * dist/console/: index.html and assets/console.js, console.css and favicon.svg. Preact and elkjs are
 * bundled in, so the page loads nothing from the network.
 */
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { CONSOLE_DIR } from '../../src/dev/console/pages.js';

const APP = fileURLToPath(new URL('../../src/dev/console/app/', import.meta.url));

/** Builds the console into `outdir` (emptied first); returns the bundle's size in bytes. */
export async function buildConsole(outdir: string = CONSOLE_DIR): Promise<number> {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(join(outdir, 'assets'), { recursive: true });
  const result = await build({
    entryPoints: { console: join(APP, 'main.tsx') },
    outdir: join(outdir, 'assets'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  await copyFile(join(APP, 'index.html'), join(outdir, 'index.html'));
  await copyFile(join(APP, 'favicon.svg'), join(outdir, 'assets', 'favicon.svg'));
  return Object.entries(result.metafile.outputs)
    .filter(([file]) => !file.endsWith('.map'))
    .reduce((sum, [, output]) => sum + output.bytes, 0);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outdir = process.argv[2] ?? CONSOLE_DIR;
  const bytes = await buildConsole(outdir);
  console.log(`console built into ${outdir} (${Math.round(bytes / 1024)} KiB)`);
}
