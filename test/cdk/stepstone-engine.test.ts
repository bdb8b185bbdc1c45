import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StepstoneEngine } from '../../cdk/lib/stepstone-engine.js';
import { expectNoWildcardActions, getAtt, logicalId, ref, roleStatements, testApp, testStack } from './support.js';

const LAMBDA_TRUST = {
  Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }],
  Version: '2012-10-17',
};

afterEach(expectNoWildcardActions);

describe('StepstoneEngine', () => {
  let stack: Stack;
  let engine: StepstoneEngine;
  let client: iam.Role;
  let template: Template;

  beforeAll(() => {
    stack = testStack();
    engine = new StepstoneEngine(stack, 'Engine');
    client = new iam.Role(stack, 'Client', { assumedBy: new iam.AccountRootPrincipal() });
    engine.grantStartExecution(client);
    template = Template.fromStack(stack);
  });

  it('declares the single table on demand with point-in-time recovery, TTL and the executions index', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'gsi1pk', AttributeType: 'S' },
          { AttributeName: 'gsi1sk', AttributeType: 'S' },
        ]),
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        GlobalSecondaryIndexes: [
          {
            IndexName: 'gsi1',
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['status'] },
          },
        ],
      }),
    });
  });

  it('gives the step queue six times the worker timeout and dead-letters after 5 receives', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 360,
      RedrivePolicy: { deadLetterTargetArn: getAtt(engine.deadLetterQueue), maxReceiveCount: 5 },
      SqsManagedSseEnabled: true,
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      MessageRetentionPeriod: 1_209_600,
      SqsManagedSseEnabled: true,
    });
    template.resourceCountIs('AWS::SQS::Queue', 2);
  });

  it('runs the worker on arm64 Node.js 22 with the table, queue, receive limit and account in its environment', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Timeout: 60,
      MemorySize: 1024,
      RecursiveLoop: 'Allow',
      Role: getAtt(engine.workerFunction.role!),
      LoggingConfig: { LogGroup: ref(engine.workerFunction.logGroup) },
      Environment: {
        Variables: {
          STEPSTONE_TABLE: ref(engine.table),
          STEPSTONE_QUEUE_URL: ref(engine.queue),
          STEPSTONE_MAX_RECEIVES: '5',
          STEPSTONE_ACCOUNT_ID: '123456789012',
        },
      },
    });
  });

  it("gives the worker the stack's account when the stack names none, as CloudFormation resolves it", () => {
    const agnostic = new Stack(testApp(), 'Agnostic');
    const agnosticEngine = new StepstoneEngine(agnostic, 'Engine');
    Template.fromStack(agnostic).hasResourceProperties('AWS::Lambda::Function', {
      Role: getAtt(agnosticEngine.workerFunction.role!),
      Environment: { Variables: Match.objectLike({ STEPSTONE_ACCOUNT_ID: { Ref: 'AWS::AccountId' } }) },
    });
  });

  it('runs the API on arm64 Node.js 22 behind a function URL with IAM auth and no resource policy', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Timeout: 30,
      Role: getAtt(engine.apiFunction.role!),
      Environment: {
        Variables: {
          STEPSTONE_TABLE: ref(engine.table),
          STEPSTONE_QUEUE_URL: ref(engine.queue),
          STEPSTONE_ACCOUNT_ID: '123456789012',
        },
      },
    });
    template.resourceCountIs('AWS::Lambda::Url', 1);
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'AWS_IAM',
      TargetFunctionArn: getAtt(engine.apiFunction),
    });
    // No `lambda:AddPermission` for anyone: only IAM principals granted through grant* may call it.
    template.resourceCountIs('AWS::Lambda::Permission', 0);
  });

  it('subscribes the worker to the step queue with partial batch responses and a concurrency cap', () => {
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    template.hasResource('AWS::Lambda::EventSourceMapping', {
      Properties: {
        EventSourceArn: getAtt(engine.queue),
        FunctionName: ref(engine.workerFunction),
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 10 },
      },
      // Created only once its role may read the queue (Lambda checks it on creation).
      DependsOn: Match.arrayWith([logicalId(engine.workerFunction.role!.node.findChild('DefaultPolicy'))]),
    });
  });

  it('alarms when a message reaches the dead-letter queue and when either function reports errors', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 3);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(engine.deadLetterQueue, 'QueueName') }],
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 1,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    for (const fn of [engine.workerFunction, engine.apiFunction]) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: ref(fn) }],
        Statistic: 'Sum',
        Period: 60,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    }
  });

  it('keeps each function its own log group for a month', () => {
    template.resourceCountIs('AWS::Logs::LogGroup', 2);
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('lets the worker use exactly its table and its queue, and write its own logs', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: LAMBDA_TRUST,
      ManagedPolicyArns: Match.absent(),
    });
    expect(roleStatements(template, engine.workerFunction.role!)).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: getAtt(engine.workerFunction.logGroup),
      },
      {
        Effect: 'Allow',
        Action: [
          'dynamodb:BatchGetItem',
          'dynamodb:BatchWriteItem',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:Query',
          'dynamodb:UpdateItem',
        ],
        Resource: getAtt(engine.table),
      },
      {
        Effect: 'Allow',
        Action: [
          'sqs:ChangeMessageVisibility',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
          'sqs:ReceiveMessage',
          'sqs:SendMessage',
        ],
        Resource: getAtt(engine.queue),
      },
    ]);
  });

  it('lets the API use its table (and delete registry items) and index and only send to its queue', () => {
    expect(roleStatements(template, engine.apiFunction.role!)).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: getAtt(engine.apiFunction.logGroup),
      },
      {
        Effect: 'Allow',
        Action: [
          'dynamodb:BatchGetItem',
          'dynamodb:BatchWriteItem',
          'dynamodb:DeleteItem',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:Query',
          'dynamodb:UpdateItem',
        ],
        Resource: getAtt(engine.table),
      },
      {
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: { 'Fn::Join': ['', [getAtt(engine.table), '/index/gsi1']] },
      },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: getAtt(engine.queue) },
    ]);
  });

  it('grants starting executions as invoking the function URL under IAM auth', () => {
    expect(roleStatements(template, client)).toEqual([
      {
        Effect: 'Allow',
        Action: 'lambda:InvokeFunctionUrl',
        Resource: getAtt(engine.apiFunction),
        Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } },
      },
      {
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: getAtt(engine.apiFunction),
        Condition: { Bool: { 'lambda:InvokedViaFunctionUrl': true } },
      },
    ]);
  });

  it('allows no wildcard action or resource in any policy', () => {
    for (const [id, policy] of Object.entries(template.findResources('AWS::IAM::Policy'))) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        const actions = [statement.Action].flat() as string[];
        const resources = [statement.Resource].flat();
        expect(
          actions.filter((action) => action.includes('*')),
          id,
        ).toEqual([]);
        expect(
          resources.filter((resource) => resource === '*'),
          id,
        ).toEqual([]);
      }
    }
    // Only the queues' deny-insecure-transport policies may name `sqs:*`, and only to deny.
    for (const policy of Object.values(template.findResources('AWS::SQS::QueuePolicy'))) {
      for (const statement of policy.Properties.PolicyDocument.Statement) expect(statement.Effect).toBe('Deny');
    }
  });
});

