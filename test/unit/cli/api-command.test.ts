import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCommand } from '../../../src/cli/commands/api.js';
import { type DevServer, startDevServer } from '../../../src/dev/server.js';
import { captureIo } from '../../support/capture-io.js';

let server: DevServer;
const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  server = await startDevServer({ database: ':memory:', port: 0 });
});

afterAll(async () => {
  await server?.close();
  process.env.AWS_ACCESS_KEY_ID = saved.id;
  process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
});

describe('stepstone api', () => {
  it('makes one API call through the SDK client and prints the response as JSON', async () => {
    const io = captureIo();
    const definition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    const code = await apiCommand(
      [
        'CreateStateMachine',
        '--url',
        server.url,
        '--region',
        'us-east-1',
        JSON.stringify({ name: 'ViaCli', definition }),
      ],
      io,
    );
    expect(code).toBe(0);
    expect(JSON.parse(io.out)).toMatchObject({
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:ViaCli',
    });
  });

  it('prints the AWS error name and exits 1 when the call fails, and 2 for an action that does not exist', async () => {
    const failed = captureIo();
    const arn = 'arn:aws:states:us-east-1:123456789012:execution:ViaCli:none';
    expect(
      await apiCommand(
        ['DescribeExecution', '--url', server.url, '--region', 'us-east-1', `{"executionArn":"${arn}"}`],
        failed,
      ),
    ).toBe(1);
    expect(failed.err).toMatch(/ExecutionDoesNotExist/);
    const unknown = captureIo();
    expect(await apiCommand(['LaunchRocket', '--url', server.url], unknown)).toBe(2);
    expect(unknown.err).toMatch(/'LaunchRocket' is not an action/);
  });
});
