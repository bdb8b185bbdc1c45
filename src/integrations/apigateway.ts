/**
 * Amazon API Gateway's optimised integration `apigateway:invoke` (request-response and
 * `.waitForTaskToken`): calls an API's stage directly.
 *
 * - The URL is `https://<ApiEndpoint>/<Stage>/<Path>` (`ApiEndpoint` the API's host,
 *   `<api-id>.execute-api.<region>.amazonaws.com`; an endpoint given with its scheme, such as a local
 *   server's `http://127.0.0.1:8080`, is used as it is), `QueryParameters` (`{"key": ["value", …]}`)
 *   appended.
 * - `Headers` (`{"name": ["value", …]}`) are sent, except those API Gateway reserves (`Authorization`,
 *   `Host`, `X-Amz-*`, …, which fail the task); `RequestBody` is sent as JSON (a string as it is), for
 *   POST, PUT and PATCH only; its null members are left out unless `AllowNullValues` is true.
 * - `AuthType`: `NO_AUTH` (the default), or `IAM_ROLE` / `RESOURCE_POLICY`: the request is signed
 *   (Signature Version 4, service `execute-api`) with the worker's credentials.
 * - The result is `{ Headers, ResponseBody, StatusCode, StatusText }`, each header a list of values and
 *   the body parsed when it is JSON, as recorded on AWS. A status other than 2xx fails the task with
 *   `ApiGateway.<status>` (`ApiGateway.403`), the response body as the cause; no response at all with
 *   `ApiGateway.SdkClientException`.
 *
 * On the embedded engine without `allowAws`, an `execute-api` host of AWS is refused as any AWS call is.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-api-gateway.html
 */
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import type { InvocationResult } from '../runtime/ports.js';
import { NoEndpointError } from './clients.js';
import { unsupported } from './errors.js';
import {
  AWS_HEADER_PREFIXES,
  forbiddenHeader,
  type HttpAnswer,
  httpResult,
  parsedBody,
  sendHttp,
} from './http-request.js';
import type { IntegrationRequest, ServiceIntegration } from './integration.js';
import { arnOf, fieldOf, literalString } from './permissions.js';

/** Headers API Gateway reserves (lower case), besides the `AWS_HEADER_PREFIXES`. */
const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'connection',
  'content-md5',
  'expect',
  'host',
  'max-forwards',
  'proxy-authenticate',
  'server',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
  'www-authenticate',
]);

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];
const BODY_METHODS = ['POST', 'PUT', 'PATCH'];

/** `<api-id>.execute-api.<region>.amazonaws.com` → its API id and region. */
const EXECUTE_API_HOST = /^([a-z0-9]+)\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

let credentials: ReturnType<typeof defaultProvider> | undefined;

/** A value or list of values as a list of strings. */
function values(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
}

/** `value` without null members, at any depth. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, member]) => member !== null)
      .map(([key, member]) => [key, withoutNulls(member)]),
  );
}

/** The URL a request goes to (see the module comment). */
export function invokeUrl(parameters: Readonly<Record<string, unknown>>): URL {
  const endpoint = String(parameters.ApiEndpoint).replace(/\/+$/, '');
  const base = /^https?:\/\//.test(endpoint) ? endpoint : `https://${endpoint}`;
  const path = [parameters.Stage, parameters.Path]
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .map((part) => part.replace(/^\/+/, ''))
    .join('/');
  const url = new URL(`${base}/${path}`);
  const query = parameters.QueryParameters;
  if (query !== null && typeof query === 'object') {
    for (const [key, value] of Object.entries(query)) for (const v of values(value)) url.searchParams.append(key, v);
  }
  return url;
}

/** Signs a request with Signature Version 4 for `execute-api`. */
async function signed(
  url: URL,
  method: string,
  headers: Record<string, string | string[]>,
  body: string | undefined,
  region: string,
): Promise<Record<string, string | string[]>> {
  credentials ??= defaultProvider();
  const signer = new SignatureV4({ service: 'execute-api', region, credentials, sha256: Sha256 });
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key);
  const request = await signer.sign({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port === '' ? {} : { port: Number(url.port) }),
    path: url.pathname,
    query,
    headers: {
      ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, values(v).join(',')])),
      host: url.host,
    },
    body,
  });
  return request.headers;
}

