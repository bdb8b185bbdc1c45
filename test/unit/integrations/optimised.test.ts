import { describe, expect, it } from 'vitest';
import { dynamodbGetItem, dynamodbPutItem } from '../../../src/integrations/dynamodb.js';
import { eventsPutEvents } from '../../../src/integrations/events.js';
import type { IntegrationRequest } from '../../../src/integrations/integration.js';
import { snsPublish } from '../../../src/integrations/sns.js';
import { sqsSendMessage } from '../../../src/integrations/sqs.js';
import { EXECUTION, FakeClient, fakeClients, serviceError, taskOf } from './fake-client.js';

function request(fake: FakeClient, resource: string, parameters: Record<string, unknown>): IntegrationRequest {
  return {
    task: taskOf(resource, resource.replace('arn:aws:states:::', ''), parameters),
    execution: EXECUTION,
    parameters,
    region: 'us-east-1',
    clients: fakeClients(fake),
  };
}

describe('dynamodb integrations', () => {
  it('sends GetItem as given and answers the item with SdkHttpMetadata and SdkResponseMetadata', async () => {
    const fake = new FakeClient('DynamoDB').answer({ Item: { id: { S: 'o-1' }, n: { N: '2' } } });
    const result = await dynamodbGetItem.call(
      request(fake, 'arn:aws:states:::dynamodb:getItem', { TableName: 'orders', Key: { id: { S: 'o-1' } } }),
    );
    expect(fake.sent).toEqual([{ name: 'GetItemCommand', input: { TableName: 'orders', Key: { id: { S: 'o-1' } } } }]);
    expect(result).toEqual({
      ok: true,
      output: {
        Item: { id: { S: 'o-1' }, n: { N: '2' } },
        SdkHttpMetadata: { AllHttpHeaders: {}, HttpHeaders: {}, HttpStatusCode: 200 },
        SdkResponseMetadata: { RequestId: 'req-1' },
      },
    });
  });

  it('fails a conditional put with DynamoDB.ConditionalCheckFailedException', async () => {
    const fake = new FakeClient('DynamoDB').answer(
      serviceError('ConditionalCheckFailedException', 'The conditional request failed', { modelled: true }),
    );
    const result = await dynamodbPutItem.call(
      request(fake, 'arn:aws:states:::dynamodb:putItem', { TableName: 't', Item: { id: { S: 'a' } } }),
    );
    expect(result).toMatchObject({ ok: false, error: 'DynamoDB.ConditionalCheckFailedException' });
  });

  it('declares its IAM action and the request-response pattern only', () => {
    expect(dynamodbPutItem.iamActions).toEqual(['dynamodb:PutItem']);
    expect(dynamodbPutItem.patterns).toEqual(['RESPONSE']);
  });
});

describe('sqs:sendMessage and sns:publish', () => {
  it('send a JSON message body as its text', async () => {
    const sqs = new FakeClient('SQS').answer({ MessageId: 'm-1', MD5OfMessageBody: 'abc' });
    const result = await sqsSendMessage.call(
      request(sqs, 'arn:aws:states:::sqs:sendMessage', { QueueUrl: 'https://q', MessageBody: { token: 't-1' } }),
    );
    expect(sqs.sent[0]?.input).toEqual({ QueueUrl: 'https://q', MessageBody: '{"token":"t-1"}' });
    expect(result).toMatchObject({ ok: true, output: { MessageId: 'm-1', MD5OfMessageBody: 'abc' } });
    const sns = new FakeClient('SNS').answer({ MessageId: 'm-2' });
    await snsPublish.call(request(sns, 'arn:aws:states:::sns:publish', { TopicArn: 'arn:t', Message: { a: 1 } }));
    expect(sns.sent[0]?.input).toEqual({ TopicArn: 'arn:t', Message: '{"a":1}' });
  });
});

describe('events:putEvents', () => {
  it("appends the state machine's and the execution's ARNs to each entry and sends Detail as text", async () => {
    const fake = new FakeClient('EventBridge').answer({ Entries: [{ EventId: 'ev-1' }], FailedEntryCount: 0 });
    const result = await eventsPutEvents.call(
      request(fake, 'arn:aws:states:::events:putEvents', {
        Entries: [{ Source: 's', DetailType: 'd', Detail: { a: 1 }, Resources: ['arn:r'] }],
      }),
    );
    expect(fake.sent[0]?.input).toEqual({
      Entries: [
        {
          Source: 's',
          DetailType: 'd',
          Detail: '{"a":1}',
          Resources: ['arn:r', EXECUTION.stateMachineArn, EXECUTION.executionArn],
        },
      ],
    });
    expect(result).toEqual({ ok: true, output: { Entries: [{ EventId: 'ev-1' }], FailedEntryCount: 0 } });
  });

  it('fails with EventBridge.FailedEntry, the response as the cause, when an entry failed', async () => {
    const response = {
      Entries: [{ EventId: 'ev-1' }, { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' }],
      FailedEntryCount: 1,
    };
    const fake = new FakeClient('EventBridge').answer(response);
    const result = await eventsPutEvents.call(request(fake, 'arn:aws:states:::events:putEvents', { Entries: [] }));
    expect(result).toEqual({ ok: false, error: 'EventBridge.FailedEntry', cause: JSON.stringify(response) });
  });
});
