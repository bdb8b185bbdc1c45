/**
 * Node.js 22 from the npm registry (the `node` package, which brings the official binary for this
 * platform), for what needs it beside the machine's own Node.js: CI runs the test suite on it, and
 * the interpreter benchmark runs its children on it (its peer, aws-local-stepfunctions, needs 22).
 *
 * It is installed on first use into `.bench/node22` (gitignored), outside the project's own
 * dependencies, where its `node` binary would shadow the machine's Node.js in every npm script.
 *
 * `npx tsx scripts/node22.ts` installs it if needed and prints the binary's path (progress goes to
 * stderr), so that a shell can run `PATH="$(dirname "$(npx tsx scripts/node22.ts)"):$PATH" npm test`;
 * with `--nodedir` it prints the folder whose `include/node` holds that release's headers, for
 * node-gyp to build a native addon for it without downloading them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Node.js 22 release installed, as an npm package spec. */
export const NODE_22 = 'node@22.23.3';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * The path of the Node.js 22 binary in `.bench/node22`, installed there from the npm registry first
 * if it is missing.
 * @example node22Binary() // '/repo/.bench/node22/node_modules/node/bin/node'
 */
export function node22Binary(): string {
  const prefix = join(ROOT, '.bench', 'node22');
  const binary = join(prefix, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(binary)) {
    process.stderr.write(`installing ${NODE_22} from the npm registry into .bench/node22\n`);
    execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', NODE_22], {
      // npm's output goes to stderr: stdout stays free for the path.
      stdio: ['ignore', 2, 2],
    });
  }
  return binary;
}

/**
 * The folder of the installed Node.js 22 release that holds its headers (`include/node`), as
 * node-gyp's `--nodedir` wants it; installs the release first if it is missing.
 */
export function node22Nodedir(): string {
  // The `node` package's binary is a link to the one of its platform package, which has the headers.
  const binary = node22Binary();
  return join(dirname(dirname(binary)), 'node_modules', `node-${process.platform}-${process.arch}`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${process.argv.includes('--nodedir') ? node22Nodedir() : node22Binary()}\n`);
}
