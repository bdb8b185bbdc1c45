/**
 * `DescribeMapRun` and `ListMapRuns` on `stepstone dev` (its SQLite store), through
 * `@aws-sdk/client-sfn` over real HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  ResourceNotFound,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevServer, startDevServer } from '../../src/dev/server.js';
import { checkingMap } from '../unit/engine/helpers.js';
import { sdk } from './clients.js';

let dir: string;
let server: DevServer;
let client: SFNClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stepstone-map-runs-'));
  server = await startDevServer({ database: join(dir, 'dev.db'), port: 0 });
  client = sdk(server.url);
});

afterAll(async () => {
  client?.destroy();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('map runs on stepstone dev', () => {
  it("lists an execution's map runs and describes one with its counts, for the SDK's SFNClient", async () => {
    const { stateMachineArn } = await client.send(
      new CreateStateMachineCommand({
        name: 'Batches',
        definition: JSON.stringify(
          checkingMap({ ItemBatcher: { MaxItemsPerBatch: 2 }, ToleratedFailurePercentage: 50, Label: 'Lots' }),
        ),
        roleArn: 'arn:aws:iam::123456789012:role/StepFunctions',
      }),
    );
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn, input: JSON.stringify([1, 2, 3, 4, 5]) }),
    );
    for (;;) {
      const { status } = await client.send(new DescribeExecutionCommand({ executionArn }));
      if (status !== 'RUNNING') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const { mapRuns = [] } = await client.send(new ListMapRunsCommand({ executionArn }));
    expect(mapRuns).toHaveLength(1);
    const [run] = mapRuns;
    expect(run).toMatchObject({
      executionArn,
      stateMachineArn: `${stateMachineArn}/Lots`,
      mapRunArn: expect.stringContaining(':mapRun:Batches/Lots:'),
    });
    expect(run?.startDate).toBeInstanceOf(Date);
    expect(run?.stopDate).toBeInstanceOf(Date);
    const described = await client.send(new DescribeMapRunCommand({ mapRunArn: run?.mapRunArn }));
    expect(described).toMatchObject({
      mapRunArn: run?.mapRunArn,
      executionArn,
      status: 'SUCCEEDED',
      maxConcurrency: 0,
      toleratedFailurePercentage: 50,
      toleratedFailureCount: 0,
      executionCounts: { succeeded: 3, failed: 0, pending: 0, running: 0, total: 3 },
      itemCounts: { succeeded: 5, failed: 0, pending: 0, running: 0, total: 5 },
      redriveCount: 0,
    });
    expect(described.stopDate?.getTime()).toBeGreaterThanOrEqual(described.startDate?.getTime() ?? Number.NaN);
    await expect(
      client.send(new DescribeMapRunCommand({ mapRunArn: `${String(run?.mapRunArn).slice(0, -4)}0000` })),
    ).rejects.toBeInstanceOf(ResourceNotFound);
  });

  it("lists a map run's child executions, describes one and reads its history, for the SDK's SFNClient", async () => {
    const { stateMachineArn } = await client.send(
      new CreateStateMachineCommand({
        name: 'Children',
        definition: JSON.stringify(checkingMap({ ToleratedFailureCount: 1, Label: 'Kids' })),
        roleArn: 'arn:aws:iam::123456789012:role/StepFunctions',
      }),
    );
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn, input: JSON.stringify([{ id: 1 }, { fail: true }, { id: 3 }]) }),
    );
    for (;;) {
      const { status } = await client.send(new DescribeExecutionCommand({ executionArn }));
      if (status !== 'RUNNING') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const { mapRuns = [] } = await client.send(new ListMapRunsCommand({ executionArn }));
    const mapRunArn = mapRuns[0]?.mapRunArn;
    const { executions = [] } = await client.send(new ListExecutionsCommand({ mapRunArn }));
    expect(executions).toHaveLength(3);
    for (const child of executions) {
      expect(child).toMatchObject({
        executionArn: expect.stringMatching(/:execution:Children\/Kids:[0-9a-f-]{36}$/),
        stateMachineArn: `${stateMachineArn}/Kids`,
        mapRunArn,
        itemCount: 1,
      });
    }
    const failed = await client.send(new ListExecutionsCommand({ mapRunArn, statusFilter: 'FAILED' }));
    expect(failed.executions).toHaveLength(1);
    const [child] = failed.executions ?? [];
    const described = await client.send(new DescribeExecutionCommand({ executionArn: child?.executionArn }));
    expect(described).toMatchObject({
      status: 'FAILED',
      error: 'Item.Bad',
      cause: 'no',
      input: '{"fail":true}',
      mapRunArn,
      stateMachineArn: `${stateMachineArn}/Kids`,
    });
    const { events = [] } = await client.send(new GetExecutionHistoryCommand({ executionArn: child?.executionArn }));
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'FailStateEntered',
      'ExecutionFailed',
    ]);
    expect(events.map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
    // The parent's state machine lists the parent alone.
    const listed = await client.send(new ListExecutionsCommand({ stateMachineArn }));
    expect(listed.executions?.map((e) => e.executionArn)).toEqual([executionArn]);
    await expect(client.send(new ListExecutionsCommand({ stateMachineArn, mapRunArn }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('describes the children a run left running when its failures went beyond the tolerance as ABORTED, for the SDK', async () => {
    const { stateMachineArn } = await client.send(
      new CreateStateMachineCommand({
        name: 'LeftBehind',
        definition: JSON.stringify({
          StartAt: 'Each',
          States: {
            Each: {
              Type: 'Map',
              ToleratedFailureCount: 0,
              ItemProcessor: {
                ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
                StartAt: 'Check',
                States: {
                  Check: {
                    Type: 'Choice',
                    Choices: [{ Variable: '$.fail', IsPresent: true, Next: 'Boom' }],
                    Default: 'Hold',
                  },
                  Boom: { Type: 'Fail', Error: 'Item.Bad', Cause: 'no' },
                  Hold: { Type: 'Wait', Seconds: 3600, End: true },
                },
              },
              Catch: [{ ErrorEquals: ['States.ALL'], Next: 'After' }],
              End: true,
            },
            // The execution goes on running after its Map failed.
            After: { Type: 'Wait', Seconds: 3600, End: true },
          },
        }),
        roleArn: 'arn:aws:iam::123456789012:role/StepFunctions',
      }),
    );
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn, input: JSON.stringify([{ id: 1 }, { fail: true }]) }),
    );
    let mapRunArn: string | undefined;
    for (;;) {
      const { mapRuns = [] } = await client.send(new ListMapRunsCommand({ executionArn }));
      mapRunArn = mapRuns[0]?.mapRunArn;
      if (mapRuns[0]?.stopDate !== undefined) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const run = await client.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(run).toMatchObject({
      status: 'FAILED',
      executionCounts: { succeeded: 0, failed: 1, aborted: 1, pending: 0, running: 0, total: 2 },
    });
    const { executions = [] } = await client.send(new ListExecutionsCommand({ mapRunArn, statusFilter: 'ABORTED' }));
    expect(executions).toHaveLength(1);
    const left = await client.send(new DescribeExecutionCommand({ executionArn: executions[0]?.executionArn }));
    expect(left).toMatchObject({ status: 'ABORTED', input: '{"id":1}', mapRunArn });
    expect(left.stopDate).toEqual(run.stopDate);
    const { events = [] } = await client.send(new GetExecutionHistoryCommand({ executionArn: left.executionArn }));
    expect(events.map((e) => [e.id, e.type])).toEqual([
      [1, 'ExecutionStarted'],
      [2, 'ChoiceStateEntered'],
      [3, 'ChoiceStateExited'],
      [4, 'WaitStateEntered'],
      [5, 'ExecutionAborted'],
    ]);
    expect(events.at(-1)?.timestamp).toEqual(run.stopDate);
    expect((await client.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
  });
});
