import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type DevServer, type DevServerOptions, startDevServer } from '../../../src/dev/server.js';
import * as lifecycle from '../../../src/runtime/lifecycle.js';
import {
  expectedLargePayloadOutput,
  FIVE_MIB,
  LARGE_PAYLOAD_FLOW,
  largePayloadHandlers,
  largePayloadInput,
  randomText,
} from '../../support/large-payload.js';
import { countTo } from '../../support/runaway.js';

const STATE_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:Limits';

describe('stepstone dev with the limits of Step Functions lifted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stepstone-limits-'));
  const servers: DevServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `definition` on a new endpoint to its end; answers its description and history. */
  async function runOn(options: Omit<DevServerOptions, 'port'>, definition: object, input: unknown) {
    const server = await startDevServer({ port: 0, ...options });
    servers.push(server);
    const { executionArn } = await lifecycle.startExecution(
      server.runtime,
      { stateMachineArn: STATE_MACHINE, definition: JSON.stringify(definition) },
      { input: JSON.stringify(input) },
    );
    let described = await lifecycle.describeExecution(server.runtime, executionArn);
    while (described.status === 'RUNNING') {
      await new Promise((resolve) => setTimeout(resolve, 20));
      described = await lifecycle.describeExecution(server.runtime, executionArn);
    }
    return { described, history: await server.runtime.deps.store.readHistory(executionArn) };
  }

  it('carries a 5 MiB payload through Task, Map and Parallel states with --large-payloads, kept in its database file', async () => {
    const blob = randomText(FIVE_MIB);
    const { described, history } = await runOn(
      { database: join(dir, 'dev.db'), tasks: largePayloadHandlers, largePayloads: true },
      LARGE_PAYLOAD_FLOW,
      largePayloadInput(blob),
    );
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output ?? 'null')).toEqual(expectedLargePayloadOutput(blob));
    const scheduled = history.find((e) => e.type === 'LambdaFunctionScheduled') as unknown as {
      lambdaFunctionScheduledEventDetails: { input: string };
    };
    expect(JSON.parse(scheduled.lambdaFunctionScheduledEventDetails.input).blob).toBe(blob);
  }, 60_000);

  for (const [lifted, status, events] of [
    [false, 'FAILED', 25_000],
    [true, 'SUCCEEDED', 26_004],
  ] as const) {
    it(`${lifted ? 'lets a history grow past' : 'fails an execution at'} 25,000 events ${lifted ? 'with' : 'without'} --no-history-limit`, async () => {
      const { described, history } = await runOn(
        { database: ':memory:', quotas: lifted ? { historyLimit: false } : undefined },
        countTo(6500),
        { n: 0 },
      );
      expect(described.status).toBe(status);
      expect(history.map((e) => e.id)).toEqual(Array.from({ length: events }, (_, i) => i + 1));
    }, 60_000);
  }
});
