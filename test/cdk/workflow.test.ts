// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ASL placeholders are literal `${Name}` strings.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration, type Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { StepstoneEngine } from '../../cdk/lib/stepstone-engine.js';
import { Workflow } from '../../cdk/lib/workflow.js';
import { WorkflowDefinition } from '../../cdk/lib/workflow-definition.js';
import { validateCommand } from '../../src/cli/commands/validate.js';
import {
  deployedWorkflowsOf,
  expectNoWildcardActions,
  getAtt,
  logicalId,
  registerAsDeployed,
  roleStatements,
  testStack,
} from './support.js';

/** A state machine's ARN in the test stacks' account. */
const ARN = (name: string) => `arn:aws:states:us-east-1:123456789012:stateMachine:${name}`;

/** What a function's ARN starts with in the test stacks' account; its name follows. */
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:';

/** A function with inline code: the tests need its ARN, not its bundle. */
function taskFunction(stack: Stack, id: string): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({})'),
  });
}

/** The worker's `lambda:InvokeFunction` resources, or undefined when it has no such statement. */
function invokedByWorker(template: Template, engine: StepstoneEngine): unknown {
  const statement = roleStatements(template, engine.workerFunction.role!).find(
    (s) => s.Action === 'lambda:InvokeFunction',
  );
  return statement?.Resource;
}

const CHARGE = {
  StartAt: 'Charge',
  States: { Charge: { Type: 'Task', Resource: '${ChargeCard}', End: true } },
};

afterEach(expectNoWildcardActions);

