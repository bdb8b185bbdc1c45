/**
 * The ItemReader read a page at a time (`TaskInvocation.itemPage`) over a fake S3 that serves ranged
 * `GetObject`s in small chunks and `ListObjectsV2` pages: every source's pages, concatenated, are the
 * items of a whole read, whatever the chunk and page sizes; cursors are small and hold no item; a page
 * pulls about a page of the object, not the object.
 */
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ReaderConfig, TaskInvocation } from '../../../src/engine/types.js';
import { AwsClients, type SdkClient } from '../../../src/integrations/clients.js';
import { readItems } from '../../../src/integrations/item-reader.js';
import { readerTask, serviceError } from './fake-client.js';

/** An S3 that serves objects in `chunk`-byte pieces, honouring `Range` and `IfMatch`, and counts the bytes pulled. */
class FakeS3 implements SdkClient {
  readonly config = { serviceId: 'S3' };
  readonly sent: { name: string; input: Record<string, unknown> }[] = [];
  private readonly objects = new Map<string, { body: Buffer; etag: string }>();
  private version = 0;
  /** Bytes of object bodies the reader pulled from their streams. */
  pulled = 0;

  constructor(private readonly chunk = 5) {}

  put(key: string, body: string | Buffer): this {
    this.version++;
    this.objects.set(key, {
      body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'),
      etag: `"v${this.version}"`,
    });
    return this;
  }

  gets(): Record<string, unknown>[] {
    return this.sent.filter((s) => s.name === 'GetObjectCommand').map((s) => s.input);
  }

  async send(command: unknown): Promise<unknown> {
    const c = command as { constructor: { name: string }; input: Record<string, unknown> };
    this.sent.push({ name: c.constructor.name, input: c.input });
    if (c.constructor.name === 'ListObjectsV2Command') return this.list(c.input);
    const object = this.objects.get(String(c.input.Key));
    if (object === undefined) {
      throw serviceError('NoSuchKey', 'The specified key does not exist.', { modelled: true, status: 404 });
    }
    if (c.input.IfMatch !== undefined && c.input.IfMatch !== object.etag) {
      throw serviceError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
        modelled: false,
        status: 412,
      });
    }
    const range = /^bytes=(\d+)-(\d*)$/.exec(String(c.input.Range ?? ''));
    const start = range === null ? 0 : Number(range[1]);
    const end = range === null || range[2] === '' ? object.body.length : Number(range[2]) + 1;
    const body = object.body.subarray(start, end);
    const size = this.chunk;
    const self = this;
    function* pieces(): Generator<Buffer> {
      for (let at = 0; at < body.length; at += size) {
        const piece = body.subarray(at, at + size);
        self.pulled += piece.length;
        yield piece;
      }
    }
    return { Body: Readable.from(pieces(), { objectMode: false, highWaterMark: size }), ETag: object.etag };
  }

  private list(input: Record<string, unknown>): unknown {
    const keys = [...this.objects.keys()].filter((k) => k.startsWith(String(input.Prefix ?? ''))).sort();
    const after = input.ContinuationToken === undefined ? 0 : Number(input.ContinuationToken);
    const max = Number(input.MaxKeys ?? 1000);
    const page = keys.slice(after, after + max);
    const truncated = after + max < keys.length;
    return {
      Contents: page.map((Key) => ({ Key, ETag: this.objects.get(Key)?.etag, Size: 1, StorageClass: 'STANDARD' })),
      IsTruncated: truncated,
      ...(truncated ? { NextContinuationToken: String(after + max) } : {}),
    };
  }
}

interface Paged {
  readonly pages: unknown[][];
  readonly cursors: unknown[];
}

