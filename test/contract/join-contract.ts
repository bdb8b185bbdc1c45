/**
 * The fan-in part of the {@link Store} contract: `completeChild` and `childResults`. A child's result
 * is recorded and counted exactly once however often it is reported, and the last child to report
 * sees every child counted — what makes a Parallel or Map continue once, with every result.
 */
import { describe, expect, it } from 'vitest';
import type { ChildResult } from '../../src/engine/types.js';
import type { Store } from '../../src/runtime/ports.js';

function result(index: number, failed = false): ChildResult {
  return failed
    ? { index, status: 'FAILED', error: 'States.TaskFailed', cause: `child ${index} failed` }
    : { index, status: 'SUCCEEDED', output: { index } };
}

function byIndex(results: readonly ChildResult[]): ChildResult[] {
  return [...results].sort((a, b) => a.index - b.index);
}

/** Registers the join tests; `started` creates an execution and returns its ARN. */
export function describeJoinContract(store: () => Store, started: (store: Store) => Promise<string>): void {
  describe('joins', () => {
    it('counts each recorded child once, failures apart', async () => {
      const arn = await started(store());
      const join = 'root/3.0';
      expect(await store().completeChild(arn, join, result(2))).toEqual({ completed: 1, failed: 0 });
      expect(await store().completeChild(arn, join, result(0, true))).toEqual({ completed: 2, failed: 1 });
      expect(await store().completeChild(arn, join, result(1))).toEqual({ completed: 3, failed: 1 });
      expect(byIndex(await store().childResults(arn, join))).toEqual([result(0, true), result(1), result(2)]);
    });

    it('changes nothing when a child reports again, even with another outcome', async () => {
      const arn = await started(store());
      const join = 'root/5.0';
      await store().completeChild(arn, join, result(0));
      await store().completeChild(arn, join, result(1, true));
      expect(await store().completeChild(arn, join, result(0))).toEqual({ completed: 2, failed: 1 });
      expect(await store().completeChild(arn, join, result(1, true))).toEqual({ completed: 2, failed: 1 });
      expect(await store().completeChild(arn, join, result(0, true))).toEqual({ completed: 2, failed: 1 });
      expect(byIndex(await store().childResults(arn, join))).toEqual([result(0), result(1, true)]);
    });

    it('counts every child exactly once when children report concurrently and repeatedly', async () => {
      const arn = await started(store());
      const join = 'root/7.0';
      const total = 12;
      const failedIndexes = new Set([3, 7, 8]);
      const calls = [...Array.from({ length: total }, (_, i) => i), ...Array.from({ length: total }, (_, i) => i)];
      const counts = await Promise.all(
        calls.map((index) => store().completeChild(arn, join, result(index, failedIndexes.has(index)))),
      );
      for (const c of counts) {
        expect(c.completed).toBeGreaterThanOrEqual(1);
        expect(c.completed).toBeLessThanOrEqual(total);
        expect(c.failed).toBeLessThanOrEqual(failedIndexes.size);
      }
      // Whoever reported last saw every child: the join can continue once, with every result.
      expect(counts.some((c) => c.completed === total && c.failed === failedIndexes.size)).toBe(true);
      const results = byIndex(await store().childResults(arn, join));
      expect(results).toEqual(Array.from({ length: total }, (_, i) => result(i, failedIndexes.has(i))));
    });

    it('sees every earlier child counted when reporting after them', async () => {
      const arn = await started(store());
      const join = 'root/9.0';
      for (let i = 0; i < 5; i++) {
        expect((await store().completeChild(arn, join, result(i, i % 2 === 1))).completed).toBe(i + 1);
      }
      expect(await store().completeChild(arn, join, result(5))).toEqual({ completed: 6, failed: 2 });
    });

    it('keeps joins of different ids and executions apart', async () => {
      const arn = await started(store());
      const other = await started(store());
      await store().completeChild(arn, 'root/2.0', result(0));
      await store().completeChild(arn, 'root/2.1', result(0, true));
      await store().completeChild(other, 'root/2.0', result(1));
      expect(await store().childResults(arn, 'root/2.0')).toEqual([result(0)]);
      expect(await store().childResults(arn, 'root/2.1')).toEqual([result(0, true)]);
      expect(await store().childResults(other, 'root/2.0')).toEqual([result(1)]);
      expect(await store().childResults(arn, 'root/4.0')).toEqual([]);
    });
  });
}
