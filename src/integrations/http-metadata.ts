/**
 * The HTTP metadata Step Functions' optimised integrations add to a result (`SdkHttpMetadata`,
 * `SdkResponseMetadata`), as the AWS SDK for Java it runs reports them, from the response headers
 * of the real call.
 */
import type { SdkClient } from './clients.js';

/** A command whose middleware stack can take a step (every AWS SDK v3 command). */
interface CommandWithStack {
  readonly middlewareStack: {
    add(
      middleware: (next: (args: unknown) => Promise<{ response: unknown }>) => (args: unknown) => Promise<unknown>,
      options: { step: 'deserialize'; name: string },
    ): void;
  };
}

/** What a call answered, with the HTTP response's status and headers. */
export interface SentCommand<T> {
  readonly output: T;
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
}

/** Sends `command` on `client`, keeping the HTTP response's status and headers. */
export async function sendKeepingHttp<T>(client: SdkClient, command: unknown): Promise<SentCommand<T>> {
  let headers: Record<string, string> = {};
  let statusCode = 200;
  (command as CommandWithStack).middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as { headers?: Record<string, string>; statusCode?: number } | undefined;
      headers = response?.headers ?? {};
      statusCode = response?.statusCode ?? 200;
      return result;
    },
    { step: 'deserialize', name: 'stepstoneKeepHttp' },
  );
  const output = (await client.send(command)) as T;
  return { output, statusCode, headers };
}

/** Header names as the AWS SDK for Java (which Step Functions runs) reports them. */
const HEADER_CASE: Readonly<Record<string, string>> = {
  connection: 'Connection',
  'content-length': 'Content-Length',
  'content-type': 'Content-Type',
  date: 'Date',
  server: 'Server',
  'x-amz-crc32': 'x-amz-crc32',
  'x-amz-executed-version': 'X-Amz-Executed-Version',
  'x-amz-function-error': 'X-Amz-Function-Error',
  'x-amz-log-result': 'X-Amz-Log-Result',
  'x-amzn-remapped-content-length': 'x-amzn-Remapped-Content-Length',
  'x-amzn-requestid': 'x-amzn-RequestId',
  'x-amzn-trace-id': 'X-Amzn-Trace-Id',
};

/**
 * `SdkHttpMetadata` and `SdkResponseMetadata` of a response: every header once as a list
 * (`AllHttpHeaders`) and once as a value (`HttpHeaders`, sorted by name), the status code, the
 * request id.
 */
export function sdkMetadata(
  statusCode: number,
  headers: Readonly<Record<string, string>>,
  requestId: string | undefined,
): { SdkHttpMetadata: Record<string, unknown>; SdkResponseMetadata: Record<string, unknown> } {
  const named = Object.entries(headers).map(([name, value]) => [HEADER_CASE[name.toLowerCase()] ?? name, value]);
  const sorted = [...named].sort(([a], [b]) => (a ?? '').toLowerCase().localeCompare((b ?? '').toLowerCase()));
  return {
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(named.map(([name, value]) => [name, [value]])),
      HttpHeaders: Object.fromEntries(sorted),
      HttpStatusCode: statusCode,
    },
    SdkResponseMetadata: {
      RequestId: requestId ?? headers['x-amzn-requestid'] ?? headers['x-amz-request-id'] ?? '',
    },
  };
}
