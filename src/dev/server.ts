/**
 * `stepstone dev`: a local Step Functions endpoint that the AWS CLI, the SDKs and test suites written
 * for Step Functions Local use unchanged (`--endpoint-url http://127.0.0.1:8083`). The durable
 * runtime runs on SQLite adapters in one file, so executions, histories and timers survive a restart;
 * a worker loop in the same process delivers the step messages as SQS and Lambda would.
 *
 * The HTTP server answers the API (`POST` with `X-Amz-Target`, see src/api/http.ts) and hands every
 * other request to `pages`: by default the web console (src/dev/console/), served beside the API on
 * the same port.
 *
 * @example
 * const server = await startDevServer({ database: '.stepstone/dev.db', tasks: handlers });
 * console.log(server.url); // http://127.0.0.1:8083
 * await server.close();
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiContext } from '../api/context.js';
import { failure, type HttpResponse, handleHttp } from '../api/http.js';
import { readDefinitionSource } from '../asl/validate/definition-source.js';
import { systemClock } from '../aws/config.js';
import type { HistoryEvent } from '../engine/types.js';
import { AwsClients } from '../integrations/clients.js';
import { inProcessSfnClient } from '../integrations/in-process-sfn.js';
import { IntegrationInvoker } from '../integrations/invoker.js';
import { realClock } from '../local/clock.js';
import { placeholderResolver } from '../local/definition.js';
import type { TaskHandler } from '../local/task-invoker.js';
import { ValidationException } from '../runtime/errors.js';
import * as lifecycle from '../runtime/lifecycle.js';
import type { TaskInvoker } from '../runtime/ports.js';
import type { ExecutionQuotas } from '../runtime/quotas.js';
import { Runtime } from '../runtime/runtime.js';
import { consolePages } from './console/pages.js';
import { type Db, openDatabase } from './database.js';
import { DevTaskInvoker } from './invoker.js';
import type { MockConfig } from './mock-config.js';
import { SqliteQueue } from './sqlite-queue.js';
import { SqliteRegistry } from './sqlite-registry.js';
import { SqliteStore } from './sqlite-store.js';
import { TestCases } from './test-cases.js';
import { WorkerLoop } from './worker-loop.js';

/** Step Functions Local's port. */
export const DEFAULT_PORT = 8083;

/** The largest request body read (a definition is at most 1 MiB; inputs 256 KiB). */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Options of {@link startDevServer}. */
export interface DevServerOptions {
  /** The database file (created if absent); `:memory:` keeps nothing. */
  readonly database: string;
  /** 0 picks a free port. @default 8083 */
  readonly port?: number;
  /** Task handlers by function name or ARN (`--tasks`). @default {} */
  readonly tasks?: Readonly<Record<string, TaskHandler>>;
  /** Step Functions Local's mock configuration. */
  readonly mocks?: MockConfig | undefined;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '123456789012' */
  readonly accountId?: string;
  /** Where integration and Lambda calls go. @default the standard SDK configuration (`AWS_ENDPOINT_URL`, …) */
  readonly endpoint?: string | undefined;
  /** What runs a task no mock and no handler answers. @default the integrations' invoker on `endpoint` */
  readonly invoker?: TaskInvoker;
  /** Called with the history events of each commit, after it lands. */
  readonly onEvents?: (executionArn: string, events: readonly HistoryEvent[]) => void;
  /**
   * Lifts Step Functions' 256 KiB limit on a state's input and output (`--large-payloads`); the
   * database keeps payloads of any size (docs/large-payloads.md). @default false — AWS's limit
   */
  readonly largePayloads?: boolean;
  /**
   * AWS's execution quotas lifted on this endpoint (`--no-history-limit`: `{ historyLimit: false }`
   * lets a STANDARD execution's history grow past 25,000 events). @default every quota holds
   */
  readonly quotas?: ExecutionQuotas;
  /** Answers the requests that are not API calls. @default the web console ({@link consolePages}) */
  readonly pages?: (request: IncomingMessage, response: ServerResponse) => void;
}

/** A running local endpoint. */
export interface DevServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** The runtime underneath (its store, queue and registry). */
  readonly runtime: Runtime;
  /** Stops taking requests, lets the steps in flight finish, and closes the database. */
  close(): Promise<void>;
}

