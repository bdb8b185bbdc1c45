import { CreateStateMachineCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleHttp } from '../../src/api/http.js';
import { regionOfFunctionUrl, stepstoneClient } from '../../src/client.js';
import { createLocalEngine } from '../../src/local/engine.js';
import { startFunctionUrl } from '../support/function-url.js';

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const REGION = 'eu-west-1';

let url: string;
let close: () => Promise<void>;
/** The Host header of each request the stand-in answered. */
const hosts: string[] = [];

beforeAll(async () => {
  const engine = createLocalEngine();
  const api = { runtime: engine.runtime, account: { region: REGION, accountId: '123456789012' } };
  ({ url, close } = await startFunctionUrl(
    (event) => {
      hosts.push(event.headers?.host ?? '');
      return handleHttp(api, event);
    },
    {
      region: REGION,
      credentials: CREDENTIALS,
    },
  ));
});

afterAll(() => close?.());

describe('stepstoneClient', () => {
  it('signs for the lambda service, as a function URL with IAM auth requires, and speaks the API', async () => {
    const sfn = stepstoneClient({ url, region: REGION, credentials: CREDENTIALS });
    const created = await sfn.send(
      new CreateStateMachineCommand({
        name: 'Signed',
        definition: '{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}',
        roleArn: 'arn:aws:iam::123456789012:role/R',
      }),
    );
    expect(created.stateMachineArn).toBe('arn:aws:states:eu-west-1:123456789012:stateMachine:Signed');
    const listed = await sfn.send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines?.map((m) => m.name)).toEqual(['Signed']);
    sfn.destroy();
  });

  it('is refused by the function URL when it signs for Step Functions, as the plain SDK client does', async () => {
    const plain = new SFNClient({ endpoint: url, region: REGION, credentials: CREDENTIALS });
    await expect(plain.send(new ListStateMachinesCommand({}))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 403 },
    });
    plain.destroy();
  });

  it('reads the region of a function URL from its host name', () => {
    expect(regionOfFunctionUrl('https://abcdef123.lambda-url.ap-southeast-2.on.aws/')).toBe('ap-southeast-2');
    expect(regionOfFunctionUrl('http://abc.lambda-url.eu-west-2.localhost.localstack.cloud:4566/')).toBe('eu-west-2');
    expect(regionOfFunctionUrl('http://abc.lambda-url.us-west-1.127.0.0.1:4566/')).toBe('us-west-1');
    expect(regionOfFunctionUrl('http://127.0.0.1:8083')).toBeUndefined();
  });

  it('reaches a LocalStack function URL on an IP address there, naming its host in Host, and signs for it', async () => {
    const port = new URL(url).port;
    const host = `0123abcd.lambda-url.${REGION}.127.0.0.1:${port}`;
    expect(() => new URL(`http://${host}/`)).toThrow();
    const sfn = stepstoneClient({ url: `http://${host}/`, credentials: CREDENTIALS });
    hosts.length = 0;
    const listed = await sfn.send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines?.map((m) => m.name)).toEqual(['Signed']);
    expect(hosts).toEqual([host]);
    sfn.destroy();
  });
});
