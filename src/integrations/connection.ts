/**
 * The credentials of an Amazon EventBridge connection, as an HTTP Task (`http:invoke`) uses them. A
 * connection keeps its authorization parameters in an AWS Secrets Manager secret that EventBridge
 * manages (`events!connection/<name>/…`): `DescribeConnection` names the secret and says whether the
 * connection is authorized, `GetSecretValue` reads it. EventBridge's secret holds the parameters in
 * snake case (AWS does not document it; this is the shape EventBridge writes and users who build such
 * a secret by hand follow):
 *
 * - `BASIC`: `username`, `password` → `Authorization: Basic <base64(username:password)>`;
 * - `API_KEY`: `api_key_name`, `api_key_value` → the header `<api_key_name>: <api_key_value>`;
 * - `OAUTH_CLIENT_CREDENTIALS`: `authorization_endpoint`, `http_method`, `client_parameters`
 *   (`client_id`, `client_secret`), `oauth_http_parameters` → a client-credentials token request to
 *   the endpoint, then `Authorization: Bearer <access_token>`;
 * - any type: `invocation_http_parameters` (`header_parameters`, `query_string_parameters`,
 *   `body_parameters`, lists of `{ key, value }`) added to every request.
 *
 * LocalStack writes the invocation parameters in the API's own shape instead (`HeaderParameters`,
 * `QueryStringParameters`, `BodyParameters`, lists of `{ Key, Value, IsValueSecret }`, as
 * `CreateConnection` takes them) and an OAuth client's `client_id` and `client_secret` beside the
 * other fields: both shapes are read, field by field.
 *
 * Failures are named `Events.ConnectionResource.<reason>`: `InvalidConnectionState` for a connection
 * that is not `AUTHORIZED`, else the error of the call that failed without its `Exception` suffix
 * (`Events.ConnectionResource.ResourceNotFound`, `Events.ConnectionResource.AccessDenied`).
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-third-party-apis.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-target-connection-auth.html
 */
import { DescribeConnectionCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AwsClients } from './clients.js';
import { parsedBody, sendHttp } from './http-request.js';

/** What a connection adds to a request. */
export interface ConnectionCredentials {
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, string>>;
}

/** A connection's ARN: `arn:<partition>:events:<region>:<account>:connection/<name>/<id>`. */
const CONNECTION_ARN = /^arn:[^:]+:events:([^:]+):[^:]*:connection\/([^/]+)(?:\/.*)?$/;

type Failure = { readonly ok: false; readonly error: string; readonly cause: string };

function failure(reason: string, cause: string): Failure {
  return { ok: false, error: `Events.ConnectionResource.${reason}`, cause };
}

/** The failure of an EventBridge or Secrets Manager call. */
function callFailure(error: unknown, arn: string): Failure {
  const e = error as { name?: string; message?: string };
  const reason = (e.name ?? 'Error').replace(/Exception$/, '');
  return failure(reason, `The connection '${arn}' could not be read: ${e.message ?? String(error)}`);
}

function objectOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** `object`'s field in snake case (`header_parameters`, as AWS writes it), else in PascalCase (`HeaderParameters`). */
function field(object: Record<string, unknown>, snakeCase: string): unknown {
  const pascalCase = snakeCase.replace(/(?:^|_)([a-z])/g, (_, letter: string) => letter.toUpperCase());
  return object[snakeCase] ?? object[pascalCase];
}

/** A list of `{ key, value }` (or `{ Key, Value }`) parameters as an object. */
function parametersOf(list: unknown): Record<string, string> {
  if (!Array.isArray(list)) return {};
  const entries: [string, string][] = [];
  for (const item of list) {
    const parameter = objectOf(item);
    const key = field(parameter, 'key');
    if (typeof key === 'string') entries.push([key, String(field(parameter, 'value') ?? '')]);
  }
  return Object.fromEntries(entries);
}

/** The `header_parameters`, `query_string_parameters` and `body_parameters` of an HTTP parameters object. */
function httpParametersOf(value: unknown): {
  headers: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, string>;
} {
  const parameters = objectOf(value);
  return {
    headers: parametersOf(field(parameters, 'header_parameters')),
    query: parametersOf(field(parameters, 'query_string_parameters')),
    body: parametersOf(field(parameters, 'body_parameters')),
  };
}

