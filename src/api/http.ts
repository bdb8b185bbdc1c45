/**
 * Step Functions' wire protocol, AWS JSON 1.0: `POST /` with `X-Amz-Target: AWSStepFunctions.<Action>`
 * and `Content-Type: application/x-amz-json-1.0`, the request and response as JSON, errors as
 * `{ "__type": "<Error>", "message": "…" }` with their HTTP status. The older path style
 * (`POST /<Action>`, any content type) is still answered. For a Lambda function URL or an API Gateway
 * HTTP API (payload 2.0), and the local endpoint's HTTP server.
 *
 * Bad input never ends in a 500: a body that is not JSON (or not an object) is a
 * `SerializationException`; a member of the wrong JSON type too; a missing or out-of-range member a
 * `ValidationException`; an unknown action an `UnknownOperationException`.
 *
 * @see https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html
 */
import { randomUUID } from 'node:crypto';
import { ZodError } from 'zod';
import { StepstoneApiError } from '../runtime/errors.js';
import { isActionName, runAction } from './actions.js';
import type { ApiContext } from './context.js';

/** The parts of a function URL / HTTP API event the API reads. */
export interface HttpRequest {
  readonly rawPath?: string;
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly requestContext?: { readonly http?: { readonly method?: string } };
}

/** The response the function returns. */
export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** The prefix of `X-Amz-Target` for Step Functions. */
export const TARGET_PREFIX = 'AWSStepFunctions.';

function respond(statusCode: number, body: unknown): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() },
    body: JSON.stringify(body),
  };
}

/** An error response in the protocol's shape. */
export function failure(statusCode: number, type: string, message: string): HttpResponse {
  const response = respond(statusCode, { __type: type, message });
  return { ...response, headers: { ...response.headers, 'x-amzn-errortype': type } };
}

/** Which action a request names: the `X-Amz-Target` header, else the last path segment. */
export function actionOf(request: HttpRequest): string {
  const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const target = headers['x-amz-target'];
  if (target !== undefined) return target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
  return (request.rawPath ?? '').split('/').filter(Boolean).pop() ?? '';
}

/** Handles one HTTP request. */
export async function handleHttp(context: ApiContext, request: HttpRequest): Promise<HttpResponse> {
  const method = request.requestContext?.http?.method ?? 'POST';
  if (method !== 'POST') return failure(405, 'MethodNotAllowed', `Use POST, not ${method}`);
  const action = actionOf(request);
  if (!isActionName(action)) {
    return failure(
      400,
      'UnknownOperationException',
      `Unknown operation '${action}': docs/api.md lists the supported ones`,
    );
  }
  let body: unknown;
  try {
    const text =
      request.isBase64Encoded === true
        ? Buffer.from(request.body ?? '', 'base64').toString('utf8')
        : (request.body ?? '');
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    return failure(400, 'SerializationException', `The request body is not JSON: ${(error as Error).message}`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return failure(400, 'SerializationException', 'The request body must be a JSON object');
  }
  try {
    return respond(200, await runAction(context, action, body));
  } catch (error) {
    if (error instanceof ZodError) return invalidRequest(error, body);
    if (error instanceof StepstoneApiError) return failure(error.httpStatus, error.name, error.message);
    throw error;
  }
}

/** A request that broke its schema: the member, the value and the constraint, as AWS words it. */
function invalidRequest(error: ZodError, body: unknown): HttpResponse {
  const issue = error.issues[0];
  const path = issue?.path.map(String) ?? [];
  const member = path.join('.') || 'request';
  const value = valueAt(body, path);
  if (issue?.code === 'invalid_type' && value !== undefined) {
    return failure(400, 'SerializationException', `Member '${member}' has the wrong type: ${issue.message}`);
  }
  if (value === undefined) {
    return failure(
      400,
      'ValidationException',
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  const shown = typeof value === 'string' && value.length > 64 ? `${value.slice(0, 64)}…` : JSON.stringify(value);
  return failure(
    400,
    'ValidationException',
    `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${issue?.message ?? 'invalid'}`,
  );
}

function valueAt(body: unknown, path: readonly string[]): unknown {
  let value = body;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
