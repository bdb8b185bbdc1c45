// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ASL placeholders are literal `${Name}` strings.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { StepstoneEngine } from '../../cdk/lib/stepstone-engine.js';
import { Workflow } from '../../cdk/lib/workflow.js';
import { WorkflowDefinition } from '../../cdk/lib/workflow-definition.js';
import { validateCommand } from '../../src/cli/commands/validate.js';
import { expectNoWildcardActions, getAtt, logicalId, roleStatements, testStack } from './support.js';

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
  it('registers the definition with each placeholder replaced by its function ARN', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    const charge = taskFunction(stack, 'Charge');
    new Workflow(stack, 'Orders', {
      engine,
      definition: WorkflowDefinition.fromObject(CHARGE),
      definitionSubstitutions: { ChargeCard: charge },
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::StepstoneStateMachine', 1);
    template.hasResourceProperties('Custom::StepstoneStateMachine', {
      ServiceToken: getAtt(engine.registrar),
      StateMachineArn: {
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':states:us-east-1:123456789012:stateMachine:Orders']],
      },
      Definition: {
        'Fn::Join': [
          '',
          ['{"StartAt":"Charge","States":{"Charge":{"Type":"Task","Resource":"', getAtt(charge), '","End":true}}}'],
        ],
      },
      Type: 'STANDARD',
    });
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

  it('lists a function named by two workflows once, with every other workflow function', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    const [charge, ship] = [taskFunction(stack, 'Charge'), taskFunction(stack, 'Ship')];
    new Workflow(stack, 'A', {
      engine,
      definition: WorkflowDefinition.fromObject(CHARGE),
      definitionSubstitutions: { ChargeCard: charge },
    });
    new Workflow(stack, 'B', {
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
    template.resourceCountIs('Custom::StepstoneStateMachine', 2);
    expect(invokedByWorker(template, engine)).toEqual([getAtt(charge), getAtt(ship)]);
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

  it('gives the registration function only GetItem and PutItem on the table', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    new Workflow(stack, 'Orders', {
      engine,
      definition: WorkflowDefinition.fromObject(CHARGE),
      definitionSubstitutions: { ChargeCard: taskFunction(stack, 'Charge') },
    });
    const template = Template.fromStack(stack);
    expect(roleStatements(template, engine.registrar.role!)).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: getAtt(engine.registrar.logGroup),
      },
      { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: getAtt(engine.table) },
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('registration'),
      Environment: {
        Variables: { STEPSTONE_TABLE: { Ref: logicalId(engine.table) }, STEPSTONE_QUEUE_URL: Match.anyValue() },
      },
    });
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

  it('registers a YAML file with its numeric and boolean placeholders substituted as their types', () => {
    const file = join(import.meta.dirname, '../fixtures/valid/wait-seconds-placeholder.asl.yaml');
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    const send = taskFunction(stack, 'Send');
    new Workflow(stack, 'Reminder', {
      engine,
      definition: WorkflowDefinition.fromFile(file),
      definitionSubstitutions: { ReminderTimeout: 3600, MaxAttempts: 2, Finish: true, SendReminder: send },
    });
    const template = Template.fromStack(stack);
    const [registration] = Object.values(template.findResources('Custom::StepstoneStateMachine'));
    const [, parts] = (registration as { Properties: { Definition: { 'Fn::Join': [string, unknown[]] } } }).Properties
      .Definition['Fn::Join'];
    // The function's ARN is a token between the literal parts: read it as <arn>.
    const text = parts.map((part) => (typeof part === 'string' ? part : '<arn>')).join('');
    expect(JSON.parse(text)).toEqual({
      StartAt: 'Remind',
      States: {
        Remind: { Type: 'Wait', Seconds: 3600, Next: 'Notify' },
        Notify: {
          Type: 'Task',
          Resource: '<arn>',
          Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }],
          End: true,
        },
      },
    });
    expect(parts).toContainEqual(getAtt(send));
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

  it('hands the quotas a workflow lifts to its registration', () => {
    const stack = testStack();
    const engine = new StepstoneEngine(stack, 'Engine');
    new Workflow(stack, 'LongRunning', {
      engine,
      definition: WorkflowDefinition.fromObject({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } }),
      quotas: { historyLimit: false },
    });
    Template.fromStack(stack).hasResourceProperties('Custom::StepstoneStateMachine', {
      Quotas: { HistoryLimit: false },
    });
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