/** The client-credentials token of an OAuth connection. */
async function oauthToken(secret: Record<string, unknown>, arn: string): Promise<string | Failure> {
  // AWS nests the client under `client_parameters`; LocalStack puts `client_id` beside the rest.
  const client = { ...secret, ...objectOf(secret.client_parameters) };
  const extra = httpParametersOf(secret.oauth_http_parameters);
  const endpoint = typeof secret.authorization_endpoint === 'string' ? secret.authorization_endpoint : '';
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return failure('OAuthAuthorizationError', `The connection '${arn}' has no valid authorization endpoint`);
  }
  for (const [key, value] of Object.entries(extra.query)) url.searchParams.append(key, value);
  const body = new URLSearchParams({ grant_type: 'client_credentials', ...extra.body });
  const basic = Buffer.from(`${String(client.client_id ?? '')}:${String(client.client_secret ?? '')}`).toString(
    'base64',
  );
  try {
    const answer = await sendHttp({
      method: typeof secret.http_method === 'string' ? secret.http_method : 'POST',
      url,
      headers: {
        ...extra.headers,
        Authorization: `Basic ${basic}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: body.toString(),
    });
    const token = objectOf(parsedBody(answer.text)).access_token;
    if (answer.statusCode >= 300 || typeof token !== 'string') {
      return failure(
        'OAuthAuthorizationError',
        `The connection '${arn}' got no access token: ${answer.statusCode} ${answer.text}`,
      );
    }
    return token;
  } catch (error) {
    return failure(
      'OAuthAuthorizationError',
      `The connection '${arn}' could not reach ${endpoint}: ${(error as Error).message}`,
    );
  }
}

/** The credentials of the connection `arn` (see the module comment), or the failure to report. */
export async function connectionCredentials(
  clients: AwsClients,
  arn: string,
): Promise<{ readonly ok: true; readonly credentials: ConnectionCredentials } | Failure> {
  const parsed = CONNECTION_ARN.exec(arn);
  if (parsed === null) return failure('InvalidConnectionArn', `'${arn}' is not the ARN of an EventBridge connection`);
  const [, region, name] = parsed as unknown as [string, string, string];
  let secretArn: string;
  let type: string;
  try {
    const described = await clients.get(EventBridgeClient, region).send(new DescribeConnectionCommand({ Name: name }));
    if (described.ConnectionState !== 'AUTHORIZED') {
      return failure(
        'InvalidConnectionState',
        `The connection '${arn}' is ${described.ConnectionState ?? 'not authorized'}`,
      );
    }
    secretArn = described.SecretArn ?? '';
    type = described.AuthorizationType ?? '';
  } catch (error) {
    return callFailure(error, arn);
  }
  let secret: Record<string, unknown>;
  try {
    const read = await clients
      .get(SecretsManagerClient, region)
      .send(new GetSecretValueCommand({ SecretId: secretArn }));
    secret = objectOf(parsedBody(read.SecretString ?? '{}'));
  } catch (error) {
    return callFailure(error, arn);
  }
  const invocation = httpParametersOf(field(secret, 'invocation_http_parameters'));
  const headers: Record<string, string> = invocation.headers;
  switch (type) {
    case 'BASIC':
      headers.Authorization = `Basic ${Buffer.from(`${String(secret.username ?? '')}:${String(secret.password ?? '')}`).toString('base64')}`;
      break;
    case 'API_KEY':
      if (typeof secret.api_key_name === 'string') headers[secret.api_key_name] = String(secret.api_key_value ?? '');
      break;
    case 'OAUTH_CLIENT_CREDENTIALS': {
      const token = await oauthToken(secret, arn);
      if (typeof token !== 'string') return token;
      headers.Authorization = `Bearer ${token}`;
      break;
    }
    default:
      return failure('InvalidConnectionState', `The connection '${arn}' has the authorization type '${type}'`);
  }
  return {
    ok: true,
    credentials: {
      headers,
      query: invocation.query,
      body: invocation.body,
    },
  };
}