/** Starts the local endpoint on 127.0.0.1 (loopback only). */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  const db = openDatabase(options.database);
  const store = new SqliteStore(db);
  const queue = new SqliteQueue(db);
  const testCases = new TestCases(db);
  let runtime: Runtime | undefined;
  const invoker = new DevTaskInvoker({
    mocks: options.mocks,
    testCases,
    handlers: options.tasks ?? {},
    clock: realClock(),
    fallback:
      options.invoker ??
      new IntegrationInvoker({
        clients: new AwsClients({
          endpoint: options.endpoint,
          // states:startExecution and aws-sdk:sfn:* reach this endpoint's own executions.
          prebuilt: { SFN: inProcessSfnClient((request) => handleHttp(api, request), region) },
        }),
      }),
    answerToken: (token, output) => {
      setImmediate(() => {
        if (runtime !== undefined)
          void lifecycle.sendTaskSuccess(runtime, token, JSON.stringify(output)).catch(() => undefined);
      });
    },
  });
  runtime = new Runtime(
    {
      store,
      queue,
      invoker,
      registry: new SqliteRegistry(db),
      clock: systemClock,
      onEvents: options.onEvents,
    },
    { largePayloads: options.largePayloads, quotas: options.quotas },
  );
  const api: ApiContext = {
    runtime,
    account: { region, accountId },
    prepareDefinition: (text) => substituted(text, region, accountId),
    selectTestCase: async ({ executionArn, stateMachineName, testCase }) => {
      if (options.mocks === undefined) {
        throw new ValidationException(
          `Test case '${testCase}' was asked for, but the server runs without a mock configuration (--mock-config)`,
        );
      }
      if (!options.mocks.hasTestCase(stateMachineName, testCase)) {
        throw new ValidationException(
          `The mock configuration has no test case '${testCase}' for the state machine '${stateMachineName}'`,
        );
      }
      testCases.select(executionArn, { stateMachineName, testCase });
    },
  };
  const worker = new WorkerLoop(runtime, queue);
  const pages = options.pages ?? consolePages();
  const server = createServer((request, response) => {
    void serve(api, request, response, pages);
  });
  await listen(server, options.port ?? DEFAULT_PORT);
  worker.start();
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    runtime,
    close: () => shutDown(server, worker, queue, db),
  };
}

/**
 * `${Name}` placeholders become Lambda function ARNs, as `stepstone run` resolves them (in the text,
 * as CloudFormation substitutes them); a definition without placeholders is stored as given.
 */
function substituted(text: string, region: string, accountId: string): string {
  if (!text.includes('${')) return text;
  const read = readDefinitionSource(text, placeholderResolver({ region, accountId }));
  return read.ok ? JSON.stringify(read.source.value) : text; // unreadable: validation says where
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function shutDown(server: Server, worker: WorkerLoop, queue: SqliteQueue, db: Db): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await worker.stop(() => queue.close());
  server.closeAllConnections();
  await closed;
  db.close();
}

/** One HTTP request: an API call, or a page. */
async function serve(
  api: ApiContext,
  request: IncomingMessage,
  response: ServerResponse,
  pages: NonNullable<DevServerOptions['pages']>,
): Promise<void> {
  const isApi = request.method === 'POST' || request.headers['x-amz-target'] !== undefined;
  if (!isApi) return pages(request, response);
  let body: string;
  try {
    body = await readBody(request);
  } catch (error) {
    return write(response, failure(413, 'ValidationException', (error as Error).message));
  }
  try {
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]),
    );
    write(
      response,
      await handleHttp(api, {
        rawPath: request.url ?? '/',
        headers,
        body,
        requestContext: { http: { method: request.method ?? 'POST' } },
      }),
    );
  } catch (error) {
    write(response, failure(500, 'InternalServerError', (error as Error).message));
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`The request body exceeds ${MAX_BODY_BYTES} bytes`));
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function write(response: ServerResponse, answer: HttpResponse): void {
  if (response.headersSent) return;
  response.writeHead(answer.statusCode, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
  response.end(answer.body);
}
