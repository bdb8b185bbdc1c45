/**
 * A distributed Map's `ItemReader` and `ItemBatcher` against the emulator's S3: JSON Lines, CSV with
 * another delimiter and quoted fields, an S3 inventory (manifest and gzipped CSV files), the objects
 * of a `listObjectsV2` prefix, `MaxItems`, and the failures AWS names `States.ItemReaderFailed`. The
 * embedded engine calls S3 through the same invoker as the worker on AWS.
 */
import { gzipSync } from 'node:zlib';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReaderConfig } from '../../src/engine/types.js';
import { AwsClients } from '../../src/integrations/clients.js';
import { readItems } from '../../src/integrations/item-reader.js';
import { createLocalEngine } from '../../src/local/engine.js';
import { distributedMap } from '../unit/engine/helpers.js';
import { readerTask } from '../unit/integrations/fake-client.js';
import { emulatorName, emulatorsConfigured, uniqueName } from './helpers.js';

const endpoint = process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL_SQS ?? '';

/** A distributed Map reading with `reader`, each iteration passing its input on. */
function readingMap(reader: object, fields: Record<string, unknown> = {}): object {
  return distributedMap({ ItemReader: reader, ...fields });
}

describe.skipIf(!emulatorsConfigured)(`ItemReader on ${emulatorName}'s S3`, () => {
  const bucket = uniqueName('items');
  const engine = () => createLocalEngine({ endpoint });

  beforeAll(async () => {
    const s3 = new S3Client({ endpoint, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const put = (Key: string, Body: string | Uint8Array) =>
      s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body }));
    await put('orders.jsonl', '{"id":1}\n\n{"id":2}\r\n{"id":3}\n');
    await put('orders.csv', 'id;note\n1;"a; b"\n2;"say ""hi"""\n3;"two\nlines"\n');
    await put('inventory/data/part-1.csv.gz', gzipSync(`"${bucket}","a.txt","10"\n"${bucket}","b.txt","20"\n`));
    await put('inventory/data/part-2.csv.gz', gzipSync(`"${bucket}","c.txt","30"\n`));
    await put(
      'inventory/manifest.json',
      JSON.stringify({
        sourceBucket: bucket,
        destinationBucket: `arn:aws:s3:::${bucket}`,
        fileFormat: 'CSV',
        fileSchema: 'Bucket, Key, Size',
        files: [{ key: 'inventory/data/part-1.csv.gz' }, { key: 'inventory/data/part-2.csv.gz' }],
      }),
    );
    for (const key of ['photos/1.jpg', 'photos/2.jpg', 'photos/3.jpg', 'other/x.jpg']) await put(key, key);
  });

  it('reads JSON Lines, skipping empty lines', async () => {
    const result = await engine().run(
      readingMap({
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSONL' },
        Parameters: { Bucket: bucket, Key: 'orders.jsonl' },
      }),
      {},
    );
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: [{ id: 1 }, { id: 2 }, { id: 3 }] });
  });

  it('reads CSV with a declared delimiter and quoted fields', async () => {
    const result = await engine().run(
      readingMap({
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW', CSVDelimiter: 'SEMICOLON' },
        Parameters: { Bucket: bucket, Key: 'orders.csv' },
      }),
      {},
    );
    expect(result.output).toEqual([
      { id: '1', note: 'a; b' },
      { id: '2', note: 'say "hi"' },
      { id: '3', note: 'two\nlines' },
    ]);
  });

  it('reads the rows of an S3 inventory, file after file, up to MaxItems', async () => {
    const reader = (maxItems: number) => ({
      Resource: 'arn:aws:states:::s3:getObject',
      ReaderConfig: { InputType: 'MANIFEST', MaxItems: maxItems },
      Parameters: { Bucket: bucket, Key: 'inventory/manifest.json' },
    });
    const all = await engine().run(readingMap(reader(0)), {});
    expect(all.output).toEqual([
      { Bucket: bucket, Key: 'a.txt', Size: '10' },
      { Bucket: bucket, Key: 'b.txt', Size: '20' },
      { Bucket: bucket, Key: 'c.txt', Size: '30' },
    ]);
    const two = await engine().run(readingMap(reader(2)), {});
    expect((two.output as unknown[]).length).toBe(2);
  });

  it('iterates the objects under a prefix with listObjectsV2, with ItemSelector and ItemBatcher', async () => {
    const result = await engine().run(
      readingMap(
        { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { 'Bucket.$': '$.bucket', Prefix: 'photos/' } },
        {
          ItemSelector: { 'key.$': '$$.Map.Item.Value.Key', 'size.$': '$$.Map.Item.Value.Size' },
          ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'run.$': '$.run' } },
        },
      ),
      { bucket, run: 'r1' },
    );
    expect(result.output).toEqual([
      {
        BatchInput: { run: 'r1' },
        Items: [
          { key: 'photos/1.jpg', size: 12 },
          { key: 'photos/2.jpg', size: 12 },
        ],
      },
      { BatchInput: { run: 'r1' }, Items: [{ key: 'photos/3.jpg', size: 12 }] },
    ]);
  });

  it('fails with States.ItemReaderFailed when the object does not exist, and a Catch sees it', async () => {
    const definition = readingMap(
      {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSON' },
        Parameters: { Bucket: bucket, Key: 'missing.json' },
      },
      { End: undefined, Next: 'Done', Catch: [{ ErrorEquals: ['States.ItemReaderFailed'], Next: 'Caught' }] },
    ) as { States: Record<string, unknown> };
    definition.States.Done = { Type: 'Succeed' };
    definition.States.Caught = { Type: 'Pass', End: true };
    const result = await engine().run(definition, {});
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toMatchObject({ Error: 'States.ItemReaderFailed' });
    expect(String((result.output as { Cause: string }).Cause)).toMatch(/key does not exist/i);
    expect(result.history?.map((e) => e.type)).toEqual(
      expect.arrayContaining(['MapRunStarted', 'MapRunFailed', 'PassStateEntered']),
    );
  });

  it('fails with States.ItemReaderFailed naming the line of a JSON Lines object that is not JSON', async () => {
    const s3 = new S3Client({ endpoint, forcePathStyle: true });
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'bad.jsonl', Body: '{"id":1}\n{oops\n' }));
    const result = await engine().run(
      readingMap({
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSONL' },
        Parameters: { Bucket: bucket, Key: 'bad.jsonl' },
      }),
      {},
    );
    expect(result).toMatchObject({
      status: 'FAILED',
      error: 'States.ItemReaderFailed',
      cause: 'Line 2 of the JSON Lines object is not JSON.',
    });
  });

  describe('a page at a time', () => {
    const clients = new AwsClients({ endpoint });
    const s3 = new S3Client({ endpoint, forcePathStyle: true });
    const put = (Key: string, Body: string | Uint8Array) =>
      s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body }));

    /** The pages of a reader of 2 items each, and the items of a whole read. */
    async function pagesAndWhole(action: string, config: Partial<ReaderConfig>, parameters: Record<string, unknown>) {
      const pages: unknown[][] = [];
      let cursor: unknown;
      do {
        const result = await readItems(
          readerTask(config, parameters, { cursor, maxItems: 2 }, action),
          clients,
          'us-east-1',
        );
        expect(result).toMatchObject({ ok: true });
        const output = (result as { output: { Items: unknown[]; Cursor?: unknown } }).output;
        pages.push(output.Items);
        cursor = output.Cursor;
        expect(JSON.stringify(cursor ?? null).length).toBeLessThanOrEqual(300);
      } while (cursor !== undefined && pages.length < 100);
      const all = await readItems(readerTask(config, parameters, undefined, action), clients, 'us-east-1');
      return { pages, whole: (all as { output: unknown }).output };
    }

    it('reads JSON Lines, CSV and a JSON array in pages with ranged reads, as a whole read does', async () => {
      await put('paged.jsonl', '{"s":"é"}\r\n\n{"s":"日本"}\n{"s":"🙂"}\n{"s":"x"}\n{"s":"y"}');
      await put('paged.csv', 'id,note\r\n1,"two\nlines"\n2,"日本"\n3,c\n4,d\n');
      await put('paged.json', ` [ {"a":[1,"],"]} , "é" ,3, [4] ,{"b":null} ] `);
      const jsonl = await pagesAndWhole('getObject', { InputType: 'JSONL' }, { Bucket: bucket, Key: 'paged.jsonl' });
      expect(jsonl.pages).toEqual([[{ s: 'é' }, { s: '日本' }], [{ s: '🙂' }, { s: 'x' }], [{ s: 'y' }]]);
      expect(jsonl.pages.flat()).toEqual(jsonl.whole);
      const csv = await pagesAndWhole(
        'getObject',
        { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' },
        { Bucket: bucket, Key: 'paged.csv' },
      );
      expect(csv.pages).toEqual([
        [
          { id: '1', note: 'two\nlines' },
          { id: '2', note: '日本' },
        ],
        [
          { id: '3', note: 'c' },
          { id: '4', note: 'd' },
        ],
      ]);
      expect(csv.pages.flat()).toEqual(csv.whole);
      const json = await pagesAndWhole('getObject', { InputType: 'JSON' }, { Bucket: bucket, Key: 'paged.json' });
      expect(json.pages).toEqual([[{ a: [1, '],'] }, 'é'], [3, [4]], [{ b: null }]]);
      expect(json.pages.flat()).toEqual(json.whole);
    });

    it('reads an S3 inventory and a listObjectsV2 prefix in pages, up to MaxItems', async () => {
      const inventory = await pagesAndWhole(
        'getObject',
        { InputType: 'MANIFEST' },
        { Bucket: bucket, Key: 'inventory/manifest.json' },
      );
      expect(inventory.pages.map((p) => p.length)).toEqual([2, 1]);
      expect(inventory.pages.flat()).toEqual(inventory.whole);
      const listing = await pagesAndWhole('listObjectsV2', { MaxItems: 3 }, { Bucket: bucket, Prefix: 'photos/' });
      expect(listing.pages.map((p) => p.map((o) => (o as { Key: string }).Key))).toEqual([
        ['photos/1.jpg', 'photos/2.jpg'],
        ['photos/3.jpg'],
      ]);
      expect(listing.pages.flat()).toEqual(listing.whole);
    });

    it('fails States.ItemReaderFailed when the object changed between pages', async () => {
      await put('changing.jsonl', '1\n2\n3\n');
      const first = await readItems(
        readerTask({ InputType: 'JSONL' }, { Bucket: bucket, Key: 'changing.jsonl' }, { maxItems: 2 }),
        clients,
        'us-east-1',
      );
      await put('changing.jsonl', '7\n8\n9\n10\n');
      const cursor = (first as { output: { Cursor?: unknown } }).output.Cursor;
      expect(cursor).toBeDefined();
      const second = await readItems(
        readerTask({ InputType: 'JSONL' }, { Bucket: bucket, Key: 'changing.jsonl' }, { cursor, maxItems: 2 }),
        clients,
        'us-east-1',
      );
      expect(second).toMatchObject({
        ok: false,
        error: 'States.ItemReaderFailed',
        cause: expect.stringContaining('pre-conditions you specified did not hold'),
      });
    });
  });
});