describe('StepstoneEngine props', () => {
  it('sizes the queue, event source and logs from the props when given', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine', {
      workerTimeout: Duration.minutes(2),
      workerBatchSize: 5,
      workerMaxConcurrency: 50,
      maxReceives: 3,
      logRetention: logs.RetentionDays.ONE_WEEK,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 720,
      RedrivePolicy: { deadLetterTargetArn: getAtt(engine.deadLetterQueue), maxReceiveCount: 3 },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 120,
      Environment: { Variables: Match.objectLike({ STEPSTONE_MAX_RECEIVES: '3' }) },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 5,
      ScalingConfig: { MaximumConcurrency: 50 },
    });
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
  });

  it('grants reading as the same function URL permission as starting', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    engine.grantRead(reader);
    const actions = roleStatements(Template.fromStack(stack), reader).map((statement) => statement.Action);
    expect(actions).toEqual(['lambda:InvokeFunctionUrl', 'lambda:InvokeFunction']);
  });

  it('names state machines with their ARN in the stack account and region', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    expect(stack.resolve(engine.stateMachineArn('OrderSaga'))).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':states:us-east-1:123456789012:stateMachine:OrderSaga']],
    });
  });

  it('keeps no payload bucket unless large payloads are asked for', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    Template.fromStack(stack).resourceCountIs('AWS::S3::Bucket', 0);
    expect(engine.payloadBucket).toBeUndefined();
  });

  it('creates a payload bucket with large payloads, expiring with the records, which both functions may use', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine', { largePayloads: true });
    const template = Template.fromStack(stack);
    const bucket = engine.payloadBucket!;
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicAcls: true, RestrictPublicBuckets: true }),
        LifecycleConfiguration: { Rules: [{ Prefix: 'payloads/', ExpirationInDays: 4015, Status: 'Enabled' }] },
      }),
    });
    for (const fn of [engine.workerFunction, engine.apiFunction]) {
      const resource = template.toJSON().Resources[logicalId(fn)];
      expect(resource.Properties.Environment.Variables.STEPSTONE_PAYLOAD_BUCKET).toEqual(ref(bucket));
      expect(roleStatements(template, fn.role!)).toContainEqual({
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: { 'Fn::Join': ['', [getAtt(bucket), '/payloads/*']] },
      });
    }
  });

  it('uses a given payload bucket, with its KMS key', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key');
    const given = new s3.Bucket(stack, 'Given', { encryptionKey: key });
    const engine = new StepstoneEngine(stack, 'Engine', { largePayloads: { bucket: given } });
    const template = Template.fromStack(stack);
    expect(engine.payloadBucket).toBe(given);
    template.resourceCountIs('AWS::S3::Bucket', 1);
    expect(roleStatements(template, engine.workerFunction.role!)).toContainEqual({
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: getAtt(key),
    });
  });
});
