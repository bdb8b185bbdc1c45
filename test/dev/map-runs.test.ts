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
});