/** Every page of the reader, page after page until a page has no cursor. */
async function allPages(
  s3: FakeS3,
  config: Partial<ReaderConfig>,
  parameters: Record<string, unknown>,
  maxItems: number,
  action = 'getObject',
): Promise<Paged> {
  const clients = new AwsClients({ prebuilt: { S3: s3 } });
  const pages: unknown[][] = [];
  const cursors: unknown[] = [];
  let cursor: unknown;
  for (let n = 0; n < 1000; n++) {
    const result = await readItems(readerTask(config, parameters, { cursor, maxItems }, action), clients, 'us-east-1');
    if (!result.ok) throw new Error(`${result.error}: ${result.cause}`);
    const output = result.output as { Items: unknown[]; Cursor?: unknown };
    expect(output.Items.length).toBeLessThanOrEqual(maxItems);
    pages.push(output.Items);
    if (output.Cursor === undefined) return { pages, cursors };
    expect(JSON.stringify(output.Cursor).length).toBeLessThanOrEqual(300);
    cursors.push(output.Cursor);
    cursor = JSON.parse(JSON.stringify(output.Cursor));
  }
  throw new Error('more than 1,000 pages');
}

async function whole(
  s3: FakeS3,
  config: Partial<ReaderConfig>,
  parameters: Record<string, unknown>,
  action = 'getObject',
): Promise<unknown> {
  const result = await readItems(
    readerTask(config, parameters, undefined, action),
    new AwsClients({ prebuilt: { S3: s3 } }),
    'us-east-1',
  );
  if (!result.ok) throw new Error(`${result.error}: ${result.cause}`);
  return result.output;
}

async function failure(s3: FakeS3, task: TaskInvocation): Promise<{ error?: string; cause?: string }> {
  const result = await readItems(task, new AwsClients({ prebuilt: { S3: s3 } }), 'us-east-1');
  expect(result.ok).toBe(false);
  return result as { error?: string; cause?: string };
}

const at = { Bucket: 'b', Key: 'items' };

