import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apigatewayInvoke, invokeUrl } from '../../../src/integrations/apigateway.js';
import { AwsClients, NoEndpointError } from '../../../src/integrations/clients.js';
import { type Reply, startTestServer, type TestServer } from '../../support/http-server.js';
import { callIntegration } from './fake-client.js';

const SCOPE = { partition: 'aws', region: 'us-east-1', account: '123456789012' };

function call(parameters: Record<string, unknown>, clients = new AwsClients()) {
  return callIntegration(apigatewayInvoke, parameters, clients);
}

describe('apigateway:invoke', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer((request): Reply => {
      if (request.url.startsWith('/prod/missing')) {
        return {
          status: 403,
          headers: { 'Content-Type': 'application/json' },
          body: '{"message":"Missing Authentication Token"}',
        };
      }
      return {
        headers: { 'Content-Type': 'application/json', 'x-amzn-RequestId': 'r-1' },
        body: JSON.stringify({ method: request.method, url: request.url, body: request.body }),
      };
    });
  });
  afterAll(() => server.close());

  it('calls <ApiEndpoint>/<Stage>/<Path> with the query, headers and JSON body, and answers as Step Functions does', async () => {
    const result = await call({
      ApiEndpoint: server.origin,
      Method: 'POST',
      Stage: 'prod',
      Path: '/orders/o-1',
      QueryParameters: { expand: ['items', 'customer'], debug: ['true'] },
      Headers: { 'X-Custom': ['a', 'b'] },
      RequestBody: { note: 'hi', skipped: null },
    });
    const request = server.received.at(-1)!;
    expect(request).toMatchObject({
      method: 'POST',
      url: '/prod/orders/o-1?expand=items&expand=customer&debug=true',
      body: '{"note":"hi"}',
    });
    expect(request.headers).toMatchObject({
      'x-custom': 'a, b',
      'content-type': 'application/json',
      accept: 'application/json',
    });
    expect(result).toEqual({
      ok: true,
      output: {
        Headers: expect.objectContaining({ 'Content-Type': ['application/json'], 'x-amzn-RequestId': ['r-1'] }),
        ResponseBody: {
          method: 'POST',
          url: '/prod/orders/o-1?expand=items&expand=customer&debug=true',
          body: '{"note":"hi"}',
        },
        StatusCode: 200,
        StatusText: 'OK',
      },
    });
  });

  it('sends a string body as it is, and null members when AllowNullValues is true', async () => {
    await call({ ApiEndpoint: server.origin, Method: 'PUT', Stage: 'prod', Path: 'x', RequestBody: 'HelloWorld' });
    expect(server.received.at(-1)?.body).toBe('HelloWorld');
    await call({
      ApiEndpoint: server.origin,
      Method: 'PUT',
      Path: 'x',
      RequestBody: { a: null },
      AllowNullValues: true,
    });
    expect(server.received.at(-1)).toMatchObject({ url: '/x', body: '{"a":null}' });
  });

  it('fails a status other than 2xx with ApiGateway.<status> and the response body as the cause', async () => {
    expect(await call({ ApiEndpoint: server.origin, Method: 'GET', Stage: 'prod', Path: 'missing' })).toEqual({
      ok: false,
      error: 'ApiGateway.403',
      cause: '{"message":"Missing Authentication Token"}',
    });
  });

  it('fails with ApiGateway.SdkClientException when nothing answers', async () => {
    const closed = await startTestServer(() => ({}));
    await closed.close();
    expect(await call({ ApiEndpoint: closed.origin, Method: 'GET' })).toMatchObject({
      ok: false,
      error: 'ApiGateway.SdkClientException',
      cause: expect.stringMatching(/^Unable to execute HTTP request: .*ECONNREFUSED/),
    });
  });

  it('signs the request with Signature Version 4 for execute-api when AuthType is IAM_ROLE', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' });
    try {
      await call({ ApiEndpoint: server.origin, Method: 'GET', Stage: 'prod', Path: 'signed', AuthType: 'IAM_ROLE' });
    } finally {
      process.env = saved;
    }
    expect(server.received.at(-1)?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/execute-api\/aws4_request, SignedHeaders=.*host.*, Signature=[0-9a-f]{64}$/,
    );
  });

  it('refuses reserved headers, a body on GET and an unknown method, before sending anything', async () => {
    const sent = server.received.length;
    expect(await call({ ApiEndpoint: server.origin, Method: 'GET', Headers: { 'X-Amz-Date': ['x'] } })).toEqual({
      ok: false,
      error: 'States.Runtime',
      cause: "The 'Headers' field contains unsupported values: X-Amz-Date",
    });
    expect(await call({ ApiEndpoint: server.origin, Method: 'GET', RequestBody: {} })).toMatchObject({
      cause: 'apigateway:invoke sends a RequestBody with POST, PUT, PATCH only, not GET',
    });
    expect(await call({ ApiEndpoint: server.origin, Method: 'FETCH' })).toMatchObject({ error: 'States.Runtime' });
    expect(server.received.length).toBe(sent);
  });

  it('refuses an AWS execute-api host on clients that must not reach AWS', async () => {
    const guarded = new AwsClients({ requireEndpoint: true, env: {} });
    await expect(
      call({ ApiEndpoint: 'abc123.execute-api.us-east-1.amazonaws.com', Method: 'GET' }, guarded),
    ).rejects.toBeInstanceOf(NoEndpointError);
    expect(
      invokeUrl({ ApiEndpoint: 'abc123.execute-api.us-east-1.amazonaws.com', Stage: 'prod', Path: '/a' }).href,
    ).toBe('https://abc123.execute-api.us-east-1.amazonaws.com/prod/a');
  });

  it('grants execute-api:Invoke on the stage, method and path of a signed call only', () => {
    const endpoint = 'abc123.execute-api.eu-west-1.amazonaws.com';
    expect(
      apigatewayInvoke.permissions?.({ ApiEndpoint: endpoint, Method: 'GET', Stage: 'prod', Path: 'pets' }, SCOPE),
    ).toEqual([]);
    expect(
      apigatewayInvoke.permissions?.(
        { ApiEndpoint: endpoint, Method: 'GET', Stage: 'prod', 'Path.$': '$.path', AuthType: 'IAM_ROLE' },
        SCOPE,
      ),
    ).toEqual([
      {
        actions: ['execute-api:Invoke'],
        resources: ['arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/*'],
        unresolved: [],
      },
    ]);
  });
});
