/**
 * A Lambda service on loopback for the integration tests: a real HTTP server that speaks Lambda's
 * `Invoke` REST API (`POST /2015-03-31/functions/{FunctionName}/invocations`), so that the invoker's
 * AWS SDK client runs unchanged over a real connection — moto's Lambda cannot run code without
 * Docker. Functions are plain handlers; a thrown error becomes a function error as the Node.js
 * runtime reports it; `failures` answers with a service error instead.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a handler is told beside its event. */
export interface InvokeRequest {
  readonly functionName: string;
  readonly qualifier: string | undefined;
  readonly invocationType: string | undefined;
  readonly logType: string | undefined;
  readonly clientContext: string | undefined;
  /** The request body as sent. */
  readonly body: string;
  /** The `x-amzn-RequestId` the answer carries. */
  readonly requestId: string;
}

/** A function: its result is JSON-serialised as the response payload. */
export type FunctionHandler = (event: unknown, request: InvokeRequest) => unknown;

/** An answer other than the function's result. */
export type Failure =
  /** A service error in Lambda's REST error shape; `type` goes in `x-amzn-ErrorType`. */
  | { readonly status: number; readonly type: string; readonly message: string }
  /** A function error whose error document is `payload` (`X-Amz-Function-Error: Unhandled`). */
  | { readonly functionErrorPayload: string }
  /** No answer at all: the client's timeout fires. */
  | { readonly hang: true };

/** A running endpoint. */
export interface LambdaEndpoint {
  readonly url: string;
  /** Every invocation received, in order. */
  readonly requests: InvokeRequest[];
  /** Failures to answer instead of running the function, by function name. */
  readonly failures: Map<string, Failure>;
  close(): Promise<void>;
}

/** The function name in a name, partial ARN or ARN (`arn:aws:lambda:r:a:function:NAME[:qualifier]`). */
function nameOf(nameOrArn: string): string {
  const match = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::.*)?$/.exec(nameOrArn);
  return match?.[1] ?? nameOrArn;
}

/** Starts the endpoint on a free loopback port. */
export async function startLambdaEndpoint(
  functions: Readonly<Record<string, FunctionHandler>>,
): Promise<LambdaEndpoint> {
  const requests: InvokeRequest[] = [];
  const failures = new Map<string, Failure>();
  const hanging = new Set<ServerResponse>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(url.pathname);
    const requestId = randomUUID();
    const send = (status: number, headers: Record<string, string>, text: string) => {
      res.writeHead(status, {
        'Content-Type': 'application/json',
        'x-amzn-RequestId': requestId,
        'Content-Length': String(Buffer.byteLength(text)),
        ...headers,
      });
      res.end(text);
    };
    const error = (status: number, type: string, message: string) =>
      send(status, { 'x-amzn-ErrorType': type }, JSON.stringify({ Type: 'User', message }));
    if (req.method !== 'POST' || match === null) {
      error(404, 'UnknownOperationException', `No route for ${req.method} ${url.pathname}`);
      return;
    }
    const requested = decodeURIComponent(match[1] ?? '');
    const name = nameOf(requested);
    const header = (h: string) => {
      const v = req.headers[h];
      return typeof v === 'string' ? v : undefined;
    };
    const request: InvokeRequest = {
      functionName: requested,
      qualifier: url.searchParams.get('Qualifier') ?? undefined,
      invocationType: header('x-amz-invocation-type'),
      logType: header('x-amz-log-type'),
      clientContext: header('x-amz-client-context'),
      body,
      requestId,
    };
    requests.push(request);
    const failure = failures.get(name);
    if (failure !== undefined) {
      if ('hang' in failure) hanging.add(res);
      else if ('functionErrorPayload' in failure) {
        send(
          200,
          { 'X-Amz-Executed-Version': '$LATEST', 'X-Amz-Function-Error': 'Unhandled' },
          failure.functionErrorPayload,
        );
      } else error(failure.status, failure.type, failure.message);
      return;
    }
    const fn = functions[name];
    if (fn === undefined) {
      const arn = requested.startsWith('arn:') ? requested : `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
      error(404, 'ResourceNotFoundException', `Function not found: ${arn}`);
      return;
    }
    const version = request.qualifier ?? '$LATEST';
    const logHeaders: Record<string, string> =
      request.logType === 'Tail'
        ? {
            'X-Amz-Log-Result': Buffer.from(
              `START RequestId: ${requestId} Version: ${version}\nEND RequestId: ${requestId}\n`,
            ).toString('base64'),
          }
        : {};
    let event: unknown;
    try {
      event = JSON.parse(body);
    } catch {
      error(400, 'InvalidRequestContentException', 'Could not parse request body into json');
      return;
    }
    try {
      const result = await fn(event, request);
      if (request.invocationType === 'Event') {
        send(202, { 'X-Amz-Executed-Version': version }, '');
        return;
      }
      send(200, { 'X-Amz-Executed-Version': version, ...logHeaders }, JSON.stringify(result ?? null));
    } catch (thrown) {
      const e = thrown instanceof Error ? thrown : new Error(String(thrown));
      const document = {
        errorType: e.name,
        errorMessage: e.message,
        trace: (e.stack ?? '').split('\n'),
      };
      send(
        200,
        { 'X-Amz-Executed-Version': version, 'X-Amz-Function-Error': 'Unhandled', ...logHeaders },
        JSON.stringify(document),
      );
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500, { 'x-amzn-ErrorType': 'ServiceException' });
      res.end(JSON.stringify({ message: String(e) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failures,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
