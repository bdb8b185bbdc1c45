/**
 * The HTTP Task, `http:invoke` (request-response and `.waitForTaskToken`): calls any HTTPS API with the
 * credentials of an Amazon EventBridge connection (connection.ts).
 *
 * - `ApiEndpoint` is the URL (`https://…`; Stepstone also takes `http://`, for local servers),
 *   `Method` its method, `QueryParameters` (`{"key": "value"}`, a list repeating the key) are appended.
 * - `Authentication.ConnectionArn` names the connection: its authorization header and its invocation
 *   parameters are added, and win over the task's own of the same name.
 * - `Headers` are sent, but not those Step Functions reserves (`Host`, `Connection`, `X-Amz-*`, …,
 *   which fail the task); Step Functions' `User-Agent` and `Range` are added.
 * - `RequestBody` is sent as JSON (a string as it is), or with `Transform.RequestBodyEncoding`
 *   `URL_ENCODED` as a form, arrays written as `Transform.RequestEncodingOptions.ArrayFormat` says
 *   (`INDICES` by default, `BRACKETS`, `REPEAT`, `COMMAS`; the `qs` package encodes it).
 * - The result is `{ Headers, ResponseBody, StatusCode, StatusText }`, each header a list of values and
 *   the body parsed when the response is JSON. A status other than 2xx fails the task with
 *   `States.Http.StatusCode.<status>` (`States.Http.StatusCode.404`), the response body as the cause;
 *   no response at all with `States.Http.Socket`.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-third-party-apis.html
 */
import qs from 'qs';
import type { InvocationResult } from '../runtime/ports.js';
import { connectionCredentials } from './connection.js';
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
import { arnOf, literalString, nestedParameters, statementFor } from './permissions.js';

/** Headers an HTTP Task may not set (lower case), besides the `AWS_HEADER_PREFIXES`. */
const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'a-im',
  'accept-charset',
  'accept-datetime',
  'accept-encoding',
  'cache-control',
  'connection',
  'content-encoding',
  'content-md5',
  'date',
  'expect',
  'forwarded',
  'from',
  'host',
  'http2-settings',
  'if-match',
  'if-modified-since',
  'if-none-match',
  'if-range',
  'if-unmodified-since',
  'max-forwards',
  'origin',
  'pragma',
  'proxy-authorization',
  'referer',
  'server',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
  'warning',
]);

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];

/** `Transform.RequestEncodingOptions.ArrayFormat` → the `qs` package's `arrayFormat`. */
const ARRAY_FORMATS = { INDICES: 'indices', BRACKETS: 'brackets', REPEAT: 'repeat', COMMAS: 'comma' } as const;

function objectOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The request body and its content type (see the module comment). */
function bodyOf(
  parameters: Readonly<Record<string, unknown>>,
  connection: Readonly<Record<string, string>>,
): { body: string; contentType: string } | string | undefined {
  const given = parameters.RequestBody;
  const extra = Object.keys(connection).length > 0;
  if ((given === undefined || given === null) && !extra) return undefined;
  const transform = objectOf(parameters.Transform);
  const encoding = transform.RequestBodyEncoding ?? 'NONE';
  const merged = typeof given === 'string' ? given : { ...objectOf(given), ...connection };
  if (encoding === 'NONE') {
    return { body: typeof merged === 'string' ? merged : JSON.stringify(merged), contentType: 'application/json' };
  }
  if (encoding !== 'URL_ENCODED')
    return `Transform.RequestBodyEncoding must be NONE or URL_ENCODED, not ${JSON.stringify(encoding)}`;
  const format = objectOf(transform.RequestEncodingOptions).ArrayFormat ?? 'INDICES';
  const arrayFormat = ARRAY_FORMATS[format as keyof typeof ARRAY_FORMATS];
  if (arrayFormat === undefined) {
    return `Transform.RequestEncodingOptions.ArrayFormat must be one of ${Object.keys(ARRAY_FORMATS).join(', ')}, not ${JSON.stringify(format)}`;
  }
  return {
    body: typeof merged === 'string' ? merged : qs.stringify(merged, { arrayFormat }),
    contentType: 'application/x-www-form-urlencoded',
  };
}

