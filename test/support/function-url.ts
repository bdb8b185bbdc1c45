/**
 * A stand-in for a Lambda function URL with `AWS_IAM` auth: an HTTP server on 127.0.0.1 that checks
 * each request's SigV4 signature for the service `lambda` (answering 403 as a function URL does when
 * it does not hold) and hands the request to a handler as a function-URL event.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest, HttpResponse } from '../../src/api/http.js';

/** Credentials a test signs with. */
export interface TestCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** SHA-256 (and HMAC-SHA256 with a secret) as SignatureV4 asks for it. */
class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === 'string') return data;
  return data instanceof ArrayBuffer
    ? new Uint8Array(data)
    : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Whether a request carries a valid SigV4 signature for `lambda` in `region` with `credentials`. */
async function signedForLambda(request: IncomingMessage, body: string, region: string, credentials: TestCredentials) {
  const authorization = request.headers.authorization ?? '';
  const signed = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [];
  const date = request.headers['x-amz-date'];
  if (typeof date !== 'string' || signed.length === 0) return false;
  const headers = Object.fromEntries(signed.map((name) => [name, String(request.headers[name] ?? '')]));
  const signer = new SignatureV4({ service: 'lambda', region, credentials, sha256: Sha256 });
  const iso = date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z');
  const resigned = await signer.sign(
    {
      method: request.method ?? 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      path: request.url ?? '/',
      headers,
      body,
    },
    { signingDate: new Date(iso) },
  );
  return resigned.headers.authorization === authorization;
}

/** Starts the stand-in; `url` is where to point the client. */
export async function startFunctionUrl(
  handler: (event: HttpRequest) => Promise<HttpResponse>,
  options: { region: string; credentials: TestCredentials },
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', async () => {
      if (!(await signedForLambda(request, body, options.region, options.credentials))) {
        response.writeHead(403, { 'content-type': 'application/json' }).end('{"Message":"Forbidden"}');
        return;
      }
      const answer = await handler({
        rawPath: request.url ?? '/',
        headers: request.headers as Record<string, string>,
        body,
        isBase64Encoded: false,
        requestContext: { http: { method: request.method ?? 'POST' } },
      });
      response.writeHead(answer.statusCode, answer.headers).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
