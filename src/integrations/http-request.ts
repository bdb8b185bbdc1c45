/**
 * One HTTP request as the HTTP-calling integrations make it (`apigateway:invoke`, `http:invoke`), and
 * its response as they report it: the headers with the server's own spelling, each a list of values
 * (`{"Content-Type": ["application/json"]}`), the status code and its text (`OK`), the body parsed when
 * it is JSON and its text otherwise.
 *
 * `node:http`/`node:https` rather than `fetch`: `fetch` lower-cases header names, which Step Functions
 * reports as the server sent them.
 */
import { request as httpRequest, STATUS_CODES } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { InvocationResult } from '../runtime/ports.js';

/** What to send. */
export interface HttpCall {
  readonly method: string;
  readonly url: URL;
  /** A header given a list is sent once per value. */
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: string | undefined;
}

/** What came back. */
export interface HttpAnswer {
  readonly statusCode: number;
  /** The status code's reason phrase: `OK`, `Not Found`. */
  readonly statusText: string;
  /** Every header, named as the server wrote it, with its values in order. */
  readonly headers: Readonly<Record<string, string[]>>;
  /** The body as UTF-8 text. */
  readonly text: string;
}

/** Sends `call`; rejects when no response came (refused connection, reset, bad host). */
export function sendHttp(call: HttpCall): Promise<HttpAnswer> {
  const send = call.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(
      call.url,
      { method: call.method, headers: call.headers as Record<string, string | string[]> },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const headers: Record<string, string[]> = {};
          const raw = response.rawHeaders;
          for (let i = 0; i + 1 < raw.length; i += 2) {
            const name = raw[i]!;
            headers[name] = [...(headers[name] ?? []), raw[i + 1]!];
          }
          const statusCode = response.statusCode ?? 0;
          resolve({
            statusCode,
            statusText: response.statusMessage || STATUS_CODES[statusCode] || '',
            headers,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    outgoing.on('error', reject);
    if (call.body !== undefined) outgoing.write(call.body);
    outgoing.end();
  });
}

/** A response body as Step Functions gives it: the JSON value when it parses, else the text. */
export function parsedBody(text: string): unknown {
  if (text === '') return '';
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The result of an HTTP-calling integration for a response: the response as Step Functions reports it
 * (`{ Headers, ResponseBody, StatusCode, StatusText }`) when its status is 2xx, else `<error prefix><status>`
 * with the response body as the cause.
 */
export function httpResult(answer: HttpAnswer, errorPrefix: string, responseBody: unknown): InvocationResult {
  if (!succeeded(answer)) return { ok: false, error: `${errorPrefix}${answer.statusCode}`, cause: answer.text };
  return {
    ok: true,
    output: {
      Headers: answer.headers,
      ResponseBody: responseBody,
      StatusCode: answer.statusCode,
      StatusText: answer.statusText,
    },
  };
}

/** True for a 2xx status. */
export function succeeded(answer: HttpAnswer): boolean {
  return answer.statusCode >= 200 && answer.statusCode < 300;
}

/** Header prefixes AWS keeps for itself, which neither API Gateway nor the HTTP Task lets a task set. */
export const AWS_HEADER_PREFIXES: readonly string[] = ['x-forwarded', 'x-amz', 'x-amzn'];

/**
 * The first header of `headers` that a request may not set: one of `names` (compared without case)
 * or starting with one of `prefixes`.
 */
export function forbiddenHeader(
  headers: Readonly<Record<string, unknown>>,
  names: ReadonlySet<string>,
  prefixes: readonly string[],
): string | undefined {
  return Object.keys(headers).find((name) => {
    const lower = name.toLowerCase();
    return names.has(lower) || prefixes.some((prefix) => lower.startsWith(prefix));
  });
}
