// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ASL placeholders are literal `${Name}` strings.
import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { StepstoneEngine } from '../../cdk/lib/stepstone-engine.js';
import { Workflow } from '../../cdk/lib/workflow.js';
import { WorkflowDefinition } from '../../cdk/lib/workflow-definition.js';
import { distributedMap } from '../unit/engine/helpers.js';
import { expectNoWildcardActions, logicalId, policyActions, roleStatements, testStack } from './support.js';

afterEach(expectNoWildcardActions);

/** `arn:${AWS::Partition}:<rest>` as a template renders it. */
function partitioned(rest: string): { 'Fn::Join': [string, unknown[]] } {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] };
}

/** A definition of one Task state. */
function oneTask(resource: string, parameters?: Record<string, unknown>): WorkflowDefinition {
  return WorkflowDefinition.fromObject({
    StartAt: 'Call',
    States: {
      Call: { Type: 'Task', Resource: resource, ...(parameters ? { Parameters: parameters } : {}), End: true },
    },
  });
}

/** The worker's policy must hold a statement like `statement`. */
function expectWorkerStatement(stack: Stack, engine: StepstoneEngine, statement: Record<string, unknown>): void {
  Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
    Roles: [{ Ref: logicalId(engine.workerFunction.role!) }],
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Allow', ...statement })]) },
  });
}

