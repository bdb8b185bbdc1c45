/**
 * The one recorded history the shared runner reports as different from AWS's is a
 * `GetExecutionHistory` with `reverseOrder: true` (its source names the snapshot key
 * `get_execution_history_reverseOrder[True]`, and its event ids run 4, 3, 2, 1). The runner compares
 * it with the engine's history in natural order, so the comparison, not the engine, is at fault:
 * ordered by event id, the recording is exactly the engine's history.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalEngine } from '../../src/index.js';

const recording = resolve(
  import.meta.dirname,
  '../../../shared/conformance/aws-recorded/v2_test_sfn_api__TestSnfApi_test_get_execution_history_reversed.json',
);

interface RecordedCase {
  readonly source: { readonly snapshot_keys: readonly string[] };
  readonly definition: object;
  readonly input: unknown;
  readonly history: readonly { readonly id: number; readonly type: string }[];
}

describe.skipIf(!existsSync(recording))('the reversed-order history recording', () => {
  const recorded = JSON.parse(readFileSync(recording, 'utf8')) as RecordedCase;

  it('was recorded newest first', () => {
    expect(recorded.source.snapshot_keys).toContain('get_execution_history_reverseOrder[True]');
    expect(recorded.history.map((e) => e.id)).toEqual([4, 3, 2, 1]);
  });

  it('holds the events the engine records, once ordered by event id', async () => {
    const engine = createLocalEngine({ tasks: {}, clock: 'virtual', region: 'us-east-1', accountId: '111111111111' });
    const result = await engine.run(recorded.definition, recorded.input);
    const byId = [...recorded.history].sort((a, b) => a.id - b.id);
    expect(result.history?.map((e) => [e.id, e.type])).toEqual(byId.map((e) => [e.id, e.type]));
  });
});
