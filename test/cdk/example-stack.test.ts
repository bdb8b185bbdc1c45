// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ASL placeholders are literal `${Name}` strings.
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_TASKS, type ExampleTask, StepstoneExampleStack } from '../../cdk/lib/example-stack.js';
import {
  deployedWorkflowsOf,
  expectNoWildcardActions,
  getAtt,
  logicalId,
  registerAsDeployed,
  roleStatements,
  testApp,
} from './support.js';

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
        // worker, API
        'index.handler',
        'index.handler',
      ].sort(),
    );
  });

  it('registers the three example workflows by name when the API first answers', async () => {
    const workflows = Object.values(stack.workflows);
    const { deployed } = deployedWorkflowsOf(template, stack.engine, workflows);
    expect(Object.keys(deployed.workflows)).toEqual(['OrderSaga', 'FanOut', 'HumanApproval']);
    const store = await registerAsDeployed(template, stack.engine, workflows);
    for (const name of ['OrderSaga', 'FanOut', 'HumanApproval']) {
      const arn = `arn:aws:states:us-east-1:123456789012:stateMachine:${name}`;
      expect(await store.getStateMachine(arn)).toMatchObject({ name, type: 'STANDARD' });
      template.hasOutput(`${name}Arn`, {
        Value: {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:states:us-east-1:123456789012:stateMachine:${name}`]],
        },
      });
    }
  });

  it('substitutes the callback function into lambda:invoke.waitForTaskToken parameters', async () => {
    const store = await registerAsDeployed(template, stack.engine, Object.values(stack.workflows));
    const machine = await store.getStateMachine('arn:aws:states:us-east-1:123456789012:stateMachine:HumanApproval');
    const definition = (await store.getDefinition(machine!.definitionHash))!;
    expect(definition).toContain(
      `"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:<${logicalId(stack.tasks.RequestApproval)}>","Payload`,
    );
    expect(definition).not.toContain('${RequestApproval}');
  });

  it.each(['worker', 'api'] as const)('lets the %s invoke exactly the eight task functions', (name) => {
    const fn = name === 'worker' ? stack.engine.workerFunction : stack.engine.apiFunction;
    const invoke = roleStatements(template, fn.role!).filter(
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