describe('Workflow', () => {
  it('deploys the definition as an asset that the API registers with each placeholder as its function ARN', async () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    const charge = taskFunction(stack, 'Charge');
    const orders = new Workflow(stack, 'Orders', {
      engine,
      definition: WorkflowDefinition.fromObject(CHARGE),
      definitionSubstitutions: { ChargeCard: charge },
    });
    const template = Template.fromStack(stack);
    // No custom resource: LocalStack's free edition skips them, and AWS needs none.
    expect(Object.values(template.toJSON().Resources).map((r) => (r as { Type: string }).Type)).not.toContainEqual(
      expect.stringMatching(/^(Custom::|AWS::CloudFormation::CustomResource)/),
    );
    const { deployed, read } = deployedWorkflowsOf(template, engine, [orders]);
    expect(deployed).toEqual({
      workflows: {
        Orders: expect.stringMatching(/^s3:\/\/cdk-hnb659fds-assets-123456789012-us-east-1\/[0-9a-f]{64}\.json$/),
      },
      functions: [`<${logicalId(charge)}>`],
    });
    expect(JSON.parse(await read(deployed.workflows.Orders!))).toEqual({
      definition: JSON.stringify(CHARGE),
      type: 'STANDARD',
      functions: { ChargeCard: 0 },
    });

    const store = await registerAsDeployed(template, engine, [orders]);
    const machine = await store.getStateMachine(ARN('Orders'));
    expect(machine).toMatchObject({ name: 'Orders', type: 'STANDARD' });
    expect(JSON.parse((await store.getDefinition(machine!.definitionHash))!)).toEqual({
      StartAt: 'Charge',
      States: {
        Charge: { Type: 'Task', Resource: `${FUNCTION_ARN}<${logicalId(charge)}>`, End: true },
      },
    });
  });

  it('refers to a function of another stack or account by its ARN', async () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    const audit = lambda.Function.fromFunctionArn(
      stack,
      'Audit',
      'arn:aws:lambda:eu-west-1:111122223333:function:Audit',
    );
    const orders = new Workflow(stack, 'Orders', {
      engine,
      definition: WorkflowDefinition.fromObject(CHARGE),
      definitionSubstitutions: { ChargeCard: audit },
    });
    const template = Template.fromStack(stack);
    expect(deployedWorkflowsOf(template, engine, [orders]).deployed.functions).toEqual([
      'arn:aws:lambda:eu-west-1:111122223333:function:Audit',
    ]);
    const store = await registerAsDeployed(template, engine, [orders]);
    const machine = await store.getStateMachine(ARN('Orders'));
    expect(await store.getDefinition(machine!.definitionHash)).toContain(
      '"Resource":"arn:aws:lambda:eu-west-1:111122223333:function:Audit"',
    );
  });

  it('refuses a second workflow of the same name on one engine', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    const definition = WorkflowDefinition.fromObject({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } });
    new Workflow(stack, 'Orders', { engine, definition });
    expect(() => new Workflow(stack, 'Other', { engine, definition, stateMachineName: 'Orders' })).toThrow(
      "The engine already has a workflow named 'Orders'",
    );
  });

  it('fails the synth when the API environment may outgrow Lambda’s 4 KB', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    const states: Record<string, object> = {};
    const substitutions: Record<string, lambda.IFunction> = {};
    for (let i = 0; i < 60; i++) {
      states[`S${i}`] = { Type: 'Task', Resource: `\${F${i}}`, ...(i < 59 ? { Next: `S${i + 1}` } : { End: true }) };
      substitutions[`F${i}`] = taskFunction(stack, `F${i}`);
    }
    new Workflow(stack, 'Long', {
      engine,
      definition: WorkflowDefinition.fromObject({ StartAt: 'S0', States: states }),
      definitionSubstitutions: substitutions,
    });
    expect(() => Template.fromStack(stack)).toThrow(
      /The functions' environments may exceed Lambda's 4096 bytes \(up to \d+\) with 1 workflows and 60 task functions/,
    );
  });

  it('lets the worker invoke exactly the functions its Task states name', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    const charge = taskFunction(stack, 'Charge');
    const other = taskFunction(stack, 'Other');
    new Workflow(stack, 'Orders', {
      engine,
      definition: WorkflowDefinition.fromObject(CHARGE),
      definitionSubstitutions: { ChargeCard: charge },
    });
    const template = Template.fromStack(stack);
    expect(invokedByWorker(template, engine)).toEqual(getAtt(charge));
    expect(JSON.stringify(roleStatements(template, engine.workerFunction.role!))).not.toContain(logicalId(other));
  });

  it('finds functions in lambda:invoke parameters, Parallel branches and Map item processors', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    const [ask, left, item] = [taskFunction(stack, 'Ask'), taskFunction(stack, 'Left'), taskFunction(stack, 'Item')];
    new Workflow(stack, 'Nested', {
      engine,
      definition: WorkflowDefinition.fromObject({
        StartAt: 'Ask',
        States: {
          Ask: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
            Parameters: { FunctionName: '${Ask}', Payload: { 'token.$': '$$.Task.Token' } },
            Next: 'Both',
          },
          Both: {
            Type: 'Parallel',
            Branches: [{ StartAt: 'L', States: { L: { Type: 'Task', Resource: '${Left}', End: true } } }],
            Next: 'Each',
          },
          Each: {
            Type: 'Map',
            ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Task', Resource: '${Item}', End: true } } },
            End: true,
          },
        },
      }),
      definitionSubstitutions: { Ask: ask, Left: left, Item: item },
    });
    const template = Template.fromStack(stack);
    expect(invokedByWorker(template, engine)).toEqual([getAtt(ask), getAtt(left), getAtt(item)]);
  });

  it('lists a function named by two workflows once, with every other workflow function', async () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    const [charge, ship] = [taskFunction(stack, 'Charge'), taskFunction(stack, 'Ship')];
    const a = new Workflow(stack, 'A', {
      engine,
      definition: WorkflowDefinition.fromObject(CHARGE),
      definitionSubstitutions: { ChargeCard: charge },
    });
    const b = new Workflow(stack, 'B', {
      engine,
      definition: WorkflowDefinition.fromObject({
        StartAt: 'Charge',
        States: {
          Charge: { Type: 'Task', Resource: '${ChargeCard}', Next: 'Ship' },
          Ship: { Type: 'Task', Resource: '${Ship}', End: true },
        },
      }),
      definitionSubstitutions: { ChargeCard: charge, Ship: ship },
    });
    const template = Template.fromStack(stack);
    expect(invokedByWorker(template, engine)).toEqual([getAtt(charge), getAtt(ship)]);
    const { deployed } = deployedWorkflowsOf(template, engine, [a, b]);
    expect(Object.keys(deployed.workflows)).toEqual(['A', 'B']);
    expect(deployed.functions).toEqual([`<${logicalId(charge)}>`, `<${logicalId(ship)}>`]);
    expect(b.document.functions).toEqual({ ChargeCard: 0, Ship: 1 });
    const store = await registerAsDeployed(template, engine, [a, b]);
    expect((await store.getStateMachine(ARN('A')))?.definitionHash).toBeDefined();
    expect((await store.getStateMachine(ARN('B')))?.definitionHash).toBeDefined();
  });

  it('grants a literal function ARN or name in the stack account and region', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    new Workflow(stack, 'Literal', {
      engine,
      definition: WorkflowDefinition.fromObject({
        StartAt: 'A',
        States: {
          A: { Type: 'Task', Resource: 'arn:aws:lambda:eu-west-1:111122223333:function:Audit', Next: 'B' },
          B: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'Notify', Payload: {} },
            End: true,
          },
        },
      }),
    });
    const template = Template.fromStack(stack);
    expect(invokedByWorker(template, engine)).toEqual([
      'arn:aws:lambda:eu-west-1:111122223333:function:Audit',
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':lambda:us-east-1:123456789012:function:Notify']] },
    ]);
  });

  it('warns and grants nothing when a state chooses its function at run time', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    const workflow = new Workflow(stack, 'Dynamic', {
      engine,
      definition: WorkflowDefinition.fromObject({
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { 'FunctionName.$': '$.fn', Payload: {} },
            End: true,
          },
        },
      }),
    });
    const template = Template.fromStack(stack);
    expect(invokedByWorker(template, engine)).toBeUndefined();
    Annotations.fromStack(stack).hasWarning(
      `/${workflow.node.path}`,
      Match.stringLikeRegexp("State 'Call' chooses its function at run time"),
    );
  });

  it('warns about a substitution the definition does not use', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    const workflow = new Workflow(stack, 'Orders', {
      engine,
      definition: WorkflowDefinition.fromObject(CHARGE),
      definitionSubstitutions: { ChargeCard: taskFunction(stack, 'Charge'), Refund: taskFunction(stack, 'Refund') },
    });
    Annotations.fromStack(stack).hasWarning(
      `/${workflow.node.path}`,
      Match.stringLikeRegexp('definitionSubstitutions.Refund is not used'),
    );
  });

  it('lets the API and the worker read exactly the workflows’ documents and names them in both, and adds no function', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    const definition = WorkflowDefinition.fromObject({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } });
    const a = new Workflow(stack, 'A', { engine, definition });
    const b = new Workflow(stack, 'B', {
      engine,
      definition: WorkflowDefinition.fromObject(CHARGE),
      definitionSubstitutions: { ChargeCard: taskFunction(stack, 'Charge') },
    });
    const template = Template.fromStack(stack);
    const objectArn = (workflow: Workflow) =>
      stack.resolve(workflow.documentAsset.bucket.arnForObjects(workflow.documentAsset.s3ObjectKey));
    const functions = template.findResources('AWS::Lambda::Function');
    for (const fn of [engine.apiFunction, engine.workerFunction]) {
      const reads = roleStatements(template, fn.role!).filter((s) => JSON.stringify(s.Action).includes('s3:'));
      expect(reads).toEqual([{ Effect: 'Allow', Action: 's3:GetObject', Resource: [objectArn(a), objectArn(b)] }]);
      const variables = functions[logicalId(fn)]?.Properties.Environment.Variables;
      expect(variables?.STEPSTONE_WORKFLOWS).toBeDefined();
    }
    // The worker, the API and the task function.
    template.resourceCountIs('AWS::Lambda::Function', 3);
  });
});

