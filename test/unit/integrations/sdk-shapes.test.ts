import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { fromSdkOutput, operationPart, operationSchemaOf, toSdkInput } from '../../../src/integrations/sdk-shapes.js';

const part = (command: unknown, which: 'input' | 'output') => operationPart(operationSchemaOf(command), which);

describe('toSdkInput', () => {
  it('matches PascalCase parameters to members case-insensitively and sends JSON given for a string as its text', () => {
    const input = toSdkInput(part(new StartExecutionCommand({} as never), 'input'), {
      StateMachineArn: 'arn:sm',
      Input: { orderId: 'o-1' },
    });
    expect(input).toEqual({ stateMachineArn: 'arn:sm', input: '{"orderId":"o-1"}' });
  });

  it('decodes base64 for a blob inside a DynamoDB item and leaves a streaming body as text', () => {
    const item = toSdkInput(part(new PutItemCommand({} as never), 'input'), {
      TableName: 't',
      Item: { id: { S: 'a' }, data: { B: Buffer.from('hi').toString('base64') } },
    }) as { Item: { data: { B: Uint8Array } } };
    expect(Buffer.from(item.Item.data.B).toString()).toBe('hi');
    const put = toSdkInput(part(new PutObjectCommand({} as never), 'input'), { Bucket: 'b', Key: 'k', Body: { a: 1 } });
    expect(put).toEqual({ Bucket: 'b', Key: 'k', Body: '{"a":1}' });
  });
});

describe('fromSdkOutput', () => {
  it('renders a streaming body as text, dates as ISO-8601, and drops $metadata and absent members', async () => {
    // What the SDK's stream mixin offers on a response body.
    const body = { transformToString: async () => '{"items":[1]}' };
    const output = await fromSdkOutput(
      part(new GetObjectCommand({} as never), 'output'),
      { $metadata: {}, Body: body, LastModified: new Date(Date.UTC(2024, 0, 2)), ContentLength: 13, ETag: undefined },
      { pascalCase: true },
    );
    expect(output).toEqual({ Body: '{"items":[1]}', LastModified: '2024-01-02T00:00:00.000Z', ContentLength: 13 });
  });

  it('PascalCases camelCase members but keeps map keys as they are', async () => {
    const output = await fromSdkOutput(
      part(new StartExecutionCommand({} as never), 'output'),
      { executionArn: 'arn:e', startDate: new Date(0) },
      { pascalCase: true },
    );
    expect(output).toEqual({ ExecutionArn: 'arn:e', StartDate: '1970-01-01T00:00:00.000Z' });
    const item = await fromSdkOutput(
      undefined,
      { Item: { data: { B: new Uint8Array([104, 105]) } } },
      { pascalCase: true },
    );
    expect(item).toEqual({ Item: { data: { B: 'aGk=' } } });
  });
});
