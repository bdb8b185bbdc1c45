import { describe, expect, it } from 'vitest';
import { randomText } from '../../support/large-payload.js';
import { apiOnEngine } from './support.js';

const SM = 'arn:aws:states:us-east-1:123456789012:stateMachine';

/** A task that answers with a payload of 600 KB, passed on by two Pass states. */
const GROW = JSON.stringify({
  StartAt: 'Grow',
  States: {
    Grow: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Grow', Next: 'Keep' },
    Keep: { Type: 'Pass', Next: 'Again' },
    Again: { Type: 'Pass', End: true },
  },
});

/** What a response takes as a function URL returns it: its JSON text inside a JSON string. */
const responseBytes = (body: unknown) => Buffer.byteLength(JSON.stringify(JSON.stringify(body)));

async function run(maxResponseBytes: number | undefined) {
  const blob = randomText(600_000);
  const { call, engine } = apiOnEngine(
    { largePayloads: true, tasks: { Grow: async () => ({ blob }) } },
    { maxResponseBytes },
  );
  await call('CreateStateMachine', { name: 'Grow', definition: GROW });
  const started = await call('StartExecution', { stateMachineArn: `${SM}:Grow`, input: '{}' });
  const executionArn = String(started.body.executionArn);
  await engine.settle(executionArn);
  const pages: Record<string, unknown>[] = [];
  let nextToken: unknown;
  do {
    const page = await call('GetExecutionHistory', { executionArn, maxResults: 1000, nextToken });
    pages.push(page.body);
    nextToken = page.body.nextToken;
  } while (nextToken !== undefined);
  const described = (await call('DescribeExecution', { executionArn })).body;
  return { blob, pages, described };
}

type Event = { id: number } & Record<string, { output?: string; outputDetails?: unknown } | number>;

describe('responses bounded in size, as a function URL needs them', () => {
  it('returns every payload whole when no bound is set', async () => {
    const { blob, pages, described } = await run(undefined);
    expect(pages).toHaveLength(1);
    expect(JSON.parse(String(described.output)).blob).toBe(blob);
    expect(described.outputDetails).toEqual({ included: true });
  });

  it('ends history pages before the event that would not fit, and leaves out an output that does not', async () => {
    const { blob, pages, described } = await run(1_500_000);
    for (const page of pages) expect(responseBytes(page)).toBeLessThanOrEqual(1_500_000);
    expect(pages.length).toBeGreaterThan(1);
    const events = pages.flatMap((page) => page.events as Event[]);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    const exited = events.filter((e) => 'stateExitedEventDetails' in e);
    expect(
      exited.map((e) => JSON.parse(String((e.stateExitedEventDetails as { output: string }).output)).blob),
    ).toEqual([blob, blob, blob]);
    expect(responseBytes(described)).toBeLessThanOrEqual(1_500_000);
    expect(JSON.parse(String(described.output)).blob).toBe(blob);
  });

  it('cuts the data of an event that alone does not fit, saying so, and leaves the output out', async () => {
    const { pages, described } = await run(400_000);
    for (const page of pages) expect(responseBytes(page)).toBeLessThanOrEqual(400_000);
    const events = pages.flatMap((page) => page.events as Event[]);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    const exited = events.filter((e) => 'stateExitedEventDetails' in e);
    expect(exited.map((e) => (e.stateExitedEventDetails as { outputDetails: unknown }).outputDetails)).toEqual([
      { truncated: true },
      { truncated: true },
      { truncated: true },
    ]);
    expect(described.output).toBeUndefined();
    expect(described.outputDetails).toEqual({ included: false });
    expect(described.input).toBe('{}');
  });
});