describe('Workflow validation', () => {
  const INVALID = `{
  "StartAt": "Charge",
  "States": {
    "Charge": { "Type": "Task", "Resource": "\${ChargeCard}", "Next": "Ship" }
  }
}
`;

  it('fails the synth with the diagnostics stepstone validate prints, naming state, field and code', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'stepstone-cdk-')), 'invalid.asl.json');
    writeFileSync(file, INVALID);
    let printed = '';
    const exit = await validateCommand([file], { stdout: (text) => (printed += text), stderr: () => {} });
    const cliLines = printed.split('\n').filter((line) => line.startsWith(`${file}:`));
    expect(exit).toBe(1);
    expect(cliLines).toEqual([expect.stringMatching(/^.*:4:\d+ {2}State 'Charge' › Next: .*\[NEXT_NOT_FOUND\]$/)]);

    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    new Workflow(stack, 'Orders', {
      engine,
      definition: WorkflowDefinition.fromFile(file),
      definitionSubstitutions: { ChargeCard: taskFunction(stack, 'Charge') },
    });
    let message = '';
    try {
      Template.fromStack(stack);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("Invalid state machine definition of 'Orders' (1 problem)");
    expect(message).toContain(cliLines[0]);
  });

  it('registers a YAML file with its numeric and boolean placeholders substituted as their types', async () => {
    const file = join(import.meta.dirname, '../fixtures/valid/wait-seconds-placeholder.asl.yaml');
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    const send = taskFunction(stack, 'Send');
    const reminder = new Workflow(stack, 'Reminder', {
      engine,
      definition: WorkflowDefinition.fromFile(file),
      definitionSubstitutions: { ReminderTimeout: 3600, MaxAttempts: 2, Finish: true, SendReminder: send },
    });
    const template = Template.fromStack(stack);
    const store = await registerAsDeployed(template, engine, [reminder]);
    const text = await store.getDefinition((await store.getStateMachine(ARN('Reminder')))!.definitionHash);
    expect(JSON.parse(text!)).toEqual({
      StartAt: 'Remind',
      States: {
        Remind: { Type: 'Wait', Seconds: 3600, Next: 'Notify' },
        Notify: {
          Type: 'Task',
          Resource: `${FUNCTION_ARN}<${logicalId(send)}>`,
          Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }],
          End: true,
        },
      },
    });
  });

  it('fails the synth when a placeholder value is of a type its field refuses', () => {
    const file = join(import.meta.dirname, '../fixtures/valid/wait-seconds-placeholder.asl.yaml');
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    new Workflow(stack, 'Reminder', {
      engine,
      definition: WorkflowDefinition.fromFile(file),
      definitionSubstitutions: {
        ReminderTimeout: 'an hour',
        MaxAttempts: 2,
        Finish: true,
        SendReminder: taskFunction(stack, 'Send'),
      },
    });
    expect(() => Template.fromStack(stack)).toThrow(
      /wait-seconds-placeholder\.asl\.yaml:6:5 {2}State 'Remind' › Seconds/,
    );
  });

  it('hands the quotas a workflow lifts and its type to its registration', async () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    const workflow = new Workflow(stack, 'LongRunning', {
      engine,
      definition: WorkflowDefinition.fromObject({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } }),
      stateMachineType: 'EXPRESS',
      quotas: { historyLimit: false },
    });
    const store = await registerAsDeployed(Template.fromStack(stack), engine, [workflow]);
    expect(await store.getStateMachine(ARN('LongRunning'))).toMatchObject({
      type: 'EXPRESS',
      quotas: { historyLimit: false },
    });
  });

  it('hands its retention to its registration, and keeps the engine default without one', async () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    const done = WorkflowDefinition.fromObject({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } });
    const kept = new Workflow(stack, 'Kept', { engine, definition: done, retention: Duration.days(7) });
    const plain = new Workflow(stack, 'Plain', { engine, definition: done });
    expect(kept.document.retentionSeconds).toBe(7 * 24 * 3600);
    expect(plain.document).not.toHaveProperty('retentionSeconds');
    const store = await registerAsDeployed(Template.fromStack(stack), engine, [kept, plain]);
    expect((await store.getStateMachine(ARN('Kept')))?.retentionSeconds).toBe(604_800);
    expect((await store.getStateMachine(ARN('Plain')))?.retentionSeconds).toBeUndefined();
  });

  it.each([
    [Duration.minutes(59), '3540'],
    [Duration.days(3651), '315446400'],
    [Duration.millis(3_600_500), '3600.5'],
  ])('fails the synth on a retention out of bounds (%s)', (retention, shown) => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    const definition = WorkflowDefinition.fromObject({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } });
    new Workflow(stack, 'Short', { engine, definition, retention });
    expect(() => Template.fromStack(stack)).toThrow(
      `Workflow 'Short': retention must be a whole number of seconds from 3600 (1 hour) to 315360000 (3,650 days); got ${shown}`,
    );
  });

  it('fails the synth naming a placeholder that has no substitution', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    new Workflow(stack, 'Orders', { engine, definition: WorkflowDefinition.fromObject(CHARGE) });
    expect(() => Template.fromStack(stack)).toThrow(
      /placeholder \$\{ChargeCard\} has no entry in definitionSubstitutions/,
    );
  });

  it('fails the synth on a state machine name Step Functions would refuse', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    new Workflow(stack, 'Orders', {
      engine,
      stateMachineName: 'orders saga',
      definition: WorkflowDefinition.fromObject({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } }),
    });
    expect(() => Template.fromStack(stack)).toThrow(/State machine name 'orders saga' must be/);
  });

  it('reports an object definition by JSON pointer, without line numbers', () => {
    const definition = WorkflowDefinition.fromObject({ StartAt: 'Missing', States: { A: { Type: 'Succeed' } } });
    expect(definition.problems()).toContainEqual(
      expect.stringMatching(/^<definition>:\/StartAt {2}StartAt: .*'Missing'.*\[START_AT_NOT_FOUND\]$/),
    );
  });

  const SCAN = {
    StartAt: 'Scan',
    States: { Scan: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:scan', End: true } },
  };

  it('annotates a resource Stepstone cannot run with the warning stepstone validate prints', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    const workflow = new Workflow(stack, 'Scans', { engine, definition: WorkflowDefinition.fromObject(SCAN) });
    Template.fromStack(stack);
    Annotations.fromStack(stack).hasWarning(
      `/${workflow.node.path}`,
      Match.stringLikeRegexp(
        "^<definition>:/States/Scan/Resource {2}warning: State 'Scan' › Resource: .*dynamodb:scan.*\\[UNSUPPORTED_RESOURCE\\]",
      ),
    );
  });

  it('fails the synth on such a resource when strict', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    new Workflow(stack, 'Scans', { engine, definition: WorkflowDefinition.fromObject(SCAN), strict: true });
    expect(() => Template.fromStack(stack)).toThrow(
      /Invalid state machine definition of 'Scans' \(1 problem\):\n<definition>:\/States\/Scan\/Resource {2}State 'Scan' › Resource: .*\[UNSUPPORTED_RESOURCE\]/,
    );
  });
});
