/**
 * Readiness checks by real API calls: an emulator is up when it answers DynamoDB `ListTables` or
 * SQS `ListQueues` over HTTP, not merely when its port accepts a connection.
 */
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DUMMY_CREDENTIALS, EMULATOR_REGION } from './endpoints.js';

/** How long one probe call may take before it counts as no answer, in milliseconds. */
const PROBE_TIMEOUT_MS = 2_000;

/** Client options shared by the probes: explicit endpoint, dummy credentials, no retries. */
function clientOptions(endpoint: string) {
  return { endpoint, region: EMULATOR_REGION, credentials: DUMMY_CREDENTIALS, maxAttempts: 1 };
}

/** The error's message, for "no answer" diagnostics. */
function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Calls DynamoDB `ListTables` on `endpoint`.
 * @returns `undefined` when it answered, else why not
 */
export async function probeDynamoDb(endpoint: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<string | undefined> {
  const client = new DynamoDBClient(clientOptions(endpoint));
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(timeoutMs) });
    return undefined;
  } catch (error) {
    return describeError(error);
  } finally {
    client.destroy();
  }
}

/**
 * Calls SQS `ListQueues` on `endpoint`.
 * @returns `undefined` when it answered, else why not
 */
export async function probeSqs(endpoint: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<string | undefined> {
  const client = new SQSClient(clientOptions(endpoint));
  try {
    await client.send(new ListQueuesCommand({ MaxResults: 1 }), { abortSignal: AbortSignal.timeout(timeoutMs) });
    return undefined;
  } catch (error) {
    return describeError(error);
  } finally {
    client.destroy();
  }
}

/**
 * Polls `probe` every `intervalMs` until it answers, `giveUp()` returns a reason, or `timeoutMs`
 * passes.
 * @returns `undefined` when it answered, else why it never did
 */
export async function waitUntilAnswering(
  probe: () => Promise<string | undefined>,
  options: { readonly timeoutMs: number; readonly intervalMs?: number; readonly giveUp?: () => string | undefined },
): Promise<string | undefined> {
  const deadline = Date.now() + options.timeoutMs;
  let last: string | undefined = 'not probed';
  while (Date.now() < deadline) {
    const reason = options.giveUp?.();
    if (reason !== undefined) return reason;
    last = await probe();
    if (last === undefined) return undefined;
    await new Promise((done) => setTimeout(done, options.intervalMs ?? 200));
  }
  return `no answer within ${options.timeoutMs} ms (last: ${last})`;
}

/** The JSON `url` answers with, or `undefined` when it does not answer 200 with JSON in time. */
async function fetchJson(url: string, timeoutMs: number): Promise<unknown> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return response.ok ? await response.json() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What serves an AWS-compatible endpoint found running, for logs and labels: LocalStack (with the
 * version its `/_localstack/health` reports), moto (which answers `/moto-api/config` but reports no
 * version), or neither.
 * @example await identifyEndpoint('http://localhost:4566') // 'LocalStack 4.14.0'
 */
export async function identifyEndpoint(endpoint: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<string> {
  const base = endpoint.replace(/\/+$/, '');
  const health = (await fetchJson(`${base}/_localstack/health`, timeoutMs)) as { version?: unknown } | undefined;
  if (health !== undefined && health !== null) {
    return typeof health.version === 'string' ? `LocalStack ${health.version}` : 'LocalStack';
  }
  const motoConfig = await fetchJson(`${base}/moto-api/config`, timeoutMs);
  if (typeof motoConfig === 'object' && motoConfig !== null && 'lambda' in motoConfig) return 'moto';
  return 'an AWS-compatible endpoint';
}
