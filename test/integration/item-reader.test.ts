/**
 * A distributed Map's `ItemReader` and `ItemBatcher` against the emulator's S3: JSON Lines, CSV with
 * another delimiter and quoted fields, an S3 inventory (manifest and gzipped CSV files), the objects
 * of a `listObjectsV2` prefix, `MaxItems`, and the failures AWS names `States.ItemReaderFailed`. The
 * embedded engine calls S3 through the same invoker as the worker on AWS.
 */
import { gzipSync } from 'node:zlib';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalEngine } from '../../src/local/engine.js';
import { distributedMap } from '../unit/engine/helpers.js';
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
});
