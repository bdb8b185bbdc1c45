/**
 * The fan-in part of the {@link Store} contract: `completeChild`, `childResults`, a join read in pages
 * (`childResultsFrom`, `joinCounts`) and the item pages a fed join's children read their inputs from. A child's result
 * is recorded and counted exactly once however often it is reported, and the counts each call
 * returns are the join's as that child's count left them — the same on every repeat — so exactly one
 * child sees every child counted: what makes a Parallel or Map continue once, with every result.
 */
import { describe, expect, it } from 'vitest';
import type { ChildResult } from '../../src/engine/types.js';
import type { JoinCounts, Store } from '../../src/runtime/ports.js';

function result(index: number, failed = false): ChildResult {
  return failed
    ? { index, status: 'FAILED', error: 'States.TaskFailed', cause: `child ${index} failed` }
    : { index, status: 'SUCCEEDED', output: { index } };
}

function byIndex(results: readonly ChildResult[]): ChildResult[] {
  return [...results].sort((a, b) => a.index - b.index);
}

function counts(completed: number, failed: number, childFailed = false): JoinCounts {
  return { completed, failed, childFailed, ordered: true };
}

/** Registers the join tests; `started` creates an execution and returns its ARN. */
export function describeJoinContract(store: () => Store, started: (store: Store) => Promise<string>): void {
  describe('joins', () => {
    it('counts each recorded child once, failures apart', async () => {
      const arn = await started(store());
      const join = 'root/3.0';
      expect(await store().completeChild(arn, join, result(2), 3)).toEqual(counts(1, 0));
      expect(await store().completeChild(arn, join, result(0, true), 3)).toEqual(counts(2, 1, true));
      expect(await store().completeChild(arn, join, result(1), 3)).toEqual(counts(3, 1));
      expect(byIndex(await store().childResults(arn, join))).toEqual([result(0, true), result(1), result(2)]);
    });

    it('answers a repeat with the counts its first count left, even when it reports another outcome', async () => {
      const arn = await started(store());
      const join = 'root/5.0';
      await store().completeChild(arn, join, result(0), 3);
      await store().completeChild(arn, join, result(1, true), 3);
      await store().completeChild(arn, join, result(2), 3);
      expect(await store().completeChild(arn, join, result(0), 3)).toEqual(counts(1, 0));
      expect(await store().completeChild(arn, join, result(1, true), 3)).toEqual(counts(2, 1, true));
      expect(await store().completeChild(arn, join, result(0, true), 3)).toEqual(counts(1, 0));
      expect(await store().completeChild(arn, join, result(2, true), 3)).toEqual(counts(3, 1));
      expect(byIndex(await store().childResults(arn, join))).toEqual([result(0), result(1, true), result(2)]);
    });

    it('gives each child its own place when children report concurrently and repeatedly', async () => {
      const arn = await started(store());
      const join = 'root/7.0';
      const total = 12;
      const failedIndexes = new Set([3, 7, 8]);
      const calls = [...Array.from({ length: total }, (_, i) => i), ...Array.from({ length: total }, (_, i) => i)];
      const answers = await Promise.all(
        calls.map((index) => store().completeChild(arn, join, result(index, failedIndexes.has(index)), total)),
      );
      // Both reports of a child got the same answer, and the children's answers are 1..total: exactly
      // one child saw the join complete, so the parent is woken once, with every result.
      for (let i = 0; i < total; i++) expect(answers[i + total]).toEqual(answers[i]);
      const first = answers.slice(0, total);
      expect(first.map((c) => c.completed).sort((a, b) => a - b)).toEqual(
        Array.from({ length: total }, (_, i) => i + 1),
      );
      expect(first.filter((c) => c.completed === total)).toHaveLength(1);
      expect(first.find((c) => c.completed === total)?.failed).toBe(failedIndexes.size);
      for (const [index, c] of first.entries()) expect(c.childFailed).toBe(failedIndexes.has(index));
      // Failures are counted in the same order: each failed child sees one more failure than the one before it.
      expect(
        first
          .filter((c) => c.childFailed)
          .map((c) => c.failed)
          .sort(),
      ).toEqual([1, 2, 3]);
      const results = byIndex(await store().childResults(arn, join));
      expect(results).toEqual(Array.from({ length: total }, (_, i) => result(i, failedIndexes.has(i))));
    });

    it('sees every earlier child counted when reporting after them', async () => {
      const arn = await started(store());
      const join = 'root/9.0';
      for (let i = 0; i < 5; i++) {
        expect((await store().completeChild(arn, join, result(i, i % 2 === 1), 6)).completed).toBe(i + 1);
      }
      expect(await store().completeChild(arn, join, result(5), 6)).toEqual(counts(6, 2));
    });

    it('keeps joins of different ids and executions apart', async () => {
      const arn = await started(store());
      const other = await started(store());
      await store().completeChild(arn, 'root/2.0', result(0), 2);
      await store().completeChild(arn, 'root/2.1', result(0, true), 2);
      await store().completeChild(other, 'root/2.0', result(1), 2);
      expect(await store().childResults(arn, 'root/2.0')).toEqual([result(0)]);
      expect(await store().childResults(arn, 'root/2.1')).toEqual([result(0, true)]);
      expect(await store().childResults(other, 'root/2.0')).toEqual([result(1)]);
      expect(await store().childResults(arn, 'root/4.0')).toEqual([]);
    });

    it('reads the results of a join a page at a time, in index order, from a given child', async () => {
      const arn = await started(store());
      const join = 'root/11.0';
      for (const index of [5, 0, 3, 1]) await store().completeChild(arn, join, result(index, index === 3), 2_000);
      expect(await store().childResultsFrom(arn, join, 0, 2)).toEqual([result(0), result(1)]);
      expect(await store().childResultsFrom(arn, join, 2, 2)).toEqual([result(3, true), result(5)]);
      expect(await store().childResultsFrom(arn, join, 4, 10)).toEqual([result(5)]);
      expect(await store().childResultsFrom(arn, join, 6, 10)).toEqual([]);
      expect(await store().childResultsFrom(arn, 'root/12.0', 0, 10)).toEqual([]);
    });

    it('answers the counts of a join as they stand, whether it keeps the order of its children or not', async () => {
      const arn = await started(store());
      expect(await store().joinCounts(arn, 'root/13.0')).toEqual({ completed: 0, failed: 0 });
      for (const [join, children] of [
        ['root/13.0', 3],
        ['root/13.1', 2_000],
      ] as const) {
        await store().completeChild(arn, join, result(0), children);
        await store().completeChild(arn, join, result(2, true), children);
        await store().completeChild(arn, join, result(2, true), children);
        expect(await store().joinCounts(arn, join)).toEqual({ completed: 2, failed: 1 });
      }
    });
  });

  describe('item pages', () => {
    it('finds the page that holds a child, by the index of its first child', async () => {
      const arn = await started(store());
      const join = 'root/3.0';
      await store().putItemPage(arn, join, { first: 3, inputs: [{ n: 3 }, { n: 4 }] });
      await store().putItemPage(arn, join, { first: 0, inputs: [{ n: 0 }, { n: 1 }, { n: 2 }] });
      expect(await store().getItemPage(arn, join, 0)).toEqual({ first: 0, inputs: [{ n: 0 }, { n: 1 }, { n: 2 }] });
      expect(await store().getItemPage(arn, join, 2)).toEqual({ first: 0, inputs: [{ n: 0 }, { n: 1 }, { n: 2 }] });
      expect(await store().getItemPage(arn, join, 4)).toEqual({ first: 3, inputs: [{ n: 3 }, { n: 4 }] });
      expect(await store().getItemPage(arn, join, 5)).toBeUndefined();
      expect(await store().getItemPage(arn, 'root/3.1', 0)).toBeUndefined();
    });

    it('finds the last page of a join, by the index of its first child, and none for a join without pages', async () => {
      const arn = await started(store());
      const join = 'root/4.0';
      expect(await store().lastItemPage(arn, join)).toBeUndefined();
      await store().putItemPage(arn, join, { first: 12, inputs: [{ n: 12 }] });
      await store().putItemPage(arn, join, { first: 0, inputs: [{ n: 0 }, { n: 1 }] });
      await store().putItemPage(arn, join, { first: 2, inputs: [{ n: 2 }] });
      expect(await store().lastItemPage(arn, join)).toEqual({ first: 12, inputs: [{ n: 12 }] });
      // A join whose id extends this one's keeps its pages apart.
      await store().putItemPage(arn, 'root/4.00', { first: 20, inputs: [{ n: 20 }] });
      expect(await store().lastItemPage(arn, join)).toEqual({ first: 12, inputs: [{ n: 12 }] });
      expect(await store().lastItemPage(arn, 'root/4.1')).toBeUndefined();
    });

    it('puts a page again in place of the first (a step repeated after a crash)', async () => {
      const arn = await started(store());
      const join = 'root/5.0';
      await store().putItemPage(arn, join, { first: 0, inputs: ['a'] });
      await store().putItemPage(arn, join, { first: 0, inputs: ['a'] });
      expect(await store().getItemPage(arn, join, 0)).toEqual({ first: 0, inputs: ['a'] });
      expect(await store().getItemPage(arn, join, 1)).toBeUndefined();
    });

    it('keeps the pages of different joins and executions apart', async () => {
      const arn = await started(store());
      const other = await started(store());
      await store().putItemPage(arn, 'root/2.0', { first: 0, inputs: [1] });
      await store().putItemPage(arn, 'root/2.1', { first: 0, inputs: [2] });
      await store().putItemPage(other, 'root/2.0', { first: 0, inputs: [3] });
      expect((await store().getItemPage(arn, 'root/2.0', 0))?.inputs).toEqual([1]);
      expect((await store().getItemPage(arn, 'root/2.1', 0))?.inputs).toEqual([2]);
      expect((await store().getItemPage(other, 'root/2.0', 0))?.inputs).toEqual([3]);
    });
  });
}
