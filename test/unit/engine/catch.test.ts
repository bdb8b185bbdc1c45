import { describe, expect, it } from 'vitest';
import { delayed, returns, testWorkflow, throws } from '../../../src/testing.js';
import { lambda } from './helpers.js';

/** Work, caught into Handled; Handled passes its input through. */
function caught(catcher: Record<string, unknown>, task: Record<string, unknown> = {}): object {
  return {
    StartAt: 'Work',
    States: {
      Work: { Type: 'Task', Resource: lambda('Work'), Catch: [{ Next: 'Handled', ...catcher }], End: true, ...task },
      Handled: { Type: 'Pass', End: true },
    },
  };
}

const INPUT = { orderId: 'o-1', nested: { keep: true } };

describe('Catch on the embedded engine', () => {
  it('puts the error output beside the input at ResultPath', async () => {
    const workflow = testWorkflow(caught({ ErrorEquals: ['States.ALL'], ResultPath: '$.failure' }));
    const execution = await workflow.run(INPUT, { tasks: { Work: throws('Custom.Error', 'it broke') } });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.statesEntered()).toEqual(['Work', 'Handled']);
    const output = execution.output as { orderId: string; nested: unknown; failure: { Error: string; Cause: string } };
    expect(output.orderId).toBe('o-1');
    expect(output.nested).toEqual({ keep: true });
    expect(output.failure.Error).toBe('Custom.Error');
    expect(JSON.parse(output.failure.Cause)).toMatchObject({ errorType: 'Custom.Error', errorMessage: 'it broke' });
  });

  it('replaces the input with the error output when ResultPath is absent', async () => {
    const workflow = testWorkflow(caught({ ErrorEquals: ['Custom.Error'] }));
    const execution = await workflow.run(INPUT, { tasks: { Work: throws('Custom.Error') } });
    expect(Object.keys(execution.output as object).sort()).toEqual(['Cause', 'Error']);
    expect(execution.output).toMatchObject({ Error: 'Custom.Error' });
  });

  it('passes the input on unchanged when ResultPath is null', async () => {
    const workflow = testWorkflow(caught({ ErrorEquals: ['States.ALL'], ResultPath: null }));
    const execution = await workflow.run(INPUT, { tasks: { Work: throws('Custom.Error') } });
    expect(execution.output).toEqual(INPUT);
  });

  it('retries before catching: the catcher sees the last attempt error', async () => {
    const workflow = testWorkflow(
      caught(
        { ErrorEquals: ['States.ALL'], ResultPath: '$.failure' },
        { Retry: [{ ErrorEquals: ['Busy'], MaxAttempts: 2 }] },
      ),
    );
    const execution = await workflow.run(INPUT, { tasks: { Work: throws('Busy') } });
    expect(execution.callCount('Work')).toBe(3);
    expect(execution.output).toMatchObject({ failure: { Error: 'Busy' } });
  });

  it('fails the execution with the task error when no catcher matches', async () => {
    const workflow = testWorkflow(caught({ ErrorEquals: ['Other.Error'] }));
    const execution = await workflow.run(INPUT, { tasks: { Work: throws('Custom.Error') } });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Custom.Error');
    expect(execution.statesEntered()).toEqual(['Work']);
  });
});

describe('States.TaskFailed and States.Timeout', () => {
  const definition = {
    StartAt: 'Work',
    States: {
      Work: {
        Type: 'Task',
        Resource: lambda('Work'),
        TimeoutSeconds: 5,
        Catch: [
          { ErrorEquals: ['States.TaskFailed'], Next: 'Broken' },
          { ErrorEquals: ['States.Timeout'], Next: 'Late' },
        ],
        End: true,
      },
      Broken: { Type: 'Pass', End: true },
      Late: { Type: 'Pass', End: true },
    },
  };

  it('catches a task error with States.TaskFailed', async () => {
    const execution = await testWorkflow(definition).run({}, { tasks: { Work: throws('Custom.Error') } });
    expect(execution.statesEntered()).toEqual(['Work', 'Broken']);
  });

  it('does not catch a timeout with States.TaskFailed, but with States.Timeout', async () => {
    const execution = await testWorkflow(definition).run({}, { tasks: { Work: delayed(10) } });
    expect(execution.statesEntered()).toEqual(['Work', 'Late']);
    expect(execution.output).toEqual({ Error: 'States.Timeout', Cause: '' });
  });

  it('does not retry a timeout with a States.TaskFailed retrier', async () => {
    const workflow = testWorkflow({
      StartAt: 'Work',
      States: {
        Work: {
          Type: 'Task',
          Resource: lambda('Work'),
          TimeoutSeconds: 5,
          Retry: [{ ErrorEquals: ['States.TaskFailed'], MaxAttempts: 3 }],
          End: true,
        },
      },
    });
    const timedOut = await workflow.run({}, { tasks: { Work: delayed(10) } });
    expect(timedOut.error).toBe('States.Timeout');
    expect(timedOut.callCount('Work')).toBe(1);
    const failed = await workflow.run({}, { tasks: { Work: throws('Custom.Error') } });
    expect(failed.callCount('Work')).toBe(4);
    const fine = await workflow.run({}, { tasks: { Work: returns('ok') } });
    expect(fine.output).toBe('ok');
  });

  it("quotes the real id of the event the failing state was entered at in a caught error's cause", async () => {
    const workflow = testWorkflow({
      QueryLanguage: 'JSONata',
      StartAt: 'Before',
      States: {
        Before: { Type: 'Pass', Next: 'Work' },
        Work: {
          Type: 'Task',
          Resource: lambda('Work'),
          Arguments: '{% $number("x") %}',
          Catch: [{ ErrorEquals: ['States.QueryEvaluationError'], Next: 'Handled' }],
          End: true,
        },
        Handled: { Type: 'Pass', End: true },
      },
    });
    const execution = await workflow.run({}, { tasks: { Work: returns('unused') } });
    const entered = execution.events('TaskStateEntered')[0]?.id;
    expect(entered).toBe(4);
    const output = execution.output as { Error: string; Cause: string };
    expect(output.Error).toBe('States.QueryEvaluationError');
    expect(output.Cause).toMatch(
      /^An error occurred while executing the state 'Work' \(entered at the event id #4\)\./,
    );
  });

  it("quotes the real event id from inside a Map iteration that ran in its parent's step", async () => {
    const workflow = testWorkflow({
      QueryLanguage: 'JSONata',
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          Items: '{% [1] %}',
          ItemProcessor: {
            StartAt: 'Bad',
            States: { Bad: { Type: 'Pass', Output: '{% $number("x") %}', End: true } },
          },
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handled' }],
          End: true,
        },
        Handled: { Type: 'Pass', End: true },
      },
    });
    const execution = await workflow.run({});
    const entered = execution.events('PassStateEntered')[0]?.id;
    const output = execution.output as { Cause: string };
    expect(output.Cause).toContain(`(entered at the event id #${entered}).`);
    expect(entered).toBeLessThan(20);
  });
});
