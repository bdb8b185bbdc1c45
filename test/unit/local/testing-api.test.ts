import { describe, expect, it } from 'vitest';
import { delayed, returns, sequence, testWorkflow, throws } from '../../../src/testing.js';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:';

const LOOP = {
  StartAt: 'Count',
  States: {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a DefinitionSubstitutions placeholder
    Count: { Type: 'Task', Resource: '${Counter}', ResultPath: '$.n', Next: 'Enough?' },
    'Enough?': {
      Type: 'Choice',
      Choices: [{ Variable: '$.n', NumericGreaterThanEquals: 3, Next: 'Done' }],
      Default: 'Count',
    },
    Done: { Type: 'Succeed' },
  },
};

describe('stepstone/testing stubs', () => {
  it('answers call n with outcome n of a sequence, repeating the last', async () => {
    const execution = await testWorkflow(LOOP).run(
      {},
      { tasks: { Counter: sequence(returns(1), returns(2), returns(3)) } },
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.callCount('Counter')).toBe(3);
    const repeated = await testWorkflow(LOOP).run({}, { tasks: { Counter: sequence(returns(0), returns(5)) } });
    expect(repeated.callCount('Counter')).toBe(2);
  });

  it('fails a task as a Lambda function error named by throws()', async () => {
    const execution = await testWorkflow(LOOP).run({}, { tasks: { Counter: throws('Counter.Broken', 'no more') } });
    expect(execution.error).toBe('Counter.Broken');
    expect(JSON.parse(execution.cause ?? '')).toMatchObject({ errorType: 'Counter.Broken', errorMessage: 'no more' });
  });

  it('takes engine time with delayed(), then answers as its outcome', async () => {
    const execution = await testWorkflow(LOOP).run({}, { tasks: { Counter: delayed(60, returns(3)) } });
    expect(execution.output).toEqual({ n: 3 });
    expect(execution.elapsedMs()).toBe(60_000);
  });

  it('lets run options replace the workflow stubs by name', async () => {
    const workflow = testWorkflow(LOOP, { tasks: { Counter: returns(3) } });
    expect((await workflow.run({})).output).toEqual({ n: 3 });
    expect((await workflow.run({}, { tasks: { Counter: returns(4) } })).output).toEqual({ n: 4 });
  });

  it('tells a stub its call number', async () => {
    const execution = await testWorkflow(LOOP).run({}, { tasks: { Counter: (_p, context) => context.call + 1 } });
    expect(execution.callCount('Counter')).toBe(3);
  });

  it('refuses an empty sequence', () => {
    expect(() => sequence()).toThrow('sequence() needs at least one outcome');
  });
});

describe('stepstone/testing executions', () => {
  const NESTED = {
    StartAt: 'Prepare',
    States: {
      Prepare: { Type: 'Pass', Result: [1, 2], ResultPath: '$.items', Next: 'Each' },
      Each: {
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrency: 1,
        ItemProcessor: { StartAt: 'Double', States: { Double: { Type: 'Task', Resource: `${FN}Double`, End: true } } },
        End: true,
      },
    },
  };
  const double = (n: unknown) => (n as number) * 2;

  it('lists the states entered in history order, nested ones included', async () => {
    const execution = await testWorkflow(NESTED).run({}, { tasks: { Double: double } });
    expect(execution.statesEntered()).toEqual(['Prepare', 'Each', 'Double', 'Double']);
  });

  it('gives the input and output of the n-th entry into a state', async () => {
    const execution = await testWorkflow(NESTED).run({ a: 1 }, { tasks: { Double: double } });
    expect(execution.stateInput('Prepare')).toEqual({ a: 1 });
    expect(execution.stateOutput('Prepare')).toEqual({ a: 1, items: [1, 2] });
    expect(execution.stateInput('Double', 1)).toBe(2);
    expect(execution.stateOutput('Double', 1)).toBe(4);
    expect(execution.output).toEqual([2, 4]);
    expect(() => execution.stateInput('Double', 2)).toThrow("state 'Double' has no entry #2 in the history");
    expect(() => execution.stateOutput('Nowhere')).toThrow("state 'Nowhere' has no exit #0 in the history");
  });

  it('records the payloads of each task call, and none for a task never called', async () => {
    const execution = await testWorkflow(NESTED).run({}, { tasks: { Double: double } });
    expect(execution.calls('Double')).toEqual([1, 2]);
    expect(execution.calls('Other')).toEqual([]);
    expect(execution.callCount('Other')).toBe(0);
  });

  it('names the execution and state machine in the execution ARN', async () => {
    const workflow = testWorkflow(NESTED, { stateMachineName: 'Doubler', tasks: { Double: double } });
    const execution = await workflow.run({}, { name: 'run-1' });
    expect(execution.executionArn).toBe('arn:aws:states:us-east-1:123456789012:execution:Doubler:run-1');
  });

  it('exposes the validated definition', () => {
    expect(testWorkflow(NESTED).definition.States.Each?.Type).toBe('Map');
  });
});

describe('stateMachines of a test workflow', () => {
  const parent = (resource: string, stateMachineArn: string) => ({
    StartAt: 'Charge',
    States: {
      Charge: {
        Type: 'Task',
        Resource: resource,
        Parameters: { StateMachineArn: stateMachineArn, Input: { 'amount.$': '$.amount' } },
        OutputPath: '$.Output',
        End: true,
      },
    },
  });
  const child = {
    StartAt: 'Card',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a DefinitionSubstitutions placeholder
    States: { Card: { Type: 'Task', Resource: '${ChargeCard}', End: true } },
  };

  it('runs a parent and its child, registered by name, with the same stubs', async () => {
    const arn = 'arn:aws:states:us-east-1:123456789012:stateMachine:Payments';
    const execution = await testWorkflow(parent('arn:aws:states:::states:startExecution.sync:2', arn), {
      stateMachines: { Payments: child },
    }).run(
      { amount: 5 },
      { tasks: { ChargeCard: (payload) => ({ charged: (payload as { amount: number }).amount }) } },
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toEqual({ charged: 5 });
    expect(execution.calls('ChargeCard')).toEqual([{ amount: 5 }]);
  });

  it('takes a child by ARN in the test account, and says which ARN when it is in another', async () => {
    const arn = 'arn:aws:states:us-east-1:123456789012:stateMachine:Payments';
    const workflow = testWorkflow(parent('arn:aws:states:::states:startExecution.sync:2', arn));
    const ok = await workflow.run(
      { amount: 1 },
      { stateMachines: { [arn]: child }, tasks: { ChargeCard: returns({ charged: 1 }) } },
    );
    expect(ok.output).toEqual({ charged: 1 });
    await expect(
      workflow.run({}, { stateMachines: { 'arn:aws:states:eu-west-1:999999999999:stateMachine:Payments': child } }),
    ).rejects.toThrow(/registers state machines in us-east-1 and account 123456789012/);
  });
});
