import { describe, expect, it } from 'vitest';
import { apiOnEngine } from './support.js';

const MACHINE = JSON.stringify({
  StartAt: 'Charge',
  States: {
    Charge: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'Charge', 'Payload.$': '$' },
      ResultSelector: { 'charge.$': '$.Payload' },
      Retry: [{ ErrorEquals: ['Gateway.Timeout'], IntervalSeconds: 3 }],
      Catch: [{ ErrorEquals: ['Card.Declined'], Next: 'Declined' }],
      Next: 'Done',
    },
    Declined: { Type: 'Fail', Error: 'Declined' },
    Done: { Type: 'Succeed' },
  },
});

describe('TestState', () => {
  it('runs a state of a whole definition with a mocked result and reports its output and next state', async () => {
    const { call } = apiOnEngine();
    const response = await call('TestState', {
      definition: MACHINE,
      stateName: 'Charge',
      input: '{"amount":5}',
      mock: { result: '{"Payload":{"id":"ch-1"}}' },
      inspectionLevel: 'DEBUG',
    });
    expect(response.body).toMatchObject({ status: 'SUCCEEDED', output: '{"charge":{"id":"ch-1"}}', nextState: 'Done' });
    expect(response.body.inspectionData).toMatchObject({ input: '{"amount":5}', result: '{"Payload":{"id":"ch-1"}}' });
  });

  it('reports CAUGHT_ERROR with the catcher next state, RETRIABLE with the back-off, FAILED otherwise', async () => {
    const { call } = apiOnEngine();
    const caught = await call('TestState', {
      definition: MACHINE,
      stateName: 'Charge',
      mock: { errorOutput: { error: 'Card.Declined', cause: 'insufficient funds' } },
    });
    expect(caught.body).toMatchObject({ status: 'CAUGHT_ERROR', error: 'Card.Declined', nextState: 'Declined' });
    const retried = await call('TestState', {
      definition: MACHINE,
      stateName: 'Charge',
      inspectionLevel: 'DEBUG',
      mock: { errorOutput: { error: 'Gateway.Timeout' } },
    });
    expect(retried.body).toMatchObject({ status: 'RETRIABLE', error: 'Gateway.Timeout' });
    expect(retried.body.inspectionData).toMatchObject({ errorDetails: { retryBackoffIntervalSeconds: 3 } });
    const failed = await call('TestState', {
      definition: MACHINE,
      stateName: 'Charge',
      mock: { errorOutput: { error: 'Other', cause: 'boom' } },
    });
    expect(failed.body).toMatchObject({ status: 'FAILED', error: 'Other', cause: 'boom' });
  });

  it('runs a single state given alone, and answers ValidationException for an unknown state name', async () => {
    const { call } = apiOnEngine();
    const pass = await call('TestState', {
      definition: JSON.stringify({ Type: 'Pass', Parameters: { 'sum.$': 'States.MathAdd($.a, $.b)' }, Next: 'After' }),
      input: '{"a":2,"b":3}',
    });
    expect(pass.body).toEqual({ status: 'SUCCEEDED', output: '{"sum":5}', nextState: 'After' });
    const unknown = await call('TestState', { definition: MACHINE, stateName: 'Nope' });
    expect(unknown.body.__type).toBe('ValidationException');
  });
});