describe('Workflow grants', () => {
  it('lets the worker call exactly the action of each integration on the resource its parameters name', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    new Workflow(stack, 'Orders', {
      engine,
      definition: WorkflowDefinition.fromObject({
        StartAt: 'Save',
        States: {
          Save: {
            Type: 'Task',
            Resource: 'arn:aws:states:::dynamodb:putItem',
            Parameters: { TableName: 'orders', 'Item.$': '$.item' },
            Next: 'Queue',
          },
          Queue: {
            Type: 'Task',
            Resource: 'arn:aws:states:::sqs:sendMessage',
            Parameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs', 'MessageBody.$': '$' },
            Next: 'Announce',
          },
          Announce: {
            Type: 'Task',
            Resource: 'arn:aws:states:::events:putEvents',
            Parameters: { Entries: [{ Source: 'orders', DetailType: 'saved', Detail: {} }] },
            Next: 'Read',
          },
          Read: {
            Type: 'Task',
            Resource: 'arn:aws:states:::aws-sdk:s3:getObject',
            Parameters: { Bucket: 'reports', Key: 'daily.json' },
            End: true,
          },
        },
      }),
    });
    expectWorkerStatement(stack, engine, {
      Action: 'dynamodb:PutItem',
      Resource: partitioned(':dynamodb:us-east-1:123456789012:table/orders'),
    });
    expectWorkerStatement(stack, engine, {
      Action: 'sqs:SendMessage',
      Resource: partitioned(':sqs:us-east-1:123456789012:jobs'),
    });
    expectWorkerStatement(stack, engine, {
      Action: 'events:PutEvents',
      Resource: partitioned(':events:us-east-1:123456789012:event-bus/default'),
    });
    expectWorkerStatement(stack, engine, { Action: 's3:GetObject', Resource: partitioned(':s3:::reports/daily.json') });
  });

  it("grants a Glue job run, an ECS task's PassRole and an HTTP Task's connection and secret", () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    const connection = 'arn:aws:events:us-east-1:123456789012:connection/stripe/4a1b';
    const role = 'arn:aws:iam::123456789012:role/app-task';
    new Workflow(stack, 'Jobs', {
      engine,
      definition: WorkflowDefinition.fromObject({
        StartAt: 'Etl',
        States: {
          Etl: {
            Type: 'Task',
            Resource: 'arn:aws:states:::glue:startJobRun',
            Parameters: { JobName: 'etl' },
            Next: 'App',
          },
          App: {
            Type: 'Task',
            Resource: 'arn:aws:states:::ecs:runTask',
            Parameters: { TaskDefinition: 'app:3', Overrides: { TaskRoleArn: role, ExecutionRoleArn: role } },
            Next: 'Charge',
          },
          Charge: {
            Type: 'Task',
            Resource: 'arn:aws:states:::http:invoke',
            Parameters: {
              ApiEndpoint: 'https://api.stripe.com/v1/charges',
              Method: 'POST',
              Authentication: { ConnectionArn: connection },
            },
            End: true,
          },
        },
      }),
    });
    expectWorkerStatement(stack, engine, {
      Action: 'glue:StartJobRun',
      Resource: partitioned(':glue:us-east-1:123456789012:job/etl'),
    });
    expectWorkerStatement(stack, engine, {
      Action: 'ecs:RunTask',
      Resource: partitioned(':ecs:us-east-1:123456789012:task-definition/app:3'),
    });
    expectWorkerStatement(stack, engine, { Action: 'iam:PassRole', Resource: role });
    expectWorkerStatement(stack, engine, { Action: 'events:DescribeConnection', Resource: connection });
    expectWorkerStatement(stack, engine, {
      Action: 'secretsmanager:GetSecretValue',
      Resource: partitioned(':secretsmanager:us-east-1:123456789012:secret:events!connection/stripe/*'),
    });
  });

  it('grants on a resource a placeholder binds to a deployment value (a table of the stack)', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    const table = new dynamodb.Table(stack, 'Orders', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    });
    new Workflow(stack, 'Bound', {
      engine,
      definition: oneTask('arn:aws:states:::dynamodb:putItem', { TableName: '${OrdersTable}', 'Item.$': '$' }),
      definitionSubstitutions: { OrdersTable: table.tableName },
    });
    expectWorkerStatement(stack, engine, {
      Action: 'dynamodb:PutItem',
      Resource: {
        'Fn::Join': [
          '',
          ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:us-east-1:123456789012:table/', { Ref: logicalId(table) }],
        ],
      },
    });
  });

  it('grants nothing for a resource computed at run time, and warns naming the state, the field and the way out', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    const workflow = new Workflow(stack, 'Dynamic', {
      engine,
      definition: oneTask('arn:aws:states:::dynamodb:getItem', { 'TableName.$': '$.table', Key: {} }),
    });
    const template = Template.fromStack(stack);
    expect(roleStatements(template, engine.workerFunction.role!).map((s) => s.Action)).not.toContainEqual(
      'dynamodb:GetItem',
    );
    Annotations.fromStack(stack).hasWarning(
      `/${workflow.node.path}`,
      Match.stringLikeRegexp(
        "State 'Call' computes TableName at run time: the worker may not call dynamodb:GetItem until you name the resources in taskResources",
      ),
    );
  });

  it('grants the actions of such a state on the resources taskResources names', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    const table = 'arn:aws:dynamodb:us-east-1:123456789012:table/archive';
    const workflow = new Workflow(stack, 'Dynamic', {
      engine,
      definition: oneTask('arn:aws:states:::dynamodb:getItem', { 'TableName.$': '$.table', Key: {} }),
      taskResources: { Call: [table] },
    });
    expectWorkerStatement(stack, engine, { Action: 'dynamodb:GetItem', Resource: table });
    expect(Annotations.fromStack(stack).findWarning(`/${workflow.node.path}`, Match.anyValue())).toEqual([]);
  });

  it('grants them with grantTaskResource, and refuses a state that needs no resource named', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    const workflow = new Workflow(stack, 'Dynamic', {
      engine,
      definition: oneTask('arn:aws:states:::sns:publish', { 'TopicArn.$': '$.topic', Message: 'hi' }),
    });
    const grant = workflow.grantTaskResource('Call', 'arn:aws:sns:us-east-1:123456789012:alerts');
    expect(grant.success).toBe(true);
    expectWorkerStatement(stack, engine, {
      Action: 'sns:Publish',
      Resource: 'arn:aws:sns:us-east-1:123456789012:alerts',
    });
    expect(() => workflow.grantTaskResource('Nope', 'arn:aws:sns:us-east-1:123456789012:x')).toThrow(
      "State 'Nope' of workflow 'Dynamic' calls no service integration",
    );
  });

  it('fails the synth when taskResources names a state that calls no integration', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    new Workflow(stack, 'Typo', {
      engine,
      definition: oneTask('arn:aws:states:::dynamodb:getItem', { TableName: 't', Key: {} }),
      taskResources: { Cal: ['arn:aws:dynamodb:us-east-1:123456789012:table/t'] },
    });
    expect(() => Template.fromStack(stack)).toThrow(/taskResources names 'Cal', which is no state/);
  });

  it('puts the resources of several workflows calling the same action in one statement', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    for (const table of ['a', 'b']) {
      new Workflow(stack, `Read${table}`, {
        engine,
        definition: oneTask('arn:aws:states:::dynamodb:getItem', { TableName: table, Key: {} }),
      });
    }
    const reads = roleStatements(Template.fromStack(stack), engine.workerFunction.role!).filter(
      (s) => s.Action === 'dynamodb:GetItem',
    );
    expect(reads).toEqual([
      {
        Effect: 'Allow',
        Action: 'dynamodb:GetItem',
        Resource: [
          partitioned(':dynamodb:us-east-1:123456789012:table/a'),
          partitioned(':dynamodb:us-east-1:123456789012:table/b'),
        ],
      },
    ]);
  });

  it('grants a Lambda task no service action beyond invoking its function', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    const fn = new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({})'),
    });
    new Workflow(stack, 'L', { engine, definition: oneTask('${Fn}'), definitionSubstitutions: { Fn: fn } });
    const actions = roleStatements(Template.fromStack(stack), engine.workerFunction.role!).map((s) => s.Action);
    const bare = testStack();
    const alone = new StepstoneEngine(bare, 'Engine');
    const own = roleStatements(Template.fromStack(bare), alone.workerFunction.role!).map((s) => s.Action);
    // Besides reading the workflow's document, which it registers as the API does.
    expect(actions).toEqual([...own, 'lambda:InvokeFunction', 's3:GetObject']);
  });
});

