import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type DevServer, startDevServer } from '../../../src/dev/server.js';
import * as lifecycle from '../../../src/runtime/lifecycle.js';
import {
  expectedLargePayloadOutput,
  FIVE_MIB,
  LARGE_PAYLOAD_FLOW,
  largePayloadHandlers,
  largePayloadInput,
  randomText,
} from '../../support/large-payload.js';

const STATE_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:LargePayloads';

/** Waits until the execution has ended. */
async function ended(server: DevServer, executionArn: string): Promise<lifecycle.ExecutionDescription> {
  for (;;) {
    const described = await lifecycle.describeExecution(server.runtime, executionArn);
    if (described.status !== 'RUNNING') return described;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('stepstone dev with large payloads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stepstone-payloads-'));
  const servers: DevServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('carries a 5 MiB payload through Task, Map and Parallel states, kept in its database file', async () => {
    const server = await startDevServer({
      database: join(dir, 'dev.db'),
      port: 0,
      tasks: largePayloadHandlers,
      largePayloads: true,
    });
    servers.push(server);
    const blob = randomText(FIVE_MIB);
    const { executionArn } = await lifecycle.startExecution(
      server.runtime,
      { stateMachineArn: STATE_MACHINE, definition: JSON.stringify(LARGE_PAYLOAD_FLOW) },
      { input: JSON.stringify(largePayloadInput(blob)) },
    );
    const described = await ended(server, executionArn);
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output ?? 'null')).toEqual(expectedLargePayloadOutput(blob));
    const history = await server.runtime.deps.store.readHistory(executionArn);
    const scheduled = history.find((e) => e.type === 'LambdaFunctionScheduled') as unknown as {
      lambdaFunctionScheduledEventDetails: { input: string };
    };
    expect(JSON.parse(scheduled.lambdaFunctionScheduledEventDetails.input).blob).toBe(blob);
  }, 60_000);
});