async function invoke(request: IntegrationRequest): Promise<InvocationResult> {
  const { parameters } = request;
  if (typeof parameters.ApiEndpoint !== 'string' || parameters.ApiEndpoint === '') {
    return unsupported("The field 'ApiEndpoint' is required by apigateway:invoke and must be a string");
  }
  const method = String(parameters.Method ?? '');
  if (!METHODS.includes(method)) {
    return unsupported(`The field 'Method' of apigateway:invoke must be one of ${METHODS.join(', ')}, not '${method}'`);
  }
  const given: Readonly<Record<string, unknown>> =
    parameters.Headers !== null && typeof parameters.Headers === 'object'
      ? (parameters.Headers as Record<string, unknown>)
      : {};
  const reserved = forbiddenHeader(given, RESERVED_HEADERS, AWS_HEADER_PREFIXES);
  if (reserved !== undefined) return unsupported(`The 'Headers' field contains unsupported values: ${reserved}`);
  const hasBody = parameters.RequestBody !== undefined && parameters.RequestBody !== null;
  if (hasBody && !BODY_METHODS.includes(method)) {
    return unsupported(`apigateway:invoke sends a RequestBody with ${BODY_METHODS.join(', ')} only, not ${method}`);
  }
  const url = invokeUrl(parameters);
  const host = EXECUTE_API_HOST.exec(url.hostname);
  if (host !== null && request.clients.refusesAws('API Gateway')) throw new NoEndpointError('API Gateway');

  const body = !hasBody
    ? undefined
    : typeof parameters.RequestBody === 'string'
      ? parameters.RequestBody
      : JSON.stringify(
          parameters.AllowNullValues === true ? parameters.RequestBody : withoutNulls(parameters.RequestBody),
        );
  let headers: Record<string, string | string[]> = {
    ...Object.fromEntries(Object.entries(given).map(([name, value]) => [name, values(value)])),
    Accept: 'application/json',
    ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
  };
  const authType = parameters.AuthType ?? 'NO_AUTH';
  if (authType === 'IAM_ROLE' || authType === 'RESOURCE_POLICY') {
    headers = await signed(url, method, headers, body, host?.[2] ?? request.region);
  } else if (authType !== 'NO_AUTH') {
    return unsupported(
      `The field 'AuthType' of apigateway:invoke must be NO_AUTH, IAM_ROLE or RESOURCE_POLICY, not ${JSON.stringify(authType)}`,
    );
  }
  let answer: HttpAnswer;
  try {
    answer = await sendHttp({ method, url, headers, body });
  } catch (error) {
    return {
      ok: false,
      error: 'ApiGateway.SdkClientException',
      cause: `Unable to execute HTTP request: ${(error as Error).message}`,
    };
  }
  return httpResult(answer, 'ApiGateway.', parsedBody(answer.text));
}

/** `arn:aws:states:::apigateway:invoke[.waitForTaskToken]`. */
export const apigatewayInvoke: ServiceIntegration = {
  name: 'apigateway:invoke',
  patterns: ['RESPONSE', 'WAIT_FOR_TASK_TOKEN'],
  fields: [
    'ApiEndpoint',
    'Method',
    'Headers',
    'Stage',
    'Path',
    'QueryParameters',
    'RequestBody',
    'AllowNullValues',
    'AuthType',
  ],
  iamActions: ['execute-api:Invoke'],
  // Signed requests only: execute-api:Invoke on the stage, method and path the parameters name.
  permissions: (parameters, scope) => {
    const auth = fieldOf(parameters, 'AuthType');
    if (auth.kind === 'absent' || (auth.kind === 'literal' && auth.value === 'NO_AUTH')) return [];
    const endpoint = literalString(parameters, 'ApiEndpoint');
    const host =
      endpoint === undefined ? null : EXECUTE_API_HOST.exec(endpoint.replace(/^https?:\/\//, '').replace(/\/.*$/, ''));
    const part = (field: string, fallback: string) => {
      const found = fieldOf(parameters, field);
      if (found.kind === 'absent') return fallback;
      return found.kind === 'literal' && typeof found.value === 'string' ? found.value.replace(/^\/+/, '') : '*';
    };
    if (host === null) return [{ actions: ['execute-api:Invoke'], resources: [], unresolved: ['ApiEndpoint'] }];
    const resource = `${host[1]}/${part('Stage', '$default')}/${part('Method', '*')}/${part('Path', '')}`;
    return [
      {
        actions: ['execute-api:Invoke'],
        resources: [arnOf(scope, 'execute-api', resource, { region: host[2]! })],
        unresolved: [],
      },
    ];
  },
  call: invoke,
};
