/**
 * A distributed Map whose `ItemReader` answers more than a page of items: the items are read a page
 * at a time, each page's child inputs stored apart from the Map's record, its children started as
 * slots free up, and the join ends once the last page is read and every child is counted.
 */
import { describe, expect, it } from 'vitest';
import { PAGE_ITEMS } from '../../../src/engine/states/map.js';
import { createLocalEngine } from '../../../src/local/engine.js';
import type { FrameRecord, Store, TaskInvoker } from '../../../src/runtime/ports.js';
import { readerPage } from '../../fault-injection/world.js';
import { checkingMap, distributedMap, doublingJoins } from '../engine/helpers.js';

const READER = { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'b', Key: 'items.json' } };

/**
 * An engine whose reader answers `items` (paged by the engine), counting the item pages put and the
 * batches carried to a next page (kept in the record, or read again), and keeping the size of the
 * largest record of a Map waiting on its children.
 */
function engineReading(items: readonly unknown[]) {
  const seen = { largestRecord: 0, pagesPut: 0, carriedKept: 0, carriedReadAgain: 0 };
  const engine = createLocalEngine({
    tasks: { 'arn:aws:states:::s3:getObject': async () => items },
    adapters: {
      store: (store: Store): Store =>
        new Proxy(store, {
          get(target, property, receiver) {
            if (property === 'commitFrame') {
              return async (record: FrameRecord) => {
                if (record.frame.stage.name === 'children') {
                  seen.largestRecord = Math.max(seen.largestRecord, JSON.stringify(record).length);
                  const carry = record.frame.stage.children.feed?.carry;
                  if (carry !== undefined) seen[carry.items === undefined ? 'carriedReadAgain' : 'carriedKept']++;
                }
                return target.commitFrame(record);
              };
            }
            if (property === 'putItemPage') {
              return async (...args: Parameters<Store['putItemPage']>) => {
                seen.pagesPut++;
                return target.putItemPage(...args);
              };
            }
            const value = Reflect.get(target, property, receiver);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        }),
    },
  });
  return { engine, seen };
}

describe('a distributed Map reading its items in pages', () => {
  const count = 2 * PAGE_ITEMS + 500;
  const items = Array.from({ length: count }, (_, n) => ({ n }));

  it("runs every item once, in order, with its index, while the Map's record holds none of them", async () => {
    const { engine, seen } = engineReading(items);
    const result = await engine.run(
      distributedMap({
        ItemReader: READER,
        ItemSelector: { 'index.$': '$$.Map.Item.Index', 'n.$': '$$.Map.Item.Value.n' },
        ItemBatcher: { MaxItemsPerBatch: 7 },
        MaxConcurrency: 5,
      }),
      {},
    );
    expect(result.status).toBe('SUCCEEDED');
    const batches = result.output as { Items: { index: number; n: number }[] }[];
    const flat = batches.flatMap((batch) => batch.Items);
    expect(flat).toEqual(items.map(({ n }) => ({ index: n, n })));
    // A page holds whole batches: every batch but the last is full.
    expect(batches.slice(0, -1).every((batch) => batch.Items.length === 7)).toBe(true);
    expect(seen.pagesPut).toBeGreaterThanOrEqual(3);
    expect(seen.largestRecord).toBeGreaterThan(0);
    expect(seen.largestRecord).toBeLessThan(JSON.stringify(items).length / 4);
  });

  it('stops reading and fails the state when a child fails and no failure is tolerated', async () => {
    const failing = items.map((item, n) => (n === 3 ? { fail: true } : item));
    const { engine } = engineReading(failing);
    const result = await engine.run(checkingMap({ ItemReader: READER, MaxConcurrency: 2 }), {});
    expect(result).toMatchObject({ status: 'FAILED', error: 'Item.Bad', cause: 'no' });
    const types = result.history.map((e) => e.type);
    expect(types).toContain('MapRunFailed');
  });

  it('keeps the failures it tolerates in the output, in item order', async () => {
    const failing = items.map((item, n) => (n % 1_000 === 999 ? { fail: true } : item));
    const { engine } = engineReading(failing);
    const result = await engine.run(
      checkingMap({ ItemReader: READER, MaxConcurrency: 50, ToleratedFailureCount: 2 }),
      {},
    );
    expect(result.status).toBe('SUCCEEDED');
    const output = result.output as unknown[];
    expect(output).toHaveLength(count);
    expect(output[999]).toEqual({ Error: 'Item.Bad', Cause: 'no' });
    expect(output[1_999]).toEqual({ Error: 'Item.Bad', Cause: 'no' });
    expect(output[2_000]).toEqual({ n: 2_000 });
  });

  it('fails beyond the tolerated count', async () => {
    const failing = items.map((item, n) => (n % 500 === 0 ? { fail: true } : item));
    const { engine } = engineReading(failing);
    const result = await engine.run(
      checkingMap({ ItemReader: READER, MaxConcurrency: 50, ToleratedFailureCount: 2 }),
      {},
    );
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
  });

  it('reads no more than MaxItems, across pages', async () => {
    const { engine } = engineReading(items);
    const result = await engine.run(
      distributedMap({ ItemReader: { ...READER, ReaderConfig: { MaxItems: PAGE_ITEMS + 3 } } }),
      {},
    );
    expect(result.output).toEqual(items.slice(0, PAGE_ITEMS + 3));
  });

  describe('batches by bytes, as one read of every item makes them', () => {
    // Items of 20 to 56 bytes, so that batches by bytes end anywhere in a page.
    const sized = items.map(({ n }) => ({ n, pad: 'x'.repeat((n * 7) % 37) }));
    const selector = { 'index.$': '$$.Map.Item.Index', 'pad.$': '$$.Map.Item.Value.pad' };

    /** The batches of the Map read in pages, beside those of the same Map over the items in its input. */
    async function bothWays(batcher: object, reader: object = READER, inputs: readonly unknown[] = sized) {
      const { engine, seen } = engineReading(inputs);
      const paged = await engine.run(
        distributedMap({ ItemReader: reader, ItemSelector: selector, ItemBatcher: batcher, MaxConcurrency: 20 }),
        {},
      );
      const whole = await createLocalEngine().run(
        distributedMap({ ItemsPath: '$.items', ItemSelector: selector, ItemBatcher: batcher, MaxConcurrency: 20 }),
        { items: inputs.slice(0, (reader as { ReaderConfig?: { MaxItems?: number } }).ReaderConfig?.MaxItems) },
      );
      expect(paged).toMatchObject({ status: 'SUCCEEDED' });
      expect(whole).toMatchObject({ status: 'SUCCEEDED' });
      return {
        paged: paged.output as { Items: unknown[] }[],
        whole: whole.output as { Items: unknown[] }[],
        seen,
      };
    }

    /** True when the batches span the pages' ends: a batch holds items of two pages. */
    const spansPages = (batches: readonly { Items: unknown[] }[]) => {
      let first = 0;
      return batches.some((batch) => {
        const end = first + batch.Items.length;
        const spans = Math.floor(first / PAGE_ITEMS) !== Math.floor((end - 1) / PAGE_ITEMS);
        first = end;
        return spans;
      });
    };

    it('carries a batch too large to keep to the next page, reading its items again', async () => {
      const { paged, whole, seen } = await bothWays({ MaxInputBytesPerBatch: 2_000 });
      expect(paged).toEqual(whole);
      expect(seen.carriedReadAgain).toBeGreaterThan(0);
      expect(spansPages(paged)).toBe(true);
      expect(paged.flatMap((batch) => batch.Items)).toHaveLength(count);
    });

    it('carries a small batch in the Map record', async () => {
      const { paged, whole, seen } = await bothWays({ MaxInputBytesPerBatch: 150 });
      expect(paged).toEqual(whole);
      expect(seen.carriedReadAgain).toBe(0);
      expect(seen.carriedKept).toBeGreaterThan(0);
      expect(spansPages(paged)).toBe(true);
    });

    it('carries a batch that MaxInputBytesPerBatch closed before MaxItemsPerBatch', async () => {
      const { paged, whole } = await bothWays({ MaxItemsPerBatch: 30, MaxInputBytesPerBatch: 1_000 });
      expect(paged).toEqual(whole);
      expect(spansPages(paged)).toBe(true);
    });

    it('carries a batch over every page it spans, up to MaxItems', async () => {
      // Items of about 25 bytes each after ItemSelector: about 1,200 in a batch.
      const small = items.map(({ n }) => ({ n, pad: '' }));
      const { paged, whole, seen } = await bothWays(
        { MaxInputBytesPerBatch: 30_000 },
        { ...READER, ReaderConfig: { MaxItems: 2 * PAGE_ITEMS + 100 } },
        small,
      );
      expect(paged).toEqual(whole);
      expect(paged[0]!.Items.length).toBeGreaterThan(PAGE_ITEMS);
      expect(seen.carriedReadAgain).toBeGreaterThan(0);
      expect(paged.flatMap((batch) => batch.Items)).toHaveLength(2 * PAGE_ITEMS + 100);
    });
  });

  it('fails, saying so, when a reader answers fewer items than a carried batch reads again', async () => {
    // A reader that answers at most 3 items a page, as the fault suites' does.
    const sized = items.map(({ n }) => ({ n, pad: 'x'.repeat(40) }));
    const engine = createLocalEngine({
      adapters: {
        invoker: (invoker: TaskInvoker): TaskInvoker => ({
          ...invoker,
          invoke: async (task, execution) =>
            task.itemReader !== undefined ? readerPage(task, sized) : invoker.invoke(task, execution),
        }),
      },
    });
    const result = await engine.run(
      distributedMap({ ItemReader: READER, ItemBatcher: { MaxInputBytesPerBatch: 2_000 } }),
      {},
    );
    expect(result).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: expect.stringContaining(
        'The ItemReader answered 3 items, fewer than the 6 read again to finish the batch a page before began.',
      ),
    });
  });

  it('ends at once when the reader answers no item', async () => {
    const { engine } = engineReading([]);
    const result = await engine.run(distributedMap({ ItemReader: READER }), {});
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: [] });
  });
});

describe("a fed run's end", () => {
  it('writes the results once when two wake-ups race to end the join', async () => {
    const items = Array.from({ length: PAGE_ITEMS + 10 }, (_, n) => ({ n }));
    const writes: unknown[] = [];
    const engine = createLocalEngine({
      tasks: {
        'arn:aws:states:::s3:getObject': async () => items,
        'arn:aws:states:::s3:putObject': async (input) => {
          writes.push(input);
          return {};
        },
      },
      adapters: { queue: doublingJoins },
    });
    const result = await engine.run(
      distributedMap({
        ItemReader: READER,
        MaxConcurrency: 20,
        ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'b', Prefix: 'out' } },
      }),
      {},
    );
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toMatchObject({ ResultWriterDetails: { Bucket: 'b' } });
    expect(writes).toEqual([{ Bucket: 'b', Prefix: 'out' }]);
  });
});
