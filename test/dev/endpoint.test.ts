/**
 * `stepstone dev` driven by clients nobody here wrote — the AWS CLI, boto3 and `@aws-sdk/client-sfn` —
 * over real HTTP, with the repository's definitions, task handlers and a mock configuration in Step
 * Functions Local's format.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  PublishStateMachineVersionCommand,
  type SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StateMachineDoesNotExist,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as handlers from '../../functions/tasks/index.js';
import { MockConfig } from '../../src/dev/mock-config.js';
import { type DevServer, startDevServer } from '../../src/dev/server.js';
import type { TaskHandler } from '../../src/local/task-invoker.js';
import { aws, awsRaw, boto3, sdk } from './clients.js';

const ARN = 'arn:aws:states:us-east-1:123456789012';
const ROLE = 'arn:aws:iam::123456789012:role/StepFunctions';

const FLAKY = JSON.stringify({
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Result: { prepared: true }, Next: 'Flaky' },
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a placeholder the endpoint substitutes
    Flaky: { Type: 'Task', Resource: '${Flaky}', End: true },
  },
});

const WAITING = JSON.stringify({
  StartAt: 'Before',
  States: {
    Before: { Type: 'Pass', Next: 'Pause' },
    Pause: { Type: 'Wait', Seconds: 2, Next: 'After' },
    After: { Type: 'Pass', Result: 'done', End: true },
  },
});

const MOCKS = MockConfig.parse({
  StateMachines: { Flaky: { TestCases: { FailsOnce: { Flaky: 'DownThenUp' } } } },
  MockedResponses: {
    DownThenUp: {
      '0': { Throw: { Error: 'Service.Unavailable', Cause: 'down for maintenance' } },
      '1': { Return: { recovered: true } },
    },
  },
});

let dir: string;
let server: DevServer;
let client: SFNClient;

function start(database: string): Promise<DevServer> {
  return startDevServer({ database, port: 0, tasks: handlers as unknown as Record<string, TaskHandler>, mocks: MOCKS });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stepstone-dev-'));
  server = await start(join(dir, 'dev.db'));
  client = sdk(server.url);
});

afterAll(async () => {
  client?.destroy();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Waits until an execution is no longer RUNNING. */
