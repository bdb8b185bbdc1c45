/**
 * A Task's `TimeoutSecondsPath` and `HeartbeatSecondsPath`, in AWS's words. Sources: LocalStack's
 * `common/timeouts/timeout.py` and `heartbeat.py`, written against AWS's recordings of
 * INVALID_JSONPATH_IN_TIMEOUTSECONDSPATH and INVALID_JSONPATH_IN_HEARTBEATSECONDSPATH; the numeric
 * `…Path` wording recorded for Map (`The ToleratedFailurePercentagePath field refers to value …`).
 */
import { describe, it } from 'vitest';
import { lambda } from '../engine/helpers.js';
import { expectFailure, inState, runOne } from './helpers.js';

function task(fields: Record<string, unknown>): Record<string, unknown> {
  return { Type: 'Task', Resource: lambda('Work'), End: true, ...fields };
}

describe('Task TimeoutSecondsPath', () => {
  it("fails with States.Runtime and Jayway's explanation when the path selects nothing", async () => {
    const execution = await runOne(task({ TimeoutSecondsPath: '$.NoSuchTimeoutSecondsPath' }), { 'int-literal': 0 });
    expectFailure(
      execution,
      'States.Runtime',
      inState('S', "Invalid path '$.NoSuchTimeoutSecondsPath' : No results for path: $['NoSuchTimeoutSecondsPath']"),
    );
  });

  it('fails with States.Runtime when the value is not an integer', async () => {
    const execution = await runOne(task({ TimeoutSecondsPath: '$.t' }), { t: 'soon' });
    expectFailure(
      execution,
      'States.Runtime',
      inState('S', 'The TimeoutSecondsPath field refers to value "soon" which is not a valid integer: $.t'),
    );
  });

  it('fails with States.Runtime when the value is below 1', async () => {
    const execution = await runOne(task({ TimeoutSecondsPath: '$.t' }), { t: 0 });
    expectFailure(
      execution,
      'States.Runtime',
      inState('S', "Expected non-negative integer for TimeoutSecondsPath, got '0' instead."),
    );
  });
});

describe('Task HeartbeatSecondsPath', () => {
  it("fails with States.Runtime and Jayway's explanation when the path selects nothing", async () => {
    const execution = await runOne(task({ HeartbeatSecondsPath: '$.beat.every' }), { beat: {} });
    expectFailure(
      execution,
      'States.Runtime',
      inState('S', "Invalid path '$.beat.every' : No results for path: $['beat']['every']"),
    );
  });
});
