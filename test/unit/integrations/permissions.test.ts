import { afterEach, describe, expect, it } from 'vitest';
import { awsSdkIamAction } from '../../../src/integrations/aws-sdk.js';
import { definitionPermissions, taskStatements } from '../../../src/integrations/definition-permissions.js';
import type { SyncJob } from '../../../src/integrations/integration.js';
import { COMPUTED_PARAMETERS, queueArnOfUrl } from '../../../src/integrations/permissions.js';
import { sqsSendMessage } from '../../../src/integrations/sqs.js';
import { SYNC_JOBS } from '../../../src/integrations/table.js';

const SCOPE = { partition: 'aws', region: 'us-east-1', account: '123456789012' };

function statements(resource: string, parameters: Record<string, unknown> = COMPUTED_PARAMETERS) {
  return taskStatements(resource, parameters, SCOPE);
}

describe('taskStatements', () => {
  it('grants a DynamoDB action on the table the parameters name, by name or ARN', () => {
    expect(statements('arn:aws:states:::dynamodb:putItem', { TableName: 'orders', Item: {} })).toEqual([
      {
        actions: ['dynamodb:PutItem'],
        resources: ['arn:aws:dynamodb:us-east-1:123456789012:table/orders'],
        unresolved: [],
      },
    ]);
    expect(
      statements('arn:aws:states:eu-west-1::dynamodb:getItem', {
        TableName: 'arn:aws:dynamodb:eu-west-1:111122223333:table/t',
      })[0]?.resources,
    ).toEqual(['arn:aws:dynamodb:eu-west-1:111122223333:table/t']);
    expect(statements('arn:aws:states:eu-west-1::dynamodb:getItem', { TableName: 't' })[0]?.resources).toEqual([
      'arn:aws:dynamodb:eu-west-1:123456789012:table/t',
    ]);
  });

  it('leaves a resource computed at run time unresolved, by JSONPath, JSONata or without parameters', () => {
    const dynamic = { actions: ['dynamodb:DeleteItem'], resources: [], unresolved: ['TableName'] };
    expect(statements('arn:aws:states:::dynamodb:deleteItem', { 'TableName.$': '$.table' })).toEqual([dynamic]);
    expect(statements('arn:aws:states:::dynamodb:deleteItem', { TableName: '{% $states.input.t %}' })).toEqual([
      dynamic,
    ]);
    expect(statements('arn:aws:states:::dynamodb:deleteItem')).toEqual([dynamic]);
  });

  it('turns a queue URL into its ARN, keeps a topic ARN and names each event bus', () => {
    expect(
      statements('arn:aws:states:::sqs:sendMessage.waitForTaskToken', {
        QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/111122223333/jobs',
      }),
    ).toEqual([
      { actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:eu-west-1:111122223333:jobs'], unresolved: [] },
    ]);
    expect(statements('arn:aws:states:::sns:publish', { TopicArn: 'arn:aws:sns:us-east-1:1:t' })[0]?.resources).toEqual(
      ['arn:aws:sns:us-east-1:1:t'],
    );
    expect(statements('arn:aws:states:::sns:publish', { PhoneNumber: '+15555550100' })[0]?.resources).toEqual(['*']);
    expect(
      statements('arn:aws:states:::events:putEvents', {
        Entries: [{ Source: 's' }, { EventBusName: 'orders' }, { 'EventBusName.$': '$.bus' }],
      }),
    ).toEqual([
      {
        actions: ['events:PutEvents'],
        resources: [
          'arn:aws:events:us-east-1:123456789012:event-bus/default',
          'arn:aws:events:us-east-1:123456789012:event-bus/orders',
        ],
        unresolved: ['Entries[].EventBusName'],
      },
    ]);
  });

  it('grants an aws-sdk action on the resources its service names them by', () => {
    expect(statements('arn:aws:states:::aws-sdk:s3:getObject', { Bucket: 'b', Key: 'k/1.json' })).toEqual([
      { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/k/1.json'], unresolved: [] },
    ]);
    expect(
      statements('arn:aws:states:::aws-sdk:s3:putObject', { Bucket: 'b', 'Key.$': '$.key' })[0]?.resources,
    ).toEqual(['arn:aws:s3:::b/*']);
    expect(statements('arn:aws:states:::aws-sdk:s3:listObjectsV2', { Bucket: 'b' })).toEqual([
      { actions: ['s3:ListBucket'], resources: ['arn:aws:s3:::b'], unresolved: [] },
    ]);
    expect(statements('arn:aws:states:::aws-sdk:secretsmanager:getSecretValue', { SecretId: 'db' })).toEqual([
      {
        actions: ['secretsmanager:GetSecretValue'],
        resources: ['arn:aws:secretsmanager:us-east-1:123456789012:secret:db-??????'],
        unresolved: [],
      },
    ]);
    expect(statements('arn:aws:states:::aws-sdk:ec2:describeInstances', {})).toEqual([
      { actions: ['ec2:DescribeInstances'], resources: [], unresolved: ['the resources ec2:describeInstances names'] },
    ]);
  });

  it('needs nothing for Lambda, activities and resources Stepstone cannot run', () => {
    expect(statements('arn:aws:lambda:us-east-1:123456789012:function:F')).toEqual([]);
    expect(statements('arn:aws:states:::lambda:invoke', { FunctionName: 'F' })).toEqual([]);
    expect(statements('arn:aws:states:::dynamodb:scan', { TableName: 't' })).toEqual([]);
  });
});

describe('taskStatements of .sync jobs', () => {
  const job: SyncJob = {
    name: 'sqs:sendMessage',
    variants: ['sync'],
    iamActions: [
      'sqs:SendMessage',
      'sqs:GetQueueAttributes',
      'events:PutTargets',
      'events:PutRule',
      'events:DescribeRule',
    ],
    pollSeconds: 5,
    start: sqsSendMessage,
    handle: () => ({}),
    describe: async () => ({}),
    status: () => 'RUNNING',
    succeeded: [],
    failed: [],
    output: () => ({}),
    failure: () => ({ error: 'States.TaskFailed' }),
    cancel: async () => undefined,
  };
  const jobs = SYNC_JOBS as Map<string, SyncJob>;
  afterEach(() => jobs.delete(job.name));

  it("adds the job's describe actions on the start call's resources and its rule actions on Step Functions' managed rules", () => {
    jobs.set(job.name, job);
    expect(
      statements('arn:aws:states:::sqs:sendMessage.sync', {
        QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q',
      }),
    ).toEqual([
      { actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:us-east-1:123456789012:q'], unresolved: [] },
      {
        actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
        resources: ['arn:aws:events:us-east-1:123456789012:rule/StepFunctions*'],
        unresolved: [],
      },
      { actions: ['sqs:GetQueueAttributes'], resources: ['arn:aws:sqs:us-east-1:123456789012:q'], unresolved: [] },
    ]);
  });
});

describe('definitionPermissions', () => {
  it('lists each Task state that needs permissions, inside Parallel branches and Map processors too', () => {
    const task = (table: string) => ({
      Type: 'Task',
      Resource: 'arn:aws:states:::dynamodb:getItem',
      Parameters: { TableName: table, Key: {} },
      End: true,
    });
    const permissions = definitionPermissions(
      {
        StartAt: 'P',
        States: {
          P: { Type: 'Parallel', Branches: [{ StartAt: 'A', States: { A: task('a') } }], Next: 'M' },
          M: { Type: 'Map', ItemProcessor: { StartAt: 'B', States: { B: task('b') } }, Next: 'L' },
          L: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:F', End: true },
        },
      },
      SCOPE,
    );
    expect(permissions.map((p) => [p.state, p.statements[0]?.resources[0]])).toEqual([
      ['A', 'arn:aws:dynamodb:us-east-1:123456789012:table/a'],
      ['B', 'arn:aws:dynamodb:us-east-1:123456789012:table/b'],
    ]);
  });
});

describe('definitionPermissions of a distributed Map', () => {
  const processor = {
    ProcessorConfig: { Mode: 'DISTRIBUTED' },
    StartAt: 'E',
    States: { E: { Type: 'Pass', End: true } },
  };
  const permissionsOf = (fields: Record<string, unknown>) =>
    definitionPermissions(
      { StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: processor, End: true, ...fields } } },
      SCOPE,
    );

  it("grants its reader's and writer's S3 actions on the bucket and prefix they name, JSONata Arguments too", () => {
    const [map] = permissionsOf({
      QueryLanguage: 'JSONata',
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSONL' },
        Arguments: { Bucket: 'in', Key: '{% $states.input.key %}' },
      },
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Arguments: { Bucket: 'out', Prefix: 'runs/' } },
    });
    expect(map).toEqual({
      state: 'M',
      resource: 'arn:aws:states:::s3:getObject',
      statements: [
        { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::in/*'], unresolved: [] },
        { actions: ['s3:PutObject'], resources: ['arn:aws:s3:::out/runs/*'], unresolved: [] },
      ],
    });
  });

  it('leaves a computed bucket unresolved, and needs nothing for a Map with neither or a writer without S3', () => {
    const [map] = permissionsOf({
      ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { 'Bucket.$': '$.bucket' } },
    });
    expect(map?.statements).toEqual([{ actions: ['s3:ListBucket'], resources: [], unresolved: ['Bucket'] }]);
    expect(permissionsOf({})).toEqual([]);
    expect(permissionsOf({ ResultWriter: { WriterConfig: { Transformation: 'FLATTEN' } } })).toEqual([]);
  });
});

describe('awsSdkIamAction and queueArnOfUrl', () => {
  it('name the IAM action where it differs from the API action, and read a queue URL', () => {
    expect(awsSdkIamAction('s3', 'headObject')).toBe('s3:GetObject');
    expect(awsSdkIamAction('lambda', 'invoke')).toBe('lambda:InvokeFunction');
    expect(queueArnOfUrl(SCOPE, 'http://localhost:4566/000000000000/q')).toBe('arn:aws:sqs:us-east-1:000000000000:q');
    expect(queueArnOfUrl(SCOPE, 'not a url')).toBeUndefined();
  });
});
