// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ASL placeholders are literal `${Name}` strings.
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_TASKS, type ExampleTask, StepstoneExampleStack } from '../../cdk/lib/example-stack.js';
import { expectNoWildcardActions, getAtt, roleStatements, testApp } from './support.js';

afterEach(expectNoWildcardActions);

describe('StepstoneExampleStack', () => {
  let stack: StepstoneExampleStack;
  let template: Template;

  beforeAll(() => {
    stack = new StepstoneExampleStack(testApp(), 'Stepstone', {
      env: { account: '123456789012', region: 'us-east-1' },
    });
    template = Template.fromStack(stack);
  });

  it('deploys one function per task handler export, called by its export name', () => {
    const handlers = Object.values(template.findResources('AWS::Lambda::Function')).map(
      (fn) => fn.Properties.Handler as string,
    );
    expect(handlers.sort()).toEqual(
      [
        'index.ChargePayment',
        'index.NotifyManager',
        'index.RefundPayment',
        'index.ReleaseInventory',
        'index.RequestApproval',
        'index.ReserveInventory',
        'index.ResizeImage',
        'index.ShipOrder',
        // worker, API, registrar
        'index.handler',
        'index.handler',
        'index.handler',
      ].sort(),
    );
  });

  it('registers the three example workflows by name', () => {
    template.resourceCountIs('Custom::StepstoneStateMachine', 3);
    for (const name of ['OrderSaga', 'FanOut', 'HumanApproval']) {
      template.hasResourceProperties('Custom::StepstoneStateMachine', {
        StateMachineArn: {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:states:us-east-1:123456789012:stateMachine:${name}`]],
        },
        Type: 'STANDARD',
      });
      template.hasOutput(`${name}Arn`, Match.anyValue());
    }
  });

  it('substitutes the callback function into lambda:invoke.waitForTaskToken parameters', () => {
    const approval = template.findResources('Custom::StepstoneStateMachine', {
      Properties: {
        StateMachineArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('HumanApproval$')])] },
      },
    });
    const definition = JSON.stringify(Object.values(approval)[0]?.Properties.Definition);
    expect(definition).toContain(
      `"FunctionName\\":\\"",${JSON.stringify(getAtt(stack.tasks.RequestApproval))},"\\",\\"Payload`,
    );
    expect(definition).not.toContain('${RequestApproval}');
  });

  it('lets the worker invoke exactly the eight task functions', () => {
    const invoke = roleStatements(template, stack.engine.workerFunction.role!).filter(
      (statement) => statement.Action === 'lambda:InvokeFunction',
    );
    const tasks = Object.keys(EXAMPLE_TASKS) as ExampleTask[];
    expect(invoke).toEqual([
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: tasks.map((task) => getAtt(stack.tasks[task])) },
    ]);
  });

  it('gives the task functions no permission beyond their own logs', () => {
    for (const task of Object.keys(EXAMPLE_TASKS) as ExampleTask[]) {
      const fn = stack.tasks[task];
      expect(roleStatements(template, fn.role!)).toEqual([
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: getAtt(fn.logGroup),
        },
      ]);
    }
  });

  it('outputs the API URL, the table and the queues', () => {
    template.hasOutput('ApiUrl', { Value: getAtt(stack.engine.apiUrl, 'FunctionUrl') });
    for (const output of ['TableName', 'QueueUrl', 'DeadLetterQueueUrl']) template.hasOutput(output, Match.anyValue());
  });
});
