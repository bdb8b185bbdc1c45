import { describe, expect, it } from 'vitest';
import { awsSdkIamAction, callAwsSdk } from '../../../src/integrations/aws-sdk.js';
import { AwsClients } from '../../../src/integrations/clients.js';
import type { IntegrationRequest } from '../../../src/integrations/integration.js';
import { EXECUTION, FakeClient, fakeClients, serviceError, taskOf } from './fake-client.js';

function request(
  clients: AwsClients,
  service: string,
  action: string,
  parameters: Record<string, unknown>,
): IntegrationRequest {
  const resource = `arn:aws:states:::aws-sdk:${service}:${action}`;
  return {
    task: taskOf(resource, `aws-sdk:${service}:${action}`, parameters),
    execution: EXECUTION,
    parameters,
    region: 'us-east-1',
    clients,
  };
}

describe('callAwsSdk', () => {
  it("maps the action to the SDK's <Action>Command, PascalCase parameters to its members, and results back to PascalCase", async () => {
    const fake = new FakeClient('SFN').answer({ executionArn: 'arn:e', startDate: new Date(0) });
    const result = await callAwsSdk(
      request(fakeClients(fake), 'sfn', 'startExecution', { StateMachineArn: 'arn:sm', Input: { a: 1 } }),
      'sfn',
      'startExecution',
    );
    expect(fake.sent).toEqual([
      { name: 'StartExecutionCommand', input: { stateMachineArn: 'arn:sm', input: '{"a":1}' } },
    ]);
    expect(result).toEqual({ ok: true, output: { ExecutionArn: 'arn:e', StartDate: '1970-01-01T00:00:00.000Z' } });
  });

  it('names service errors <Service>.<Exception> from the service id', async () => {
    const fake = new FakeClient('DynamoDB').answer(
      serviceError('ConditionalCheckFailedException', 'The conditional request failed', { modelled: true }),
    );
    const result = await callAwsSdk(
      request(fakeClients(fake), 'dynamodb', 'putItem', { TableName: 't', Item: {} }),
      'dynamodb',
      'putItem',
    );
    expect(result).toMatchObject({ ok: false, error: 'DynamoDb.ConditionalCheckFailedException' });
  });

  it('fails with States.Runtime naming the package to install when the client package is missing', async () => {
    const result = await callAwsSdk(
      request(new AwsClients(), 'nosuchservice', 'doThing', {}),
      'nosuchservice',
      'doThing',
    );
    expect(result).toMatchObject({ ok: false, error: 'States.Runtime' });
    expect((result as { cause: string }).cause).toContain('npm install @aws-sdk/client-nosuchservice');
  });

  it('fails with States.Runtime naming the action when the service has no such action', async () => {
    const result = await callAwsSdk(request(new AwsClients(), 's3', 'getObjekt', {}), 's3', 'getObjekt');
    expect((result as { cause: string }).cause).toContain("names the action 'getObjekt'");
    expect((result as { cause: string }).cause).toContain('no GetObjektCommand');
  });

  it('finds the package of a service whose Step Functions name differs from its npm name', async () => {
    const loaded: string[] = [];
    const clients = new AwsClients({
      load: (name) => {
        loaded.push(name);
        return {};
      },
    });
    await callAwsSdk(request(clients, 'secretsmanager', 'getSecretValue', {}), 'secretsmanager', 'getSecretValue');
    await callAwsSdk(request(clients, 'elasticsearch', 'listDomainNames', {}), 'elasticsearch', 'listDomainNames');
    expect(loaded).toEqual(['@aws-sdk/client-secrets-manager', '@aws-sdk/client-elasticsearch-service']);
  });
});

describe('awsSdkIamAction', () => {
  it("is the service's IAM prefix and the action in PascalCase", () => {
    expect(awsSdkIamAction('s3', 'getObject')).toBe('s3:GetObject');
    expect(awsSdkIamAction('sfn', 'startExecution')).toBe('states:StartExecution');
  });
});