describe('readItems a page at a time', () => {
  describe('JSON Lines', () => {
    const body = '{"n":1,"s":"é"}\r\n\n{"n":2,"s":"日本"}\n{"n":3,"s":"🙂,"}\r\n\r\n{"n":4}\n{"n":5,"s":"ü"}';
    const expected = [{ n: 1, s: 'é' }, { n: 2, s: '日本' }, { n: 3, s: '🙂,' }, { n: 4 }, { n: 5, s: 'ü' }];

    it.each([
      [1, 1],
      [2, 1],
      [3, 2],
      [5, 3],
      [7, 4],
    ])(
      'gives the items of a whole read in pages, chunks of %i bytes splitting characters, pages of %i',
      async (chunk, size) => {
        const s3 = new FakeS3(chunk).put('items', body);
        const { pages, cursors } = await allPages(s3, { InputType: 'JSONL' }, at, size);
        expect(pages.flat()).toEqual(expected);
        expect(await whole(new FakeS3(chunk).put('items', body), { InputType: 'JSONL' }, at)).toEqual(expected);
        expect(pages.length).toBe(Math.ceil(expected.length / size));
        for (const cursor of cursors) expect(JSON.stringify(cursor)).not.toMatch(/é|日本|🙂|"n"/);
        // Each later page is a ranged read from its cursor's offset, of the object its first page read.
        const ranges = s3.gets().slice(1);
        expect(ranges.map((g) => g.Range)).toEqual(cursors.map((c) => `bytes=${(c as { offset: number }).offset}-`));
        for (const g of ranges) expect(g.IfMatch).toBe('"v1"');
      },
    );

    it('names the line of a later page that is not JSON by its number in the object', async () => {
      const s3 = new FakeS3(4).put('items', '{"a":1}\n\n{"a":2}\r\n{"a":3}\n{oops\n');
      const first = await readItems(
        readerTask({ InputType: 'JSONL' }, at, { maxItems: 2 }),
        new AwsClients({ prebuilt: { S3: s3 } }),
        'us-east-1',
      );
      const cursor = (first as { output: { Cursor: unknown } }).output.Cursor;
      expect(await failure(s3, readerTask({ InputType: 'JSONL' }, at, { cursor, maxItems: 2 }))).toMatchObject({
        error: 'States.ItemReaderFailed',
        cause: 'Line 5 of the JSON Lines object is not JSON.',
      });
    });

    it('ends with the last page exactly full, trailing empty lines read past', async () => {
      const s3 = new FakeS3(3).put('items', '1\n2\n3\n4\n\r\n\n');
      const { pages } = await allPages(s3, { InputType: 'JSONL' }, at, 2);
      expect(pages).toEqual([
        [1, 2],
        [3, 4],
      ]);
    });

    it('gives no items and no cursor for an empty object', async () => {
      const s3 = new FakeS3().put('items', '');
      expect((await allPages(s3, { InputType: 'JSONL' }, at, 10)).pages).toEqual([[]]);
    });

    it('stops at MaxItems across pages', async () => {
      const s3 = new FakeS3().put('items', '1\n2\n3\n4\n5\n6\n7\n');
      const { pages, cursors } = await allPages(s3, { InputType: 'JSONL', MaxItems: 5 }, at, 2);
      expect(pages).toEqual([[1, 2], [3, 4], [5]]);
      expect(cursors.map((c) => (c as { read: number }).read)).toEqual([2, 4]);
    });

    it('pulls about a page of the object, not the object', async () => {
      const lines = Array.from({ length: 20_000 }, (_, n) => JSON.stringify({ n, pad: 'x'.repeat(20) }));
      const s3 = new FakeS3(256).put('items', `${lines.join('\n')}\n`);
      const clients = new AwsClients({ prebuilt: { S3: s3 } });
      const first = await readItems(readerTask({ InputType: 'JSONL' }, at, { maxItems: 10 }), clients, 'us-east-1');
      const cursor = (first as { output: { Cursor: unknown } }).output.Cursor;
      s3.pulled = 0;
      const second = await readItems(
        readerTask({ InputType: 'JSONL' }, at, { cursor, maxItems: 10 }),
        clients,
        'us-east-1',
      );
      expect((second as { output: { Items: { n: number }[] } }).output.Items.map((i) => i.n)).toEqual([
        10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
      ]);
      // 10 lines of ~35 bytes, plus the stream's read-ahead: far below the object's ~700 KB.
      expect(s3.pulled).toBeLessThan(8 * 1024);
    });

    it('fails when the object changed between pages, as S3 refuses the IfMatch', async () => {
      const s3 = new FakeS3().put('items', '1\n2\n3\n');
      const clients = new AwsClients({ prebuilt: { S3: s3 } });
      const first = await readItems(readerTask({ InputType: 'JSONL' }, at, { maxItems: 2 }), clients, 'us-east-1');
      s3.put('items', '9\n9\n9\n9\n');
      const cursor = (first as { output: { Cursor: unknown } }).output.Cursor;
      expect(await failure(s3, readerTask({ InputType: 'JSONL' }, at, { cursor, maxItems: 2 }))).toMatchObject({
        error: 'States.ItemReaderFailed',
        cause: expect.stringContaining('pre-conditions'),
      });
    });
  });

  describe('CSV', () => {
    const body =
      'id,note,ünï\r\n1,"a, b",x\r\n2,"two\r\nlines, ""quoted""",ß\n\n3,"日本\nline",\n4,plain,"z"\r\n5,"🙂",last';
    const expected = [
      { id: '1', note: 'a, b', ünï: 'x' },
      { id: '2', note: 'two\r\nlines, "quoted"', ünï: 'ß' },
      { id: '3', note: '日本\nline', ünï: '' },
      { id: '4', note: 'plain', ünï: 'z' },
      { id: '5', note: '🙂', ünï: 'last' },
    ];
    const config = { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' } as const;

    it.each([
      [1, 1],
      [2, 2],
      [3, 1],
      [7, 2],
      [11, 3],
    ])(
      'gives the records of a whole read, quoted line breaks crossing chunks of %i bytes, pages of %i',
      async (chunk, size) => {
        const s3 = new FakeS3(chunk).put('items', body);
        const { pages, cursors } = await allPages(s3, config, at, size);
        expect(pages.flat()).toEqual(expected);
        expect(await whole(new FakeS3(chunk).put('items', body), config, at)).toEqual(expected);
        expect(pages.length).toBe(Math.ceil(expected.length / size));
        for (const cursor of cursors) expect(cursor).toMatchObject({ headers: ['id', 'note', 'ünï'] });
      },
    );

    it('reads a header too large for the cursor again with a ranged read', async () => {
      const headers = Array.from({ length: 40 }, (_, n) => `column_${n}`);
      const row = (n: number) => headers.map((_, c) => `${n}.${c}`).join(';');
      const s3 = new FakeS3(64).put('items', `${headers.join(';')}\n${row(1)}\n${row(2)}\n${row(3)}\n`);
      const csv = { ...config, CSVDelimiter: 'SEMICOLON' } as const;
      const { pages, cursors } = await allPages(s3, csv, at, 2);
      expect(pages.flat().map((item) => (item as Record<string, string>).column_39)).toEqual(['1.39', '2.39', '3.39']);
      const headerEnd = headers.join(';').length + 1;
      expect(cursors).toEqual([expect.objectContaining({ headerEnd })]);
      expect(s3.gets().map((g) => g.Range)).toEqual([undefined, `bytes=0-${headerEnd - 1}`, expect.any(String)]);
    });

    it('reads GIVEN headers with a delimiter, the last page exactly full', async () => {
      const s3 = new FakeS3(2).put('items', '1|a\n2|b\n3|c\n4|d\n\n');
      const given = {
        InputType: 'CSV',
        CSVHeaderLocation: 'GIVEN',
        CSVHeaders: ['n', 'l'],
        CSVDelimiter: 'PIPE',
      } as const;
      const { pages, cursors } = await allPages(s3, given, at, 2);
      expect(pages).toEqual([
        [
          { n: '1', l: 'a' },
          { n: '2', l: 'b' },
        ],
        [
          { n: '3', l: 'c' },
          { n: '4', l: 'd' },
        ],
      ]);
      expect(cursors).toEqual([{ offset: 8, read: 2, etag: '"v1"' }]);
    });

    it('gives no items and no cursor for an empty object or a header alone', async () => {
      expect((await allPages(new FakeS3().put('items', ''), config, at, 3)).pages).toEqual([[]]);
      expect((await allPages(new FakeS3().put('items', 'a,b\r\n'), config, at, 3)).pages).toEqual([[]]);
    });

    it('stops at MaxItems across pages', async () => {
      const s3 = new FakeS3().put('items', body);
      const { pages } = await allPages(s3, { ...config, MaxItems: 3 }, at, 2);
      expect(pages).toEqual([expected.slice(0, 2), expected.slice(2, 3)]);
    });
  });

  describe('JSON array', () => {
    const items = [
      { a: [1, { b: '],}' }], s: 'quote \\" and \\\\' },
      'é, 日本 ] 🙂',
      -1.5e3,
      [[], {}],
      null,
      true,
      { deep: { er: [[['x']]] } },
    ];
    const body = `\uFEFF \n[\n  ${items.map((i) => JSON.stringify(i)).join(' ,\r\n ')} \n]\n`;

    it.each([
      [1, 1],
      [2, 3],
      [3, 2],
      [8, 7],
      [13, 4],
    ])('gives the elements of the whole array, chunks of %i bytes, pages of %i', async (chunk, size) => {
      const s3 = new FakeS3(chunk).put('items', body);
      const { pages, cursors } = await allPages(s3, { InputType: 'JSON' }, at, size);
      expect(pages.flat()).toEqual(items);
      expect(await whole(new FakeS3(chunk).put('items', body), { InputType: 'JSON' }, at)).toEqual(items);
      expect(pages.length).toBe(Math.ceil(items.length / size));
      for (const cursor of cursors) expect(Object.keys(cursor as object).sort()).toEqual(['etag', 'offset', 'read']);
    });

    it('pulls about a page of a large array, not the array', async () => {
      const big = JSON.stringify(Array.from({ length: 20_000 }, (_, n) => ({ n, pad: 'y'.repeat(20) })));
      const s3 = new FakeS3(256).put('items', big);
      const clients = new AwsClients({ prebuilt: { S3: s3 } });
      const first = await readItems(readerTask({ InputType: 'JSON' }, at, { maxItems: 5 }), clients, 'us-east-1');
      const cursor = (first as { output: { Cursor: unknown } }).output.Cursor;
      s3.pulled = 0;
      const second = await readItems(
        readerTask({ InputType: 'JSON' }, at, { cursor, maxItems: 5 }),
        clients,
        'us-east-1',
      );
      expect((second as { output: { Items: { n: number }[] } }).output.Items.map((i) => i.n)).toEqual([5, 6, 7, 8, 9]);
      expect(s3.pulled).toBeLessThan(8 * 1024);
    });

    it('ends with the last page exactly full, and gives nothing for an empty array', async () => {
      expect((await allPages(new FakeS3().put('items', '[1,2,3,4]'), { InputType: 'JSON' }, at, 2)).pages).toEqual([
        [1, 2],
        [3, 4],
      ]);
      expect((await allPages(new FakeS3().put('items', ' [ ] '), { InputType: 'JSON' }, at, 2)).pages).toEqual([[]]);
    });

    it('stops at MaxItems across pages', async () => {
      const s3 = new FakeS3().put('items', body);
      expect((await allPages(s3, { InputType: 'JSON', MaxItems: 4 }, at, 3)).pages).toEqual([
        items.slice(0, 3),
        items.slice(3, 4),
      ]);
    });

    it('fails as a whole read does for what is not an array, an empty object, or an array cut short', async () => {
      const paged = (content: string) =>
        failure(new FakeS3().put('items', content), readerTask({ InputType: 'JSON' }, at, { maxItems: 10 }));
      expect(await paged('{"a":[1]}')).toMatchObject({
        error: 'States.ItemReaderFailed',
        cause: 'Attempting to map over non-iterable node.',
      });
      const empty = await failure(new FakeS3().put('items', ''), readerTask({ InputType: 'JSON' }, at));
      expect(await paged('  ')).toEqual(empty);
      expect((await paged('[1,2,3')).cause).toBe(empty.cause);
      expect(await paged('[1,2,{"a":')).toMatchObject({ error: 'States.ItemReaderFailed' });
    });
  });

  describe('S3 inventory', () => {
    const rows = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, n) => `"b","key-${from + n}","${from + n}"\n`).join('');
    const inventory = (files: string[]) =>
      JSON.stringify({
        destinationBucket: 'arn:aws:s3:::inv',
        fileFormat: 'CSV',
        fileSchema: 'Bucket, Key, Size',
        files: files.map((key) => ({ key })),
      });
    const items = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, n) => ({ Bucket: 'b', Key: `key-${from + n}`, Size: String(from + n) }));

    it('pages through gzipped and plain files: plain ones resumed with a range, gzipped ones skipped into', async () => {
      const s3 = new FakeS3(7)
        .put('manifest.json', inventory(['data/1.csv.gz', 'data/2.csv', 'data/empty.csv', 'data/3.csv.gz']))
        .put('data/1.csv.gz', gzipSync(rows(0, 5)))
        .put('data/2.csv', rows(5, 8))
        .put('data/empty.csv', '')
        .put('data/3.csv.gz', gzipSync(rows(8, 10)));
      const reader = { InputType: 'MANIFEST' } as const;
      const { pages, cursors } = await allPages(s3, reader, { Bucket: 'b', Key: 'manifest.json' }, 2);
      expect(pages.flat()).toEqual(items(0, 10));
      expect(pages.length).toBe(5);
      expect(await whole(s3, reader, { Bucket: 'b', Key: 'manifest.json' })).toEqual(items(0, 10));
      expect(cursors).toContainEqual(expect.objectContaining({ file: 0, offset: rows(0, 2).length }));
      expect(cursors).toContainEqual(
        expect.objectContaining({ file: 1, offset: rows(6, 8).length - rows(7, 8).length }),
      );
      const reads = s3.gets().filter((g) => g.Key !== 'manifest.json');
      expect(reads.filter((g) => g.Key === 'data/2.csv' && g.Range !== undefined).length).toBeGreaterThan(0);
      expect(reads.filter((g) => String(g.Key).endsWith('.gz') && g.Range !== undefined)).toEqual([]);
    });

    it("reads the manifest once for a worker's pages, and IfMatch its first page's ETag elsewhere", async () => {
      const s3 = new FakeS3().put('manifest.json', inventory(['data/1.csv'])).put('data/1.csv', rows(0, 6));
      const where = { Bucket: 'b', Key: 'manifest.json' };
      const reader = { InputType: 'MANIFEST' } as const;
      const { pages, cursors } = await allPages(s3, reader, where, 2);
      expect(pages).toEqual([items(0, 2), items(2, 4), items(4, 6)]);
      expect(s3.gets().filter((g) => g.Key === 'manifest.json')).toHaveLength(1);
      expect(cursors[0]).toMatchObject({ manifestEtag: '"v1"' });
      // Replaced after the first page: a worker that never read it reads it IfMatch, and S3 refuses;
      // the worker that read it goes on with the manifest its first page read.
      s3.put('manifest.json', inventory(['data/1.csv', 'data/1.csv']));
      const page = readerTask(reader, where, { cursor: cursors[0], maxItems: 2 });
      expect(await failure(Object.create(s3) as FakeS3, page)).toMatchObject({
        error: 'States.ItemReaderFailed',
        cause: expect.stringContaining('pre-conditions'),
      });
      const again = await readItems(page, new AwsClients({ prebuilt: { S3: s3 } }), 'us-east-1');
      expect(again).toEqual({ ok: true, output: { Items: items(2, 4), Cursor: cursors[1] } });
    });

    it('ends with the last page exactly full at the end of the last file, and stops at MaxItems', async () => {
      const s3 = new FakeS3()
        .put('manifest.json', inventory(['data/1.csv', 'data/2.csv.gz']))
        .put('data/1.csv', rows(0, 2))
        .put('data/2.csv.gz', gzipSync(rows(2, 4)));
      const where = { Bucket: 'b', Key: 'manifest.json' };
      expect((await allPages(s3, { InputType: 'MANIFEST' }, where, 2)).pages).toEqual([items(0, 2), items(2, 4)]);
      expect((await allPages(s3, { InputType: 'MANIFEST', MaxItems: 3 }, where, 2)).pages).toEqual([
        items(0, 2),
        items(2, 3),
      ]);
    });
  });

  describe('listObjectsV2', () => {
    const s3 = () => {
      const fake = new FakeS3();
      for (const key of ['p/1', 'p/2', 'p/3', 'p/4', 'p/5', 'q/1']) fake.put(key, key);
      return fake;
    };

    it('pages with S3 asked for no more keys than the page needs, the cursor its ContinuationToken', async () => {
      const fake = s3();
      const { pages, cursors } = await allPages(fake, {}, { Bucket: 'b', Prefix: 'p/' }, 2, 'listObjectsV2');
      expect(pages.map((p) => p.map((o) => (o as { Key: string }).Key))).toEqual([
        ['p/1', 'p/2'],
        ['p/3', 'p/4'],
        ['p/5'],
      ]);
      expect(cursors).toEqual([
        { token: '2', read: 2 },
        { token: '4', read: 4 },
      ]);
      expect(fake.sent.map((s) => s.input.MaxKeys)).toEqual([2, 2, 2]);
      expect(await whole(s3(), {}, { Bucket: 'b', Prefix: 'p/' }, 'listObjectsV2')).toEqual(pages.flat());
    });

    it('ends with the last page exactly full, and stops at MaxItems', async () => {
      const four = await allPages(s3(), {}, { Bucket: 'b', Prefix: 'p/' }, 5, 'listObjectsV2');
      expect(four.pages.map((p) => p.length)).toEqual([5]);
      const three = await allPages(s3(), { MaxItems: 3 }, { Bucket: 'b', Prefix: 'p/' }, 2, 'listObjectsV2');
      expect(three.pages.map((p) => p.length)).toEqual([2, 1]);
    });
  });

  it('fails States.ItemReaderFailed for a cursor it did not answer or a negative page, and answers a page of 0 items as the end', async () => {
    const fake = new FakeS3().put('items', '1\n');
    expect(
      await failure(fake, readerTask({ InputType: 'JSONL' }, at, { cursor: { offset: -1 }, maxItems: 2 })),
    ).toMatchObject({
      error: 'States.ItemReaderFailed',
      cause: expect.stringContaining('is not a cursor of this ItemReader (JSONL)'),
    });
    expect(await failure(fake, readerTask({ InputType: 'JSONL' }, at, { maxItems: -1 }))).toMatchObject({
      error: 'States.ItemReaderFailed',
      cause: 'A page of items holds 0 items or more, not -1.',
    });
    const none = await readItems(
      readerTask({ InputType: 'JSONL' }, at, { maxItems: 0 }),
      new AwsClients({ prebuilt: { S3: fake } }),
      'us-east-1',
    );
    expect(none).toEqual({ ok: true, output: { Items: [] } });
  });
});
