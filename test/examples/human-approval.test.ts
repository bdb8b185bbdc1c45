import { callback, loadWorkflow, type TestWorkflow } from 'stepstone/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import * as handlers from '../../functions/tasks/index.js';

const DEFINITION = new URL('../../definitions/human-approval.asl.json', import.meta.url);
const EXPENSE = { expenseId: 'e-7', amount: 420, approver: 'ana@example.com' };
const DAY_MS = 86_400_000;

describe('human approval (definitions/human-approval.asl.json)', () => {
  let approval: TestWorkflow;
  beforeAll(async () => {
    approval = await loadWorkflow(DEFINITION, { tasks: handlers });
  });

  it('approves the expense when the approver answers yes two hours later', async () => {
    const execution = await approval.run(EXPENSE, {
      tasks: {
        RequestApproval: callback({
          handler: handlers.RequestApproval,
          success: { approved: true, by: 'ana' },
          afterSeconds: 7200,
        }),
      },
    });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toEqual({ expenseId: 'e-7', status: 'APPROVED', by: 'ana' });
    expect(execution.statesEntered()).toEqual(['RequestApproval', 'IsApproved', 'Approved']);
    const [request] = execution.calls('RequestApproval') as Array<Record<string, unknown>>;
    expect(request).toMatchObject({ expenseId: 'e-7', amount: 420, approver: 'ana@example.com' });
    expect(typeof request?.taskToken).toBe('string');
    // The handler's own result is what TaskSubmitted reports; the callback's output is the task's result.
    const [submitted] = execution.events('TaskSubmitted');
    const details = submitted?.taskSubmittedEventDetails as { output: string } | undefined;
    expect(JSON.parse(details?.output ?? 'null')).toMatchObject({
      Payload: { sentTo: 'ana@example.com', expenseId: 'e-7', approveWith: request?.taskToken },
    });
    expect(execution.stateOutput('RequestApproval')).toEqual({ ...EXPENSE, decision: { approved: true, by: 'ana' } });
    const [succeeded] = execution.events('TaskSucceeded');
    expect(execution.elapsedMs(succeeded)).toBe(7_200_000);
    expect(execution.callCount('NotifyManager')).toBe(0);
  });

  it('fails with Expense.Rejected when the approver answers no', async () => {
    const execution = await approval.run(EXPENSE, {
      tasks: { RequestApproval: callback({ success: { approved: false, by: 'ana' }, afterSeconds: 60 }) },
    });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Expense.Rejected');
    expect(execution.cause).toBe('The approver rejected the expense.');
    expect(execution.statesEntered()).toEqual(['RequestApproval', 'IsApproved', 'Rejected']);
  });

  it('escalates to the manager and fails with Expense.ApprovalExpired when nobody answers within a day', async () => {
    const execution = await approval.run(EXPENSE);
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Expense.ApprovalExpired');
    expect(execution.statesEntered()).toEqual(['RequestApproval', 'Escalate', 'Expired']);
    const [timedOut] = execution.events('TaskTimedOut');
    expect(timedOut?.taskTimedOutEventDetails).toMatchObject({ error: 'States.Timeout' });
    expect(execution.elapsedMs(timedOut)).toBe(DAY_MS);
    expect(execution.calls('NotifyManager')).toEqual([{ expenseId: 'e-7', reason: 'No decision within 24 hours' }]);
    expect(execution.stateInput('Escalate')).toMatchObject({ ...EXPENSE, error: { Error: 'States.Timeout' } });
  });
});
