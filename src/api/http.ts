/**
 * The HTTP front of the API, for a Lambda function URL or an API Gateway HTTP API (payload 2.0):
 * `POST /<Action>` (or any path with `X-Amz-Target: AWSStepFunctions.<Action>`) with the action's JSON
 * request. Errors answer with Step Functions' error names and HTTP codes:
 * `{ "__type": "ExecutionDoesNotExist", "message": "…" }`.
 */
import { ZodError } from 'zod';
import { StepstoneApiError } from '../runtime/errors.js';
import type { Runtime } from '../runtime/runtime.js';
import { isActionName, runAction } from './actions.js';

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

const JSON_HEADERS = { 'content-type': 'application/x-amz-json-1.0' };

function respond(statusCode: number, body: unknown): HttpResponse {
  return { statusCode, headers: JSON_HEADERS, body: JSON.stringify(body) };
}

function failure(statusCode: number, type: string, message: string): HttpResponse {
  return respond(statusCode, { __type: type, message });
}

/** Which action a request names: the `X-Amz-Target` header, else the last path segment. */
export function actionOf(request: HttpRequest): string {
  const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const target = headers['x-amz-target'];
  if (target !== undefined) return target.split('.').pop() ?? '';
  return (request.rawPath ?? '').split('/').filter(Boolean).pop() ?? '';
}

/** Handles one HTTP request. */
export async function handleHttp(runtime: Runtime, request: HttpRequest): Promise<HttpResponse> {
  const method = request.requestContext?.http?.method ?? 'POST';
  if (method !== 'POST') return failure(405, 'MethodNotAllowed', `Use POST, not ${method}`);
  const action = actionOf(request);
  if (!isActionName(action)) return failure(400, 'UnknownOperationException', `Unknown action '${action}'`);
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
  try {
    return respond(200, await runAction(runtime, action, body));
  } catch (error) {
    if (error instanceof ZodError) {
      const issue = error.issues[0];
      return failure(
        400,
        'ValidationException',
        `${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}`,
      );
    }
    if (error instanceof StepstoneApiError) return failure(error.httpStatus, error.name, error.message);
    throw error;
  }
}