async function finished(sfn: SFNClient, executionArn: string): Promise<DescribeExecutionCommandOutput> {
  for (;;) {
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== 'RUNNING') return described;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until an execution's history holds an event of `type`. */
async function reached(sfn: SFNClient, executionArn: string, type: string) {
  for (;;) {
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
    const event = events.find((e) => e.type === type);
    if (event !== undefined) return event;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('stepstone dev', () => {
  it('runs the order saga of definitions/ for the AWS CLI and pages through its history', async () => {
    const created = await aws(
      server.url,
      'create-state-machine',
      '--name',
      'OrderSaga',
      '--definition',
      'file://definitions/order-saga.asl.json',
      '--role-arn',
      ROLE,
    );
    expect(created.stateMachineArn).toBe(`${ARN}:stateMachine:OrderSaga`);
    const startFirstOrder = () =>
      aws(
        server.url,
        'start-execution',
        '--state-machine-arn',
        String(created.stateMachineArn),
        '--name',
        'first-order',
        '--input',
        'file://definitions/order-saga.input.json',
      );
    const started = await startFirstOrder();
    const executionArn = String(started.executionArn);
    expect(executionArn).toBe(`${ARN}:execution:OrderSaga:first-order`);
    expect((await finished(client, executionArn)).status).toBe('SUCCEEDED');
    const described = await aws(server.url, 'describe-execution', '--execution-arn', executionArn);
    expect(JSON.parse(String(described.output))).toMatchObject({ orderId: 'o-1001', status: 'CONFIRMED' });

    const pages: { type: string; id: number }[][] = [];
    let token: string | undefined;
    do {
      const page = await aws(
        server.url,
        'get-execution-history',
        '--execution-arn',
        executionArn,
        '--max-results',
        '4',
        '--no-paginate',
        ...(token === undefined ? [] : ['--next-token', token]),
      );
      pages.push(page.events as { type: string; id: number }[]);
      token = page.nextToken as string | undefined;
    } while (token !== undefined);
    const paged = pages.flat();
    expect(pages.length).toBeGreaterThan(2);
    expect(paged.map((e) => e.id)).toEqual(paged.map((_, i) => i + 1));
    expect(paged[0]?.type).toBe('ExecutionStarted');
    expect(paged.at(-1)?.type).toBe('ExecutionSucceeded');
    const reversed = await aws(
      server.url,
      'get-execution-history',
      '--execution-arn',
      executionArn,
      '--reverse-order',
      '--max-results',
      '1',
      '--no-paginate',
    );
    expect((reversed.events as { type: string }[])[0]?.type).toBe('ExecutionSucceeded');

    const listed = await aws(
      server.url,
      'list-executions',
      '--state-machine-arn',
      String(created.stateMachineArn),
      '--status-filter',
      'SUCCEEDED',
    );
    expect((listed.executions as { name: string }[]).map((e) => e.name)).toContain('first-order');
    // StartExecution is idempotent by name and input.
    expect((await startFirstOrder()).executionArn).toBe(executionArn);
  });

  it('starts an execution on an alias of a published version with the JS SDK', async () => {
    const { stateMachineArn } = await client.send(
      new CreateStateMachineCommand({
        name: 'Aliased',
        definition: WAITING.replace('"Seconds": 2', '"Seconds": 0'),
        roleArn: ROLE,
      }),
    );
    const { stateMachineVersionArn } = await client.send(
      new PublishStateMachineVersionCommand({ stateMachineArn, description: 'first' }),
    );
    expect(stateMachineVersionArn).toBe(`${ARN}:stateMachine:Aliased:1`);
    const { stateMachineAliasArn } = await client.send(
      new CreateStateMachineAliasCommand({
        name: 'live',
        routingConfiguration: [{ stateMachineVersionArn, weight: 100 }],
      }),
    );
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn: stateMachineAliasArn, name: 'via-alias', input: '{}' }),
    );
    const described = await finished(client, executionArn!);
    expect(described).toMatchObject({
      status: 'SUCCEEDED',
      output: '"done"',
      stateMachineAliasArn,
      stateMachineVersionArn,
    });
    expect(described.startDate).toBeInstanceOf(Date);
    const listed = await client.send(new ListExecutionsCommand({ stateMachineArn: stateMachineAliasArn }));
    expect(listed.executions?.map((e) => e.name)).toEqual(['via-alias']);
  });

  it('answers a callback with boto3 send_task_success, and stops a waiting execution with the CLI', async () => {
    const machine = await aws(
      server.url,
      'create-state-machine',
      '--name',
      'HumanApproval',
      '--definition',
      'file://definitions/human-approval.asl.json',
      '--role-arn',
      ROLE,
    );
    const input = JSON.stringify({ expenseId: 'e-7', amount: 120, approver: 'ana@example.com' });
    const approved = await aws(
      server.url,
      'start-execution',
      '--state-machine-arn',
      String(machine.stateMachineArn),
      '--input',
      input,
    );
    const submitted = await reached(client, String(approved.executionArn), 'TaskSubmitted');
    const token = JSON.parse(submitted.taskSubmittedEventDetails?.output ?? '{}').Payload.approveWith as string;
    await boto3(
      server.url,
      'sfn.send_task_success(taskToken=args["token"], output=json.dumps({"approved": True, "by": "ana"}))\nprint("{}")',
      { token },
    );
    const done = await finished(client, String(approved.executionArn));
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output ?? '{}')).toEqual({ expenseId: 'e-7', status: 'APPROVED', by: 'ana' });
    const late = (await boto3(
      server.url,
      'try:\n  sfn.send_task_success(taskToken=args["token"], output="{}")\n  print(json.dumps("accepted"))\nexcept sfn.exceptions.TaskTimedOut as e:\n  print(json.dumps("TaskTimedOut"))',
      { token },
    )) as string;
    expect(late).toBe('TaskTimedOut');

    const stopped = await aws(
      server.url,
      'start-execution',
      '--state-machine-arn',
      String(machine.stateMachineArn),
      '--input',
      input,
    );
    await reached(client, String(stopped.executionArn), 'TaskSubmitted');
    await aws(
      server.url,
      'stop-execution',
      '--execution-arn',
      String(stopped.executionArn),
      '--error',
      'Manual',
      '--cause',
      'no longer needed',
    );
    const aborted = await aws(server.url, 'describe-execution', '--execution-arn', String(stopped.executionArn));
    expect(aborted).toMatchObject({ status: 'ABORTED', error: 'Manual', cause: 'no longer needed' });
  });

  it('redrives an execution that failed on a mocked task from its failed state', async () => {
    const machine = await aws(
      server.url,
      'create-state-machine',
      '--name',
      'Flaky',
      '--definition',
      FLAKY,
      '--role-arn',
      ROLE,
    );
    const started = await aws(
      server.url,
      'start-execution',
      '--state-machine-arn',
      `${String(machine.stateMachineArn)}#FailsOnce`,
      '--name',
      'flaky-1',
    );
    const executionArn = String(started.executionArn);
    const failed = await finished(client, executionArn);
    expect(failed).toMatchObject({ status: 'FAILED', error: 'Service.Unavailable', cause: 'down for maintenance' });
    await aws(server.url, 'redrive-execution', '--execution-arn', executionArn);
    const redriven = await finished(client, executionArn);
    expect(redriven).toMatchObject({ status: 'SUCCEEDED', output: '{"recovered":true}', redriveCount: 1 });
    const { events = [] } = await client.send(new GetExecutionHistoryCommand({ executionArn }));
    const entered = events.filter((e) => e.type?.endsWith('StateEntered')).map((e) => e.stateEnteredEventDetails?.name);
    expect(entered).toEqual(['Prepare', 'Flaky', 'Flaky']);
    expect(events.map((e) => e.type)).toContain('ExecutionRedriven');
  });

  it('validates a broken definition and runs TestState with a mocked result for the CLI', async () => {
    const broken = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } });
    const validated = await aws(server.url, 'validate-state-machine-definition', '--definition', broken);
    expect(validated.result).toBe('FAIL');
    expect(validated.diagnostics).toEqual(
      expect.arrayContaining([expect.objectContaining({ severity: 'ERROR', location: '/States/A/Next' })]),
    );
    const tested = await aws(
      server.url,
      'test-state',
      '--definition',
      'file://definitions/order-saga.asl.json',
      '--state-name',
      'ChargePayment',
      '--input',
      '{"orderId":"o-1","amount":5,"card":"4242"}',
      '--mock',
      JSON.stringify({ result: JSON.stringify({ chargeId: 'ch-mock' }) }),
    );
    expect(tested).toMatchObject({ status: 'SUCCEEDED', nextState: 'ShipOrder' });
    expect(JSON.parse(String(tested.output))).toMatchObject({ orderId: 'o-1' });
  });

  it('runs an EXPRESS state machine synchronously for StartSyncExecution', async () => {
    const { stateMachineArn } = await client.send(
      new CreateStateMachineCommand({
        name: 'Express',
        type: 'EXPRESS',
        definition: JSON.stringify({
          StartAt: 'Add',
          States: { Add: { Type: 'Pass', Parameters: { 'sum.$': 'States.MathAdd($.a, $.b)' }, End: true } },
        }),
        roleArn: ROLE,
      }),
    );
    const result = await client.send(new StartSyncExecutionCommand({ stateMachineArn, input: '{"a":2,"b":3}' }));
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: '{"sum":5}' });
    const standard = await awsRaw(
      server.url,
      'start-sync-execution',
      '--state-machine-arn',
      `${ARN}:stateMachine:Flaky`,
    );
    expect(standard.stderr).toMatch(/StateMachineTypeNotSupported/);
  });

  it('answers bad requests with the errors the clients know, never a 500', async () => {
    await expect(
      client.send(new StartExecutionCommand({ stateMachineArn: `${ARN}:stateMachine:Missing` })),
    ).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    const badName = await awsRaw(
      server.url,
      'create-state-machine',
      '--name',
      'has space',
      '--definition',
      FLAKY,
      '--role-arn',
      ROLE,
    );
    expect(badName.stderr).toMatch(/InvalidName/);
    const badArn = await awsRaw(server.url, 'describe-execution', '--execution-arn', 'arn:aws:states:nope');
    expect(badArn.stderr).toMatch(/InvalidArn/);
    const post = (target: string, body: string) =>
      fetch(server.url, {
        method: 'POST',
        headers: { 'x-amz-target': `AWSStepFunctions.${target}`, 'content-type': 'application/x-amz-json-1.0' },
        body,
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { __type: string } }));
    expect(await post('ListStateMachines', '{"maxResults":')).toMatchObject({
      status: 400,
      body: { __type: 'SerializationException' },
    });
    expect(await post('UpdateMapRun', '{}')).toMatchObject({
      status: 400,
      body: { __type: 'UnknownOperationException' },
    });
    const oversize = JSON.stringify({
      stateMachineArn: `${ARN}:stateMachine:Flaky`,
      input: JSON.stringify('x'.repeat(300_000)),
    });
    expect(await post('StartExecution', oversize)).toMatchObject({
      status: 400,
      body: { __type: 'ValidationException' },
    });
  });
});

describe('stepstone dev across a restart', () => {
  it('continues an execution whose Wait was due while the server was down', async () => {
    const database = join(dir, 'restart.db');
    let first: DevServer | undefined = await start(database);
    const sfn = sdk(first.url);
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({ name: 'Pausing', definition: WAITING, roleArn: ROLE }),
    );
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'across-restart' }));
    const entered = await reached(sfn, executionArn!, 'WaitStateEntered');
    sfn.destroy();
    await first.close();
    first = undefined;
    await new Promise((resolve) => setTimeout(resolve, 2500));

    const second = await start(database);
    const after = sdk(second.url);
    try {
      const described = await finished(after, executionArn!);
      expect(described).toMatchObject({ status: 'SUCCEEDED', output: '"done"' });
      const exited = await reached(after, executionArn!, 'WaitStateExited');
      expect(exited.timestamp!.getTime() - entered.timestamp!.getTime()).toBeGreaterThanOrEqual(2000);
    } finally {
      after.destroy();
      await second.close();
    }
  });
});
