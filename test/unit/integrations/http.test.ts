import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpInvoke } from '../../../src/integrations/http.js';
import { type Reply, startTestServer, type TestServer } from '../../support/http-server.js';
import { callIntegration, FakeClient, fakeClients, serviceError } from './fake-client.js';

const CONNECTION = 'arn:aws:events:us-east-1:123456789012:connection/stripe/4a1b';
const SCOPE = { partition: 'aws', region: 'us-east-1', account: '123456789012' };

/** Fake EventBridge and Secrets Manager clients for a connection of `type` whose secret is `secret`. */
function connection(type: string, secret: Record<string, unknown>, state = 'AUTHORIZED') {
  const events = new FakeClient('EventBridge').answer({
    ConnectionState: state,
    AuthorizationType: type,
    SecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:events!connection/stripe/4a1b-AbCdEf',
  });
  const secrets = new FakeClient('Secrets Manager').answer({ SecretString: JSON.stringify(secret) });
  return { events, secrets };
}

function call(parameters: Record<string, unknown>, ...fakes: FakeClient[]) {
  return callIntegration(httpInvoke, parameters, fakeClients(...fakes));
}

describe('http:invoke', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer((request): Reply => {
      if (request.url.startsWith('/oauth/token')) {
        return {
          headers: { 'Content-Type': 'application/json' },
          body: '{"access_token":"tok-1","token_type":"bearer"}',
        };
      }
      if (request.url.startsWith('/missing')) return { status: 404, body: 'no such customer' };
      if (request.url.startsWith('/text'))
        return { headers: { 'Content-Type': 'text/plain' }, body: '{"not":"parsed"}' };
      return { headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'r-1' }, body: '{"id":"cus_1"}' };
    });
  });
  afterAll(() => server.close());

  it("calls the endpoint with the connection's API key, the query and a JSON body, and answers as Step Functions does", async () => {
    const { events, secrets } = connection('API_KEY', {
      api_key_name: 'x-api-key',
      api_key_value: 'k-123',
      invocation_http_parameters: { header_parameters: [{ key: 'X-Tenant', value: 't-9', is_value_secret: false }] },
    });
    const result = await call(
      {
        ApiEndpoint: `${server.origin}/v1/customers`,
        Method: 'POST',
        Authentication: { ConnectionArn: CONNECTION },
        QueryParameters: { expand: 'sources' },
        Headers: { 'X-Tenant': 'overridden', 'X-Trace': 'abc' },
        RequestBody: { email: 'a@example.com' },
      },
      events,
      secrets,
    );
    expect(result).toEqual({
      ok: true,
      output: {
        Headers: expect.objectContaining({ 'Content-Type': ['application/json'], 'X-Request-Id': ['r-1'] }),
        ResponseBody: { id: 'cus_1' },
        StatusCode: 200,
        StatusText: 'OK',
      },
    });
    const request = server.received.at(-1)!;
    expect(request).toMatchObject({
      method: 'POST',
      url: '/v1/customers?expand=sources',
      body: '{"email":"a@example.com"}',
    });
    expect(request.headers).toMatchObject({
      'x-api-key': 'k-123',
      'x-tenant': 't-9',
      'x-trace': 'abc',
      'content-type': 'application/json',
      'user-agent': 'Amazon|StepFunctions|HttpInvoke|us-east-1',
      range: 'bytes=0-262144',
    });
    expect(events.sent).toEqual([{ name: 'DescribeConnectionCommand', input: { Name: 'stripe' } }]);
    expect(secrets.sent[0]?.input).toEqual({
      SecretId: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:events!connection/stripe/4a1b-AbCdEf',
    });
  });

  it('sends basic credentials, and a URL-encoded body with the array format asked', async () => {
    const { events, secrets } = connection('BASIC', { username: 'u', password: 'p' });
    await call(
      {
        ApiEndpoint: `${server.origin}/form`,
        Method: 'PUT',
        Authentication: { ConnectionArn: CONNECTION },
        RequestBody: { tags: ['a', 'b'], name: 'x y' },
        Transform: { RequestBodyEncoding: 'URL_ENCODED', RequestEncodingOptions: { ArrayFormat: 'BRACKETS' } },
      },
      events,
      secrets,
    );
    const request = server.received.at(-1)!;
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.body).toBe('tags%5B%5D=a&tags%5B%5D=b&name=x%20y');
  });

  it('fetches an OAuth client-credentials token and sends it as a bearer token', async () => {
    const { events, secrets } = connection('OAUTH_CLIENT_CREDENTIALS', {
      authorization_endpoint: `${server.origin}/oauth/token`,
      http_method: 'POST',
      client_parameters: { client_id: 'id', client_secret: 'shh' },
      oauth_http_parameters: { body_parameters: [{ key: 'scope', value: 'read' }] },
    });
    await call(
      { ApiEndpoint: `${server.origin}/me`, Method: 'GET', Authentication: { ConnectionArn: CONNECTION } },
      events,
      secrets,
    );
    const [token, me] = server.received.slice(-2);
    expect(token).toMatchObject({
      method: 'POST',
      url: '/oauth/token',
      body: 'grant_type=client_credentials&scope=read',
    });
    expect(token?.headers.authorization).toBe(`Basic ${Buffer.from('id:shh').toString('base64')}`);
    expect(me?.headers.authorization).toBe('Bearer tok-1');
  });

  it('reads the invocation parameters and the OAuth client as LocalStack keeps them (the API’s PascalCase, the client beside the rest)', async () => {
    const { events, secrets } = connection('OAUTH_CLIENT_CREDENTIALS', {
      authorization_endpoint: `${server.origin}/oauth/token`,
      http_method: 'POST',
      client_id: 'ls-id',
      client_secret: 'ls-shh',
      invocation_http_parameters: {
        HeaderParameters: [{ Key: 'X-Tenant', Value: 't-7', IsValueSecret: false }],
        QueryStringParameters: [{ Key: 'region', Value: 'eu', IsValueSecret: false }],
      },
    });
    await call(
      { ApiEndpoint: `${server.origin}/me`, Method: 'GET', Authentication: { ConnectionArn: CONNECTION } },
      events,
      secrets,
    );
    const [token, me] = server.received.slice(-2);
    expect(token?.headers.authorization).toBe(`Basic ${Buffer.from('ls-id:ls-shh').toString('base64')}`);
    expect(me?.url).toBe('/me?region=eu');
    expect(me?.headers).toMatchObject({ authorization: 'Bearer tok-1', 'x-tenant': 't-7' });
  });

  it('fails a status other than 2xx with States.Http.StatusCode.<status>, and answers a body that is not JSON as text', async () => {
    const missing = connection('BASIC', { username: 'u', password: 'p' });
    expect(
      await call(
        { ApiEndpoint: `${server.origin}/missing`, Method: 'GET', Authentication: { ConnectionArn: CONNECTION } },
        missing.events,
        missing.secrets,
      ),
    ).toEqual({ ok: false, error: 'States.Http.StatusCode.404', cause: 'no such customer' });
    const text = connection('BASIC', { username: 'u', password: 'p' });
    expect(
      await call(
        { ApiEndpoint: `${server.origin}/text`, Method: 'GET', Authentication: { ConnectionArn: CONNECTION } },
        text.events,
        text.secrets,
      ),
    ).toMatchObject({ ok: true, output: { ResponseBody: '{"not":"parsed"}' } });
  });

  it('fails with Events.ConnectionResource.<reason> when the connection cannot be used', async () => {
    const deauthorized = connection('BASIC', {}, 'DEAUTHORIZED');
    expect(
      await call(
        { ApiEndpoint: `${server.origin}/x`, Method: 'GET', Authentication: { ConnectionArn: CONNECTION } },
        deauthorized.events,
        deauthorized.secrets,
      ),
    ).toEqual({
      ok: false,
      error: 'Events.ConnectionResource.InvalidConnectionState',
      cause: `The connection '${CONNECTION}' is DEAUTHORIZED`,
    });
    const gone = new FakeClient('EventBridge').answer(
      serviceError(
        'ResourceNotFoundException',
        "Failed to describe the connection(s). Connection 'stripe' does not exist.",
        {
          modelled: true,
        },
      ),
    );
    expect(
      await call(
        { ApiEndpoint: `${server.origin}/x`, Method: 'GET', Authentication: { ConnectionArn: CONNECTION } },
        gone,
      ),
    ).toMatchObject({ ok: false, error: 'Events.ConnectionResource.ResourceNotFound' });
  });

  it('refuses reserved headers and a missing connection before calling anything', async () => {
    const sent = server.received.length;
    expect(
      await call({
        ApiEndpoint: `${server.origin}/x`,
        Method: 'GET',
        Authentication: { ConnectionArn: CONNECTION },
        Headers: { Host: 'evil' },
      }),
    ).toEqual({ ok: false, error: 'States.Runtime', cause: "The 'Headers' field contains unsupported values: Host" });
    expect(await call({ ApiEndpoint: `${server.origin}/x`, Method: 'GET' })).toMatchObject({
      error: 'States.Runtime',
      cause: expect.stringContaining("'Authentication.ConnectionArn' is required"),
    });
    expect(server.received.length).toBe(sent);
  });

  it('grants reading the connection and the secret EventBridge keeps for it', () => {
    expect(
      httpInvoke.permissions?.(
        { ApiEndpoint: 'https://api', Method: 'GET', Authentication: { ConnectionArn: CONNECTION } },
        SCOPE,
      ),
    ).toEqual([
      { actions: ['events:DescribeConnection'], resources: [CONNECTION], unresolved: [] },
      {
        actions: ['secretsmanager:GetSecretValue'],
        resources: ['arn:aws:secretsmanager:us-east-1:123456789012:secret:events!connection/stripe/*'],
        unresolved: [],
      },
    ]);
  });
});
