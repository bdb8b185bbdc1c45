/**
 * Invokes task handlers in-process, shaping results and errors as AWS Lambda and Step Functions'
 * Lambda integrations report them.
 */
import { randomUUID } from 'node:crypto';
import type { TaskInvocation } from '../engine/types.js';
import type { InvocationResult } from '../runtime/ports.js';

/** What a task handler receives beside its payload. */
export interface TaskContext {
  /** Sleeps in engine time: instant under a virtual clock. */
  sleep(ms: number): Promise<void>;
  /** Stable for one attempt of one task, whatever redeliveries happen. */
  readonly idempotencyKey: string;
  /** The task token, for `.waitForTaskToken` resources. */
  readonly taskToken?: string | undefined;
  /** The function name or resource the state invoked. */
  readonly resource: string;
}

/**
 * A task's code. Throw an `Error` whose `name` is the error type (`CustomException`) to fail the
 * task as a Lambda function error does.
 */
export type TaskHandler = (payload: unknown, context: TaskContext) => Promise<unknown> | unknown;

/** The function name part of a Lambda ARN (`arn:aws:lambda:r:a:function:NAME[:qualifier]`), else the input. */
export function functionNameOf(nameOrArn: string): string {
  const match = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::.*)?$/.exec(nameOrArn);
  return match?.[1] ?? nameOrArn;
}

/** Finds the handler for an invocation: by the exact name or ARN, then by the function name. */
export function findHandler(
  tasks: Readonly<Record<string, TaskHandler>>,
  task: TaskInvocation,
): TaskHandler | undefined {
  const keys = [task.functionName, task.resource].filter((k): k is string => typeof k === 'string');
  for (const key of keys) {
    const exact = tasks[key];
    if (exact !== undefined) return exact;
    const byName = tasks[functionNameOf(key)];
    if (byName !== undefined) return byName;
  }
  return undefined;
}

/** `Lambda.ResourceNotFoundException`, worded as AWS reports it. */
export function functionNotFound(task: TaskInvocation, region: string, accountId: string): InvocationResult {
  const name = task.functionName ?? task.resource;
  const arn = name.startsWith('arn:') ? name : `arn:aws:lambda:${region}:${accountId}:function:${name}`;
  const qualified = /:function:[^:]+:[^:]+$/.test(arn) ? arn : `${arn}:$LATEST`;
  return {
    ok: false,
    error: 'Lambda.ResourceNotFoundException',
    cause: `Function not found: ${qualified} (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: ${randomUUID()}; Proxy: null)`,
  };
}

/** A Lambda function error's cause: the JSON document Lambda returns. */
export function lambdaErrorCause(error: unknown): InvocationResult {
  const e = error instanceof Error ? error : new Error(String(error));
  const errorType = e.name || 'Error';
  const cause = {
    errorMessage: e.message,
    errorType,
    requestId: randomUUID(),
    stackTrace: (e.stack ?? '')
      .split('\n')
      .slice(1)
      .map((line) => line.trim()),
  };
  return { ok: false, error: errorType, cause: JSON.stringify(cause) };
}

/** A value as it comes back through Lambda: JSON-serialised and parsed (undefined becomes null). */
export function throughJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value === undefined ? null : value));
}

/**
 * What a Lambda function receives for `lambda:invoke`'s `Payload`: a string is the request body
 * itself (JSON text), and no payload is an empty object.
 */
export function lambdaInvokePayload(payload: unknown): unknown {
  if (payload === null || payload === undefined) return {};
  if (typeof payload !== 'string') return payload;
  try {
    return JSON.parse(payload);
  } catch {
    return payload;
  }
}

/** The result of `arn:aws:states:::lambda:invoke`: Lambda's Invoke response around the payload. */
export function lambdaInvokeResult(payload: unknown, parameters?: unknown): Record<string, unknown> {
  const tail =
    parameters !== null && typeof parameters === 'object' && (parameters as Record<string, unknown>).LogType === 'Tail';
  const requestId = randomUUID();
  const date = new Date().toUTCString();
  const length = String(Buffer.byteLength(JSON.stringify(payload ?? null)));
  const logResult = tail
    ? Buffer.from(`START RequestId: ${requestId} Version: $LATEST\nEND RequestId: ${requestId}\n`).toString('base64')
    : undefined;
  const result: Record<string, unknown> = {
    ExecutedVersion: '$LATEST',
    Payload: payload,
    SdkHttpMetadata: {
      AllHttpHeaders: {
        'X-Amz-Executed-Version': ['$LATEST'],
        'x-amzn-Remapped-Content-Length': ['0'],
        Connection: ['keep-alive'],
        'x-amzn-RequestId': [requestId],
        'Content-Length': [length],
        Date: [date],
        'Content-Type': ['application/json'],
      },
      HttpHeaders: {
        Connection: 'keep-alive',
        'Content-Length': length,
        'Content-Type': 'application/json',
        Date: date,
        'X-Amz-Executed-Version': '$LATEST',
        'x-amzn-Remapped-Content-Length': '0',
        'x-amzn-RequestId': requestId,
      },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
  if (logResult !== undefined) {
    result.LogResult = logResult;
    const metadata = result.SdkHttpMetadata as {
      AllHttpHeaders: Record<string, unknown>;
      HttpHeaders: Record<string, unknown>;
    };
    metadata.AllHttpHeaders['X-Amz-Log-Result'] = [logResult];
    metadata.HttpHeaders['X-Amz-Log-Result'] = logResult;
  }
  return result;
}
