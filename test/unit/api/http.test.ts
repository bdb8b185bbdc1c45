import { describe, expect, it } from 'vitest';
import { handleHttp } from '../../../src/api/http.js';
import { createLocalEngine } from '../../../src/local/engine.js';
import { registerStateMachine } from '../../../src/runtime/lifecycle.js';

const SM = 'arn:aws:states:us-east-1:123456789012:stateMachine:Greeter';
const definition = {
  StartAt: 'Greet',
  States: {
    Greet: { Type: 'Pass', Parameters: { 'greeting.$': "States.Format('Hello, {}!', $.name)" }, Next: 'Approve' },
    Approve: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'Notify', Payload: { 'token.$': '$$.Task.Token' } },
      ResultPath: '$.approval',
      End: true,
    },
  },
};

async function setUp() {
  let token: string | undefined;
  const engine = createLocalEngine({
    tasks: {
      Notify: async (payload) => {
        token = (payload as { token: string }).token;
        return {};
      },
    },
  });
  await registerStateMachine(engine.runtime, { stateMachineArn: SM, definition });
  const call = async (action: string, body: unknown) => {
    const response = await handleHttp(
      { runtime: engine.runtime, account: { region: 'us-east-1', accountId: '123456789012' } },
      {
        rawPath: `/${action}`,
        body: JSON.stringify(body),
        requestContext: { http: { method: 'POST' } },
      },
    );
    return { status: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown> };
  };
  return { engine, call, token: () => token };
}

describe('handleHttp', () => {
  it('starts an execution, completes its task through SendTaskSuccess and describes the result', async () => {
    const { engine, call, token } = await setUp();
    const started = await call('StartExecution', { stateMachineArn: SM, name: 'run-1', input: '{"name":"Ada"}' });
    expect(started.status).toBe(200);
    const executionArn = started.body.executionArn as string;
    expect(executionArn).toBe('arn:aws:states:us-east-1:123456789012:execution:Greeter:run-1');
    // Let the execution reach the callback task.
    await engine.until(
      async () =>
        token() !== undefined && (await engine.store.loadFrame(executionArn, 'root'))?.frame.stage.name === 'task',
    );
    const sent = await call('SendTaskSuccess', { taskToken: token(), output: '{"approved":true}' });
    expect(sent).toEqual({ status: 200, body: {} });
    await engine.settle(executionArn);
    const described = await call('DescribeExecution', { executionArn });
    expect(described.body.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.body.output as string)).toEqual({
      greeting: 'Hello, Ada!',
      approval: { approved: true },
    });
    const history = await call('GetExecutionHistory', { executionArn, reverseOrder: true, maxResults: 1 });
    expect((history.body.events as { type: string }[]).map((e) => e.type)).toEqual(['ExecutionSucceeded']);
    expect(typeof history.body.nextToken).toBe('string');
  });

  it('answers ExecutionDoesNotExist with HTTP 400 and the AWS error shape', async () => {
    const { call } = await setUp();
    const response = await call('DescribeExecution', {
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:Greeter:nope',
    });
    expect(response.status).toBe(400);
    expect(response.body.__type).toBe('ExecutionDoesNotExist');
  });

  it('rejects an unknown state machine, a bad input, a missing field and an unknown action by name', async () => {
    const { call } = await setUp();
    const unknown = await call('StartExecution', { stateMachineArn: `${SM}X` });
    expect(unknown.body.__type).toBe('StateMachineDoesNotExist');
    const badInput = await call('StartExecution', { stateMachineArn: SM, input: '{not json' });
    expect(badInput.body.__type).toBe('InvalidExecutionInput');
    const missing = await call('StopExecution', {});
    expect(missing).toMatchObject({ status: 400, body: { __type: 'ValidationException' } });
    const action = await call('DeleteEverything', {});
    expect(action.body.__type).toBe('UnknownOperationException');
  });

  it('is idempotent by execution name and refuses the same name with another input', async () => {
    const { call } = await setUp();
    const first = await call('StartExecution', { stateMachineArn: SM, name: 'same', input: '{"name":"A"}' });
    const again = await call('StartExecution', { stateMachineArn: SM, name: 'same', input: '{"name":"A"}' });
    expect(again.body.executionArn).toBe(first.body.executionArn);
    const other = await call('StartExecution', { stateMachineArn: SM, name: 'same', input: '{"name":"B"}' });
    expect(other.body.__type).toBe('ExecutionAlreadyExists');
  });

  it('reads the action from X-Amz-Target as the Step Functions JSON protocol sends it', async () => {
    const { engine } = await setUp();
    const response = await handleHttp(
      { runtime: engine.runtime, account: { region: 'us-east-1', accountId: '123456789012' } },
      {
        rawPath: '/',
        headers: { 'X-Amz-Target': 'AWSStepFunctions.ListExecutions' },
        body: JSON.stringify({ stateMachineArn: SM }),
      },
    );
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ executions: [] });
  });
});