async function invoke(request: IntegrationRequest): Promise<InvocationResult> {
  const { parameters } = request;
  let url: URL;
  try {
    url = new URL(String(parameters.ApiEndpoint));
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not HTTP');
  } catch {
    return unsupported(
      `The field 'ApiEndpoint' of http:invoke must be an https:// URL, not ${JSON.stringify(parameters.ApiEndpoint)}`,
    );
  }
  const method = String(parameters.Method ?? '');
  if (!METHODS.includes(method)) {
    return unsupported(`The field 'Method' of http:invoke must be one of ${METHODS.join(', ')}, not '${method}'`);
  }
  const connectionArn = objectOf(parameters.Authentication).ConnectionArn;
  if (typeof connectionArn !== 'string') {
    return unsupported(
      "The field 'Authentication.ConnectionArn' is required by http:invoke: it names the EventBridge connection whose credentials the call uses",
    );
  }
  const given = objectOf(parameters.Headers);
  const reserved = forbiddenHeader(given, RESERVED_HEADERS, AWS_HEADER_PREFIXES);
  if (reserved !== undefined) return unsupported(`The 'Headers' field contains unsupported values: ${reserved}`);

  const connection = await connectionCredentials(request.clients, connectionArn);
  if (!connection.ok) return connection;
  const { credentials } = connection;
  for (const [key, value] of Object.entries(objectOf(parameters.QueryParameters))) {
    for (const v of Array.isArray(value) ? value : [value])
      url.searchParams.append(key, typeof v === 'string' ? v : JSON.stringify(v));
  }
  for (const [key, value] of Object.entries(credentials.query)) url.searchParams.set(key, value);
  const body = bodyOf(parameters, credentials.body);
  if (typeof body === 'string') return unsupported(`The field ${body}`);
  const headers: Record<string, string | string[]> = {
    'User-Agent': `Amazon|StepFunctions|HttpInvoke|${request.region}`,
    Range: 'bytes=0-262144',
    ...(body === undefined ? {} : { 'Content-Type': body.contentType }),
    ...Object.fromEntries(
      Object.entries(given).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]),
    ),
    ...credentials.headers,
  };
  let answer: HttpAnswer;
  try {
    answer = await sendHttp({ method, url, headers, body: body?.body });
  } catch (error) {
    return {
      ok: false,
      error: 'States.Http.Socket',
      cause: `${method} ${url.origin}${url.pathname}: ${(error as Error).message}`,
    };
  }
  const contentType = Object.entries(answer.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1][0];
  return httpResult(
    answer,
    'States.Http.StatusCode.',
    contentType?.includes('json') === true ? parsedBody(answer.text) : answer.text,
  );
}

/** `arn:aws:states:::http:invoke[.waitForTaskToken]`. */
export const httpInvoke: ServiceIntegration = {
  name: 'http:invoke',
  patterns: ['RESPONSE', 'WAIT_FOR_TASK_TOKEN'],
  fields: ['ApiEndpoint', 'Method', 'Authentication', 'Headers', 'QueryParameters', 'RequestBody', 'Transform'],
  iamActions: ['events:DescribeConnection', 'secretsmanager:GetSecretValue'],
  // What reading the connection's credentials calls: the connection, and the secret EventBridge keeps
  // for it (named events!connection/<name>/<id>).
  permissions: (parameters, scope) => {
    const authentication = nestedParameters(parameters, 'Authentication');
    const describe = statementFor(
      ['events:DescribeConnection'],
      authentication ?? { 'ConnectionArn.$': '' },
      'ConnectionArn',
      () => undefined,
    );
    const arn = literalString(authentication, 'ConnectionArn');
    const match = arn === undefined ? null : /^arn:[^:]+:events:([^:]+):([^:]*):connection\/([^/]+)/.exec(arn);
    const secret =
      match === null
        ? { actions: ['secretsmanager:GetSecretValue'], resources: [], unresolved: ['Authentication.ConnectionArn'] }
        : {
            actions: ['secretsmanager:GetSecretValue'],
            resources: [
              arnOf(scope, 'secretsmanager', `secret:events!connection/${match[3]}/*`, {
                region: match[1]!,
                account: match[2]!,
              }),
            ],
            unresolved: [],
          };
    return [{ ...describe, unresolved: describe.unresolved.map(() => 'Authentication.ConnectionArn') }, secret];
  },
  call: invoke,
};
