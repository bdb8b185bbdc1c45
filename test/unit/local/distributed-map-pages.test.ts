/**
 * A distributed Map whose `ItemReader` answers more than a page of items: the items are read a page
 * at a time, each page's child inputs stored apart from the Map's record, its children started as
 * slots free up, and the join ends once the last page is read and every child is counted.
 */
import { describe, expect, it } from 'vitest';
import { PAGE_ITEMS } from '../../../src/engine/states/map.js';
import { createLocalEngine } from '../../../src/local/engine.js';
import type { FrameRecord, Store } from '../../../src/runtime/ports.js';
import { checkingMap, distributedMap } from '../engine/helpers.js';

const READER = { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'b', Key: 'items.json' } };

/**
 * An engine whose reader answers `items` (paged by the engine), counting the item pages put and
 * keeping the size of the largest record of a Map waiting on its children.
 */
function engineReading(items: readonly unknown[]) {
  const seen = { largestRecord: 0, pagesPut: 0 };
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

  it('ends at once when the reader answers no item', async () => {
    const { engine } = engineReading([]);
    const result = await engine.run(distributedMap({ ItemReader: READER }), {});
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: [] });
  });
});
