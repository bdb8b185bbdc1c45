import { describe, expect, it } from 'vitest';
import { batchItems } from '../../../src/engine/states/item-batcher.js';
import { testWorkflow } from '../../../src/testing.js';
import { distributedMap } from './helpers.js';

/** A distributed Map with `batcher`, each iteration passing its batch on. */
function batchingMap(batcher: object, fields: Record<string, unknown> = {}): object {
  return distributedMap({ ItemBatcher: batcher, ...fields });
}

describe('ItemBatcher', () => {
  it('gives each iteration at most MaxItemsPerBatch items, with the BatchInput', async () => {
    const result = await testWorkflow(
      batchingMap({ MaxItemsPerBatch: 2, BatchInput: { 'tag.$': '$.tag' } }, { ItemsPath: '$.items' }),
    ).run({ tag: 't', items: [1, 2, 3, 4, 5] });
    expect(result.output).toEqual([
      { BatchInput: { tag: 't' }, Items: [1, 2] },
      { BatchInput: { tag: 't' }, Items: [3, 4] },
      { BatchInput: { tag: 't' }, Items: [5] },
    ]);
  });

  it('reads the limit from a path, a numeric string included', async () => {
    const result = await testWorkflow(batchingMap({ MaxItemsPerBatchPath: '$.size' }, { ItemsPath: '$.items' })).run({
      size: '3',
      items: ['a', 'b', 'c', 'd'],
    });
    expect(result.output).toEqual([{ Items: ['a', 'b', 'c'] }, { Items: ['d'] }]);
  });

  it('batches ItemSelector output in JSONata', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      ...(batchingMap(
        { MaxItemsPerBatch: '{% $states.input.size %}' },
        { Items: '{% $states.input.items %}', ItemSelector: '{% $states.context.Map.Item.Value * 10 %}' },
      ) as object),
    };
    const result = await testWorkflow(definition).run({ size: 2, items: [1, 2, 3] });
    expect(result.output).toEqual([{ Items: [10, 20] }, { Items: [30] }]);
  });

  it('closes a batch before the next item passes MaxInputBytesPerBatch', () => {
    // {"Items":[]} is 12 bytes; each 5-byte item "abc" adds 5, and a comma after the first.
    const batches = batchItems(['abc', 'abc', 'abc'], { maxItems: 0, maxBytes: 23 });
    expect(batches).toEqual([{ Items: ['abc', 'abc'] }, { Items: ['abc'] }]);
    expect(JSON.stringify(batches[0]).length).toBe(23);
  });

  it('fails with States.Runtime when one item alone passes MaxInputBytesPerBatch', async () => {
    const result = await testWorkflow(batchingMap({ MaxInputBytesPerBatch: 20 }, { ItemsPath: '$.items' })).run({
      items: ['short', 'a much longer item than twenty bytes'],
    });
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(result.cause).toContain('The item at index 1');
  });
});
