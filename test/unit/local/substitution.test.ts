import { describe, expect, it } from 'vitest';
import { createLocalEngine } from '../../../src/local/engine.js';
import { returns, testWorkflow } from '../../../src/testing.js';

const GREETING = {
  StartAt: 'Greet',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a DefinitionSubstitutions placeholder
  States: { Greet: { Type: 'Task', Resource: '${Greeter}', Parameters: { 'name.$': '$.name' }, End: true } },
};

// biome-ignore lint/suspicious/noTemplateCurlyInString: a DefinitionSubstitutions placeholder
describe('${Name} placeholders on the embedded engine', () => {
  it('runs the handler registered under the placeholder name', async () => {
    const execution = await testWorkflow(GREETING).run(
      { name: 'Ada' },
      { tasks: { Greeter: (p) => `hello ${(p as { name: string }).name}` } },
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toBe('hello Ada');
  });

  it('names the Lambda function ARN in the account and region in the history', async () => {
    const execution = await testWorkflow(GREETING).run({ name: 'Ada' }, { tasks: { Greeter: returns('hi') } });
    expect(execution.events('LambdaFunctionScheduled')[0]?.lambdaFunctionScheduledEventDetails).toMatchObject({
      resource: 'arn:aws:lambda:us-east-1:123456789012:function:Greeter',
    });
  });

  it('uses an explicit definition substitution instead of the name when one is given', async () => {
    const workflow = testWorkflow(GREETING, {
      definitionSubstitutions: { Greeter: 'arn:aws:lambda:us-east-1:123456789012:function:OtherGreeter' },
    });
    const execution = await workflow.run(
      { name: 'Ada' },
      { tasks: { Greeter: returns('wrong one'), OtherGreeter: returns('other') } },
    );
    expect(execution.output).toBe('other');
    expect(execution.callCount('Greeter')).toBe(0);
  });

  it('substitutes inside Parameters too, e.g. the FunctionName of lambda:invoke', async () => {
    const execution = await testWorkflow({
      StartAt: 'Invoke',
      States: {
        Invoke: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a DefinitionSubstitutions placeholder
          Parameters: { FunctionName: '${Greeter}', Payload: { 'name.$': '$.name' } },
          OutputPath: '$.Payload',
          End: true,
        },
      },
    }).run({ name: 'Ada' }, { tasks: { Greeter: returns({ greeting: 'hi' }) } });
    expect(execution.output).toEqual({ greeting: 'hi' });
    expect(execution.calls('Greeter')).toEqual([{ name: 'Ada' }]);
  });

  it('fails the task with Lambda.ResourceNotFoundException when no handler has the name', async () => {
    const execution = await testWorkflow(GREETING).run({ name: 'Ada' });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Lambda.ResourceNotFoundException');
    expect(execution.cause).toContain('arn:aws:lambda:us-east-1:123456789012:function:Greeter');
  });

  it('uses the engine region and account in the ARN', async () => {
    const engine = createLocalEngine({
      region: 'eu-west-2',
      accountId: '210987654321',
      tasks: { 'arn:aws:lambda:eu-west-2:210987654321:function:Greeter': () => 'by ARN' },
    });
    const result = await engine.run(GREETING, { name: 'Ada' });
    expect(result.output).toBe('by ARN');
  });
});
