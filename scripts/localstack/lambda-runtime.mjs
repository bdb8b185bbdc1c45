/**
 * One Lambda execution environment of a Node.js function, run as a local process by the
 * `stepstone-local` runtime executor (scripts/localstack/stepstone_localstack/lambda_executor.py):
 * what LocalStack's runtime init and the Node.js runtime do in a container, in one small script.
 *
 * Environment (from LocalStack, as a container gets it): `_HANDLER` (`index.handler`: file `index`
 * in `LAMBDA_TASK_ROOT`, export `handler`), `LOCALSTACK_RUNTIME_ENDPOINT`, `LOCALSTACK_RUNTIME_ID`,
 * `AWS_LAMBDA_FUNCTION_TIMEOUT` (seconds), `AWS_LAMBDA_FUNCTION_NAME`, `AWS_LAMBDA_FUNCTION_VERSION`,
 * `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, `AWS_LAMBDA_LOG_GROUP_NAME`, `AWS_LAMBDA_LOG_STREAM_NAME`,
 * credentials and `AWS_ENDPOINT_URL`; from the executor, `STEPSTONE_INVOKE_PORT`.
 *
 * Protocol: load the handler, then POST `<endpoint>/status/<id>/ready` (or `.../error` with the
 * error, and exit). Each POST /invoke on 127.0.0.1:STEPSTONE_INVOKE_PORT (`invoke-id`,
 * `invoked-function-arn`, `payload`, `trace-id`) is answered 202 at once; the handler then runs
 * and the invocation's log lines go to `<endpoint>/invocations/<id>/logs` ({"logs": "..."}), its
 * result to `.../response` (JSON), or its error to `.../error` ({errorType, errorMessage,
 * stackTrace}). A handler that runs past the function's timeout is answered with Lambda's
 * `Sandbox.Timedout` error and the process exits, as Lambda resets such an environment.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

const env = process.env;
const endpoint = env.LOCALSTACK_RUNTIME_ENDPOINT;
const runtimeId = env.LOCALSTACK_RUNTIME_ID;
const taskRoot = env.LAMBDA_TASK_ROOT ?? process.cwd();
const timeoutMs = Number(env.AWS_LAMBDA_FUNCTION_TIMEOUT ?? '3') * 1000;

/** POSTs `body` (JSON unless a string) to LocalStack's runtime endpoint. */
async function post(path, body) {
  const reply = await fetch(`${endpoint}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  if (!reply.ok && reply.status !== 202) {
    process.stderr.write(`lambda-runtime: POST ${path} answered ${reply.status}\n`);
  }
}

/** An error as Lambda reports it. */
function errorBody(error) {
  if (error instanceof Error) {
    return {
      errorType: error.name,
      errorMessage: error.message,
      stackTrace: (error.stack ?? '')
        .split('\n')
        .slice(1)
        .map((line) => line.trim()),
    };
  }
  return { errorType: 'Error', errorMessage: String(error), stackTrace: [] };
}

/** Loads the handler `_HANDLER` names: `dir/file.export.nested` → export `export.nested` of `dir/file`. */
async function loadHandler() {
  const spec = env._HANDLER ?? 'index.handler';
  const slash = spec.lastIndexOf('/');
  const [file, ...path] = spec.slice(slash + 1).split('.');
  const base = join(taskRoot, spec.slice(0, slash + 1), file);
  const found = ['.mjs', '.js', '.cjs'].map((ext) => base + ext).find((candidate) => existsSync(candidate));
  if (found === undefined) {
    throw Object.assign(new Error(`Cannot find module '${base}' (.mjs, .js or .cjs)`), {
      name: 'Runtime.ImportModuleError',
    });
  }
  let handler = await import(pathToFileURL(found).href);
  for (const name of path) handler = handler?.[name] ?? (name === path[0] ? handler?.default?.[name] : undefined);
  if (typeof handler !== 'function') {
    throw Object.assign(new Error(`${spec} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
  }
  return handler;
}

// Every line the function writes during an invocation is also kept for LocalStack's log stream.
let captured;
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = (chunk, ...rest) => {
    if (captured !== undefined) captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    return write(chunk, ...rest);
  };
}
for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  const stream = level === 'error' || level === 'warn' ? process.stderr : process.stdout;
  console[level] = (...args) => {
    stream.write(
      `${new Date().toISOString()}\t${env.STEPSTONE_REQUEST_ID ?? ''}\t${level.toUpperCase()}\t${format(...args)}\n`,
    );
  };
}

/** Runs the handler on one invocation; async and callback handlers alike. */
function run(handler, event, context) {
  return new Promise((resolve, reject) => {
    const callback = (error, result) => (error ? reject(error) : resolve(result));
    context.done = callback;
    context.succeed = (result) => resolve(result);
    context.fail = (error) => reject(error);
    try {
      const returned = handler(event, context, callback);
      if (returned !== undefined && typeof returned.then === 'function') returned.then(resolve, reject);
    } catch (error) {
      reject(error);
    }
  });
}

async function invoke(handler, invocation) {
  const requestId = invocation['invoke-id'];
  const started = Date.now();
  const deadline = started + timeoutMs;
  env.STEPSTONE_REQUEST_ID = requestId;
  env._X_AMZN_TRACE_ID = invocation['trace-id'] ?? '';
  captured = [`START RequestId: ${requestId} Version: ${env.AWS_LAMBDA_FUNCTION_VERSION ?? '$LATEST'}\n`];
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION ?? '$LATEST',
    invokedFunctionArn: invocation['invoked-function-arn'],
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: requestId,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  let outcome;
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ timedOut: true }), timeoutMs);
  });
  try {
    const event = JSON.parse(invocation.payload ?? 'null');
    outcome = await Promise.race([run(handler, event, context).then((result) => ({ result })), timedOut]);
  } catch (error) {
    outcome = { error };
  } finally {
    clearTimeout(timer);
  }
  const took = Date.now() - started;
  captured.push(`END RequestId: ${requestId}\nREPORT RequestId: ${requestId}\tDuration: ${took} ms\n`);
  const logs = captured.join('');
  captured = undefined;
  await post(`/invocations/${requestId}/logs`, { logs });
  if (outcome.timedOut) {
    const seconds = (timeoutMs / 1000).toFixed(2);
    await post(`/invocations/${requestId}/error`, {
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${requestId} Error: Task timed out after ${seconds} seconds`,
    });
    process.exit(1);
  } else if ('error' in outcome) {
    await post(`/invocations/${requestId}/error`, errorBody(outcome.error));
  } else {
    await post(`/invocations/${requestId}/response`, JSON.stringify(outcome.result ?? null));
  }
}

async function main() {
  let handler;
  try {
    handler = await loadHandler();
  } catch (error) {
    process.stderr.write(`${error.stack ?? error}\n`);
    await post(`/status/${runtimeId}/error`, errorBody(error));
    process.exit(1);
  }
  const server = createServer((request, reply) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/invoke') {
        reply.writeHead(404).end();
        return;
      }
      reply.writeHead(202).end();
      invoke(handler, JSON.parse(body)).catch((error) => {
        process.stderr.write(`lambda-runtime: ${error.stack ?? error}\n`);
      });
    });
  });
  server.listen(Number(env.STEPSTONE_INVOKE_PORT), '127.0.0.1', () => {
    post(`/status/${runtimeId}/ready`, {}).catch((error) => {
      process.stderr.write(`lambda-runtime: could not report ready: ${error}\n`);
      process.exit(1);
    });
  });
}

await main();
