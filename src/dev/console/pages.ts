/**
 * The web console's pages on `stepstone dev`'s port: `GET /` answers the console's page and
 * `GET /assets/…` its script, stylesheet and icon, built from src/dev/console/app/ into
 * dist/console/ by `npm run build` (which `npm ci` runs through the `prepare` script). The page talks
 * to the server only through the Step Functions API on the same origin (`POST /`), and loads nothing
 * from anywhere else: its Content-Security-Policy says so.
 *
 * @example
 * await startDevServer({ database: 'dev.db', pages: consolePages() }); // the default
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm run build` puts the console (`index.html` and `assets/`). */
export const CONSOLE_DIR = fileURLToPath(new URL('../../../dist/console/', import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Everything the page may load comes from the server itself. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Options of {@link consolePages}. */
export interface ConsolePagesOptions {
  /** The built console. @default {@link CONSOLE_DIR} */
  readonly dir?: string;
}

/** A request handler for `startDevServer`'s `pages`: the console's page and assets, 404 otherwise. */
export function consolePages(
  options: ConsolePagesOptions = {},
): (request: IncomingMessage, response: ServerResponse) => void {
  const dir = options.dir ?? CONSOLE_DIR;
  return (request, response) => {
    void servePage(dir, request, response);
  };
}

/** Whether the console has been built into `dir`. */
export async function consoleBuilt(dir: string = CONSOLE_DIR): Promise<boolean> {
  return readFile(join(dir, 'index.html')).then(
    () => true,
    () => false,
  );
}

async function servePage(dir: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return send(
      response,
      405,
      'text/plain; charset=utf-8',
      `${request.method} is not answered here: the console is read with GET, the API with POST.\n`,
      { allow: 'GET, HEAD, POST' },
    );
  }
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const file = path === '/' || path === '/index.html' ? 'index.html' : assetFile(path);
  if (file === undefined)
    return send(response, 404, 'text/plain; charset=utf-8', `stepstone dev has no page ${path}: the console is at /\n`);
  let body: Buffer;
  try {
    body = await readFile(join(dir, file));
  } catch {
    if (file === 'index.html') return send(response, 503, 'text/html; charset=utf-8', NOT_BUILT);
    return send(response, 404, 'text/plain; charset=utf-8', `stepstone dev has no asset ${path}\n`);
  }
  const headers: Record<string, string> =
    file === 'index.html'
      ? {
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'referrer-policy': 'no-referrer',
          'x-frame-options': 'DENY',
        }
      : {};
  send(
    response,
    200,
    TYPES[extname(file)] ?? 'application/octet-stream',
    request.method === 'HEAD' ? undefined : body,
    headers,
    body.length,
  );
}

/** `/assets/console.js` → `assets/console.js`; undefined for anything that is not a plain asset name. */
function assetFile(path: string): string | undefined {
  const match = /^\/assets\/([\w-]+(?:\.[\w-]+)+)$/.exec(path);
  return match === null ? undefined : `assets/${match[1]}`;
}

function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer | undefined,
  headers: Record<string, string> = {},
  length = body === undefined ? 0 : Buffer.byteLength(body),
): void {
  response.writeHead(status, {
    'content-type': type,
    'content-length': length,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  response.end(body);
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Stepstone console not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 3em auto">
<h1>The console is not built</h1>
<p>The Step Functions API answers on this port, but the web console's files are missing from
<code>dist/console/</code>. <code>npm ci</code> builds them (its <code>prepare</code> script); to build them
again, run <code>npm run build</code> in the Stepstone checkout and reload this page.</p>
</body></html>
`;
