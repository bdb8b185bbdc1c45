import { describe, expect, it } from 'vitest';
import { countTo } from '../../support/runaway.js';
import { apiOnEngine } from './support.js';

const SM = 'arn:aws:states:us-east-1:123456789012:stateMachine';

/** Counts to 7,000 through a Pass and a Choice: 28,004 events in all. */
const COUNT_TO_7000 = JSON.stringify(countTo(7000));

/** Every event of an execution's history through `GetExecutionHistory`, 1,000 a page, in either order. */
async function pagedHistory(
  call: ReturnType<typeof apiOnEngine>['call'],
  executionArn: string,
  reverseOrder: boolean,
): Promise<{ events: { id: number; type: string }[]; pages: number; middleToken: unknown }> {
  const events: { id: number; type: string }[] = [];
  let pages = 0;
  let nextToken: unknown;
  let middleToken: unknown;
  do {
    if (pages === 14) middleToken = nextToken;
    const page = await call('GetExecutionHistory', { executionArn, maxResults: 1000, reverseOrder, nextToken });
    expect(page.status).toBe(200);
    const found = page.body.events as { id: number; type: string }[];
    expect(found.length).toBeLessThanOrEqual(1000);
    events.push(...found);
    pages += 1;
    nextToken = page.body.nextToken;
  } while (nextToken !== undefined);
  return { events, pages, middleToken };
}

describe('histories over 25,000 events through the API', () => {
  it('pages through all 28,004 events either way when the engine lifts the history limit', async () => {
    const { call, engine } = apiOnEngine({ quotas: { historyLimit: false } });
    await call('CreateStateMachine', { name: 'Count', definition: COUNT_TO_7000 });
    const started = await call('StartExecution', { stateMachineArn: `${SM}:Count`, input: '{"n":0}' });
    const executionArn = String(started.body.executionArn);
    await engine.settle(executionArn);
    expect((await call('DescribeExecution', { executionArn })).body).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"n":7000}',
    });
    const forward = await pagedHistory(call, executionArn, false);
    expect(forward.pages).toBe(29);
    expect(forward.events.map((e) => e.id)).toEqual(Array.from({ length: 28_004 }, (_, i) => i + 1));
    expect(forward.events.at(-1)?.type).toBe('ExecutionSucceeded');
    const backward = await pagedHistory(call, executionArn, true);
    expect(backward.events.map((e) => e.id)).toEqual(forward.events.map((e) => e.id).reverse());
    // Read by event id: a token names the id its page starts from, and one no page gave is refused.
    const middle = await call('GetExecutionHistory', { executionArn, maxResults: 3, nextToken: forward.middleToken });
    expect((middle.body.events as { id: number }[]).map((e) => e.id)).toEqual([14_001, 14_002, 14_003]);
    const bogus = Buffer.from('offset:3').toString('base64url');
    expect((await call('GetExecutionHistory', { executionArn, nextToken: bogus })).body.__type).toBe('InvalidToken');
  });

  it('fails the same execution at event 25,000 as AWS does when the limit holds', async () => {
    const { call, engine } = apiOnEngine();
    await call('CreateStateMachine', { name: 'Count', definition: COUNT_TO_7000 });
    const started = await call('StartExecution', { stateMachineArn: `${SM}:Count`, input: '{"n":0}' });
    const executionArn = String(started.body.executionArn);
    await engine.settle(executionArn);
    expect((await call('DescribeExecution', { executionArn })).body).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: 'The execution reached the maximum number of history events (25000).',
    });
    const { events, pages } = await pagedHistory(call, executionArn, false);
    expect(pages).toBe(25);
    expect(events.map((e) => e.id)).toEqual(Array.from({ length: 25_000 }, (_, i) => i + 1));
    expect(events.at(-1)).toMatchObject({ id: 25_000, previousEventId: 24_999, type: 'ExecutionFailed' });
  });
});
