import { describe, expect, it } from 'vitest';
import { testWorkflow } from '../../../src/testing.js';
import {
  expectedLargePayloadOutput,
  FIVE_MIB,
  LARGE_PAYLOAD_FLOW,
  largePayloadHandlers,
  largePayloadInput,
  randomText,
} from '../../support/large-payload.js';

const tasks = {
  Enrich: async (input: unknown) => largePayloadHandlers.Enrich(input),
  Measure: async (input: unknown) => largePayloadHandlers.Measure(input),
  Echo: async (input: unknown) => largePayloadHandlers.Echo(input),
};

describe('payloads over 256 KiB on the embedded engine', () => {
  const blob = randomText(FIVE_MIB);

  it('carries a 5 MiB payload through Task, Map and Parallel states when large payloads are on', async () => {
    const execution = await testWorkflow(LARGE_PAYLOAD_FLOW, { tasks, largePayloads: true }).run(
      largePayloadInput(blob),
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toEqual(expectedLargePayloadOutput(blob));
    // Each task received the whole payload.
    expect((execution.calls('Enrich')[0] as { blob: string }).blob).toBe(blob);
    expect(execution.calls('Measure').map((call) => (call as { blob: string }).blob === blob)).toEqual([
      true,
      true,
      true,
    ]);
    expect((execution.calls('Echo')[0] as { blob: string }).blob).toBe(blob);
    // The history holds the real payload, not a reference.
    const entered = execution.events('TaskStateEntered')[0] as unknown as {
      stateEnteredEventDetails: { input: string };
    };
    expect(JSON.parse(entered.stateEnteredEventDetails.input).blob).toBe(blob);
  });

  it('refuses the same input as AWS does when large payloads are off', async () => {
    await expect(testWorkflow(LARGE_PAYLOAD_FLOW, { tasks }).run(largePayloadInput(blob))).rejects.toThrow(
      'Invalid State Machine Execution Input: the input exceeds the 262144-byte limit',
    );
  });

  it('fails with States.DataLimitExceeded when a task returns the payload and large payloads are off', async () => {
    const execution = await testWorkflow(LARGE_PAYLOAD_FLOW, {
      tasks: { ...tasks, Enrich: async () => ({ blob }) },
    }).run({ parts: [] });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.DataLimitExceeded');
    expect(execution.cause).toBe(
      "The state/task 'arn:aws:lambda:us-east-1:123456789012:function:Enrich' returned a result with a size exceeding the maximum number of bytes service limit.",
    );
  });
});
