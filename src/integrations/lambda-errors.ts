/**
 * Lambda failures under the names Step Functions gives them, so that Retry and Catch rules written
 * for Step Functions match here:
 *
 * - a function error (`FunctionError` set): the error is the payload's `errorType` (`Lambda.Unknown`
 *   when the payload has none, as for a timeout or an out-of-memory crash), the cause the error
 *   document Lambda returned;
 * - a service error: `Lambda.<exception>` (`Lambda.TooManyRequestsException`,
 *   `Lambda.ResourceNotFoundException`, `Lambda.ServiceException`, …), `Lambda.AWSLambdaException`
 *   for an error code the SDK does not model; the cause worded as Step Functions words it;
 * - no response: `Lambda.ClientExecutionTimeoutException` when the request timed out, else
 *   `Lambda.SdkClientException`.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
 */
import { LambdaServiceException } from '@aws-sdk/client-lambda';
import type { InvocationResult } from '../runtime/ports.js';

/** The failure a function error reports; `payload` is the error document Lambda returned. */
export function functionErrorResult(payload: string): InvocationResult {
  let errorType: unknown;
  try {
    errorType = (JSON.parse(payload) as { errorType?: unknown } | null)?.errorType;
  } catch {
    errorType = undefined;
  }
  return {
    ok: false,
    error: typeof errorType === 'string' && errorType !== '' ? errorType : 'Lambda.Unknown',
    cause: payload,
  };
}

interface SdkErrorShape {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly requestId?: string };
}

const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'AbortError']);

/** The failure an SDK error (thrown by `Invoke`) reports. */
export function serviceErrorResult(error: unknown): InvocationResult {
  const e = (error ?? {}) as SdkErrorShape;
  const name = e.name ?? 'Error';
  const message = e.message ?? String(error);
  const status = e.$metadata?.httpStatusCode;
  if (TIMEOUT_NAMES.has(name) || e.code === 'ETIMEDOUT') {
    return {
      ok: false,
      error: 'Lambda.ClientExecutionTimeoutException',
      cause: `Client execution did not complete before the specified timeout configuration. (${message})`,
    };
  }
  if (status === undefined) {
    return { ok: false, error: 'Lambda.SdkClientException', cause: `Unable to execute HTTP request: ${message}` };
  }
  // The SDK throws its base class for an error code it does not model.
  const modelled = error instanceof LambdaServiceException && error.constructor !== LambdaServiceException;
  const code = modelled ? name : 'AWSLambdaException';
  const details = [
    'Service: AWSLambda',
    `Status Code: ${status}`,
    `Error Code: ${name}`,
    `Request ID: ${e.$metadata?.requestId ?? 'null'}`,
    'Proxy: null',
  ].join('; ');
  return { ok: false, error: `Lambda.${code}`, cause: `${message} (${details})` };
}