describe('Workflow grants for a distributed Map', () => {
  /** A definition of one distributed Map `Each` with `fields`. */
  const eachMap = (fields: Record<string, unknown>) => WorkflowDefinition.fromObject(distributedMap(fields));

  it('lets the worker read the object its ItemReader names and write under its ResultWriter prefix', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    new Workflow(stack, 'Orders', {
      engine,
      definition: eachMap({
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' },
          Parameters: { Bucket: 'inputs', Key: 'orders.csv' },
        },
        ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'outputs', Prefix: 'runs' } },
      }),
    });
    expectWorkerStatement(stack, engine, { Action: 's3:GetObject', Resource: partitioned(':s3:::inputs/orders.csv') });
    expectWorkerStatement(stack, engine, { Action: 's3:PutObject', Resource: partitioned(':s3:::outputs/runs/*') });
    const actions = roleStatements(Template.fromStack(stack), engine.workerFunction.role!).flatMap((s) => s.Action);
    // s3:GetObject twice: the reader's object, and the workflow's own document, which the worker registers.
    expect(actions.filter((action) => String(action).startsWith('s3:')).sort()).toEqual([
      's3:GetObject',
      's3:GetObject',
      's3:PutObject',
    ]);
  });

  it('lets a listObjectsV2 reader list its bucket, and an inventory reader read the files its manifest names', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    new Workflow(stack, 'Photos', {
      engine,
      definition: eachMap({
        ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { Bucket: 'photos', Prefix: 'raw/' } },
      }),
    });
    new Workflow(stack, 'Inventory', {
      engine,
      definition: eachMap({
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'MANIFEST' },
          Parameters: { Bucket: 'inventory', Key: 'daily/manifest.json' },
        },
        ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'outputs' } },
      }),
    });
    expectWorkerStatement(stack, engine, { Action: 's3:ListBucket', Resource: partitioned(':s3:::photos') });
    expectWorkerStatement(stack, engine, { Action: 's3:GetObject', Resource: partitioned(':s3:::inventory/*') });
    expectWorkerStatement(stack, engine, { Action: 's3:PutObject', Resource: partitioned(':s3:::outputs/*') });
  });

  it('warns of a bucket computed at run time, and grants on the resources taskResources names for the Map', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    const writer = { Resource: 'arn:aws:states:::s3:putObject', Parameters: { 'Bucket.$': '$.bucket', Prefix: 'x' } };
    const warned = new Workflow(stack, 'Warned', { engine, definition: eachMap({ ResultWriter: writer }) });
    Annotations.fromStack(stack).hasWarning(
      `/${warned.node.path}`,
      Match.stringLikeRegexp(
        "State 'Each' computes Bucket at run time: the worker may not call s3:PutObject until you name the resources in taskResources",
      ),
    );
    const other = testStack();
    const otherEngine = new StepstoneEngine(other, 'Engine');
    const named = new Workflow(other, 'Named', {
      engine: otherEngine,
      definition: eachMap({ ResultWriter: writer }),
      taskResources: { Each: ['arn:aws:s3:::results/*'] },
    });
    expectWorkerStatement(other, otherEngine, { Action: 's3:PutObject', Resource: 'arn:aws:s3:::results/*' });
    expect(Annotations.fromStack(other).findWarning(`/${named.node.path}`, Match.anyValue())).toEqual([]);
  });
});

describe('wildcard actions', () => {
  it('are refused by the engine and found by the policy check', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    expect(() => engine.addTaskPermission(['dynamodb:*'], ['arn:aws:dynamodb:us-east-1:1:table/t'])).toThrow(
      "A task permission names the action 'dynamodb:*': actions must be exact",
    );
    const other = new Stack(stack.node.root, 'Other');
    new iam.Role(other, 'Loose', { assumedBy: new iam.AnyPrincipal() }).addToPolicy(
      new iam.PolicyStatement({ actions: ['s3:Get*'], resources: ['*'] }),
    );
    const found = policyActions(Template.fromStack(other).toJSON());
    expect(found.filter((entry) => entry.includes('*'))).toEqual([expect.stringMatching(/: s3:Get\*$/)]);
    other.node.tryRemoveChild('Loose');
  });
});
