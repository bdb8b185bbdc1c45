import { describe, expect, it } from 'vitest';
import { classifyResource } from '../../../src/engine/states/task.js';
import { AwsClients } from '../../../src/integrations/clients.js';
import { IntegrationInvoker } from '../../../src/integrations/invoker.js';
import { EXECUTION, FakeClient, fakeClients, taskOf } from './fake-client.js';

function task(resource: string, parameters: unknown = {}) {
  const kind = classifyResource(resource);
  return taskOf(resource, kind.integration, parameters, kind.pattern);
}

describe('classifyResource', () => {
  it('reads integration ARNs in their regional forms as the same integration', () => {
    expect(classifyResource('arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject')).toEqual({
      integration: 'aws-sdk:s3:getObject',
      pattern: 'RESPONSE',
      resourceType: 'aws-sdk:s3',
      resourceName: 'getObject',
      region: 'us-east-1',
    });
    expect(classifyResource('arn:aws:states:us-east-1::dynamodb:putItem')).toMatchObject({
      integration: 'dynamodb:putItem',
      resourceType: 'dynamodb',
      resourceName: 'putItem',
    });
    expect(classifyResource('arn:aws:states:::sqs:sendMessage.waitForTaskToken')).toMatchObject({
      integration: 'sqs:sendMessage',
      pattern: 'WAIT_FOR_TASK_TOKEN',
      resourceName: 'sendMessage.waitForTaskToken',
    });
    expect(classifyResource('arn:aws:states:us-east-1:123456789012:activity:Review').integration).toBe('activity');
    expect(classifyResource('arn:aws:lambda:us-east-1:123456789012:function:F').integration).toBe('lambda');
  });
});

describe('IntegrationInvoker', () => {
  const invoker = new IntegrationInvoker({ clients: fakeClients(new FakeClient('DynamoDB').answer({})) });
  const cause = async (resource: string, parameters: unknown = {}) => {
    const result = await invoker.invoke(task(resource, parameters), EXECUTION);
    expect(result).toMatchObject({ ok: false, error: 'States.Runtime' });
    return (result as { cause: string }).cause;
  };

  it('calls the optimised integration a regional resource names', async () => {
    const fake = new FakeClient('DynamoDB').answer({ Item: { id: { S: 'a' } } });
    const result = await new IntegrationInvoker({ clients: fakeClients(fake) }).invoke(
      task('arn:aws:states:eu-west-1::dynamodb:getItem', { TableName: 't', Key: { id: { S: 'a' } } }),
      EXECUTION,
    );
    expect(fake.sent.map((s) => s.name)).toEqual(['GetItemCommand']);
    expect(result).toMatchObject({ ok: true, output: { Item: { id: { S: 'a' } } } });
  });

  it('fails an unknown service, an unknown action and an unsupported pattern with States.Runtime saying which', async () => {
    expect(await cause('arn:aws:states:::emr:createCluster')).toContain(
      "Stepstone has no optimised integration for the service 'emr'",
    );
    expect(await cause('arn:aws:states:::athena:listQueryExecutions')).toContain(
      "the athena integration has no action 'listQueryExecutions' (Stepstone runs athena:startQueryExecution, athena:getQueryExecution, athena:getQueryResults, athena:stopQueryExecution;",
    );
    expect(await cause('arn:aws:states:::dynamodb:scan')).toContain(
      "the dynamodb integration has no action 'scan' (Stepstone runs dynamodb:getItem, dynamodb:putItem, dynamodb:updateItem, dynamodb:deleteItem; any other action through arn:aws:states:::aws-sdk:dynamodb:<action>)",
    );
    expect(await cause('arn:aws:states:::dynamodb:putItem.waitForTaskToken')).toContain(
      'dynamodb:putItem supports request-response, not .waitForTaskToken',
    );
    expect(await cause('arn:aws:states:::sns:publish.sync')).toContain('Stepstone runs no .sync job for sns:publish');
    expect(await cause('arn:aws:states:::aws-sdk:s3:getObject.sync')).toContain(
      'aws-sdk integrations support request-response and .waitForTaskToken, not .sync',
    );
  });

  it('refuses a field Step Functions does not accept for the integration', async () => {
    expect(await cause('arn:aws:states:::dynamodb:putItem', { TableName: 't', Item: {}, Limit: 1 })).toContain(
      "The field 'Limit' is not supported by Step Functions for dynamodb:putItem",
    );
  });

  it('fails a call that would reach AWS without an endpoint when its clients require one', async () => {
    const guarded = new IntegrationInvoker({ clients: new AwsClients({ requireEndpoint: true, env: {} }) });
    const result = await guarded.invoke(
      task('arn:aws:states:::sns:publish', { TopicArn: 'arn:t', Message: 'm' }),
      EXECUTION,
    );
    expect(result).toMatchObject({ ok: false, error: 'States.Runtime' });
    expect((result as { cause: string }).cause).toContain('AWS_ENDPOINT_URL_SNS');
  });
});
