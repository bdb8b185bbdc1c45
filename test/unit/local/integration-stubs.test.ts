import { describe, expect, it } from 'vitest';
import { callback, returns, testWorkflow, throws } from '../../../src/testing.js';

const putThenNotify = {
  StartAt: 'SaveOrder',
  States: {
    SaveOrder: {
      Type: 'Task',
      Resource: 'arn:aws:states:::dynamodb:putItem',
      Parameters: { TableName: 'orders', 'Item.$': '$.item' },
      ResultPath: '$.saved',
      Catch: [{ ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'], ResultPath: '$.error', Next: 'Duplicate' }],
      Next: 'Notify',
    },
    Notify: {
      Type: 'Task',
      Resource: 'arn:aws:states:us-east-1:123456789012:sns:publish',
      Parameters: { TopicArn: 'arn:aws:sns:us-east-1:123456789012:orders', 'Message.$': '$.item' },
      ResultSelector: { 'id.$': '$.MessageId' },
      ResultPath: '$.notified',
      End: true,
    },
    Duplicate: { Type: 'Pass', End: true },
  },
};

describe('service integrations on the embedded engine', () => {
  const workflow = testWorkflow(putThenNotify);
  const item = { id: { S: 'o-1' } };

  it('calls the stub registered by resource, regional ARNs included, with the resolved parameters', async () => {
    const execution = await workflow.run(
      { item },
      {
        tasks: {
          'arn:aws:states:::dynamodb:putItem': returns({}),
          'arn:aws:states:::sns:publish': returns({ MessageId: 'm-1' }),
        },
      },
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toEqual({ item, saved: {}, notified: { id: 'm-1' } });
    expect(execution.calls('arn:aws:states:::dynamodb:putItem')).toEqual([{ TableName: 'orders', Item: item }]);
    expect(execution.events('TaskScheduled')[1]?.taskScheduledEventDetails).toMatchObject({
      resourceType: 'sns',
      resource: 'publish',
      region: 'us-east-1',
    });
  });

  it('prefers a stub registered by state name, and lets Catch match the error a stub throws', async () => {
    const execution = await workflow.run(
      { item },
      {
        tasks: {
          SaveOrder: throws('DynamoDB.ConditionalCheckFailedException', 'The conditional request failed'),
          'arn:aws:states:::dynamodb:putItem': returns({}),
        },
      },
    );
    expect(execution.statesEntered()).toEqual(['SaveOrder', 'Duplicate']);
    expect(execution.output).toMatchObject({
      error: { Error: 'DynamoDB.ConditionalCheckFailedException', Cause: 'The conditional request failed' },
    });
  });

  it('fails with States.Runtime naming the state and how to stub it when a task has no stub and no endpoint', async () => {
    const previous = process.env.AWS_ENDPOINT_URL;
    delete process.env.AWS_ENDPOINT_URL;
    try {
      const execution = await workflow.run({ item }, { tasks: { SaveOrder: returns({}) } });
      expect(execution.status).toBe('FAILED');
      expect(execution.error).toBe('States.Runtime');
      expect(execution.cause).toContain("The state 'Notify' calls arn:aws:states:us-east-1:123456789012:sns:publish");
      expect(execution.cause).toContain("tasks['arn:aws:states:::sns:publish']");
      expect(execution.cause).toContain('AWS_ENDPOINT_URL');
    } finally {
      if (previous !== undefined) process.env.AWS_ENDPOINT_URL = previous;
    }
  });

  it('hands $$.Task.Token to a .waitForTaskToken integration stub and waits for the callback', async () => {
    const execution = await testWorkflow({
      StartAt: 'Ask',
      States: {
        Ask: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          Parameters: { QueueUrl: 'https://sqs/q', MessageBody: { 'token.$': '$$.Task.Token' } },
          End: true,
        },
      },
    }).run(
      {},
      {
        tasks: {
          'arn:aws:states:::sqs:sendMessage': callback({
            success: { approved: true },
            afterSeconds: 60,
            handler: (parameters) => {
              expect((parameters as { MessageBody: { token: string } }).MessageBody.token).toMatch(/\S/);
              return { MessageId: 'm-2' };
            },
          }),
        },
      },
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toEqual({ approved: true });
    expect(execution.events('TaskSubmitted')).toHaveLength(1);
  });

  it('fails an unsupported resource with States.Runtime saying what is unsupported, never as a missing function', async () => {
    const execution = await testWorkflow({
      StartAt: 'Nested',
      States: { Nested: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish.sync', End: true } },
    }).run({}, { endpoint: 'http://127.0.0.1:9' });
    expect(execution.error).toBe('States.Runtime');
    expect(execution.cause).toContain('Stepstone runs no .sync job for sns:publish');
  });
});
