/**
 * Reads a distributed Map's items from Amazon S3, as its `ItemReader` says:
 *
 * | Resource | `InputType` | Items |
 * | --- | --- | --- |
 * | `s3:getObject` | `JSON` | the elements of the object's JSON array |
 * | `s3:getObject` | `JSONL` | one JSON value per non-empty line |
 * | `s3:getObject` | `CSV` | one object per record, from the header (`FIRST_ROW` or `GIVEN` `CSVHeaders`) to the fields, split on `CSVDelimiter` |
 * | `s3:getObject` | `MANIFEST` | the rows of an S3 inventory's CSV files (`manifest.json`), keyed by the inventory's `fileSchema` |
 * | `s3:listObjectsV2` | — | `{ Etag, Key, LastModified, Size, StorageClass }` per object under the `Prefix` |
 *
 * Items are read whole or a page at a time (`TaskInvocation.itemPage`, resumed from a cursor: a
 * byte offset read with a ranged `GetObject`, or S3's `ContinuationToken`). Read whole, JSON Lines,
 * CSV and inventory files are read as a stream that stops at `MaxItems`, a JSON array is parsed
 * whole, and listings are read 1,000 keys at a time. Any failure is
 * `States.ItemReaderFailed`, with AWS's cause where it was recorded (`CSV headers cannot contain
 * duplicates.`, `Attempting to map over non-iterable node.`) and S3's own message for S3's errors.
 * Parquet objects and Athena manifests are not read: they fail saying so.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { StatesErrors } from '../asl/errors.js';
import { classifyResource } from '../engine/states/task.js';
import type { ReaderConfig, TaskInvocation } from '../engine/types.js';
import type { InvocationResult } from '../runtime/ports.js';
import { byteLines, skipBytes, withoutLineBreak } from './byte-lines.js';
import type { AwsClients } from './clients.js';
import { CSV_DELIMITERS, CsvRecords, csvItem } from './csv.js';
import { sdkServiceFailure } from './errors.js';
import { ItemReaderError } from './item-reader-error.js';
import { jsonArrayElements } from './json-array-elements.js';
import { type ArnScope, literalString, type PermissionStatement, type TaskParameters } from './permissions.js';

export { ItemReaderError };

/** Where the reader reads: its resolved `Parameters`/`Arguments`. */
interface ReaderParameters {
  readonly Bucket?: unknown;
  readonly Key?: unknown;
  readonly VersionId?: unknown;
  readonly Prefix?: unknown;
}

/** An object the reader reads. */
interface Location {
  readonly Bucket: string;
  readonly Key: string;
  readonly VersionId?: string;
}

const position = z.number().int().nonnegative();
/** An object's `ETag` as its first page found it: later pages read it `IfMatch`, so that a changed object fails rather than mixes. */
const etag = z.string().max(200).optional();

/**
 * Each source's cursor: plain JSON of a few hundred bytes at most, never an item. `read` counts the
 * items of the pages before it, for `MaxItems`.
 */
const CURSORS = {
  JSONL: z.object({ read: position, offset: position, line: position, etag }),
  CSV: z.object({
    read: position,
    offset: position,
    etag,
    /** A `FIRST_ROW` header, when its JSON is within {@link HEADER_IN_CURSOR_BYTES}. */
    headers: z.array(z.string()).optional(),
    /** Else where the header row ends: the next page reads it again with a ranged `GetObject`. */
    headerEnd: position.optional(),
  }),
  JSON: z.object({ read: position, offset: position, etag }),
  MANIFEST: z.object({
    read: position,
    file: position,
    offset: position,
    etag,
    /** The `manifest.json`'s `ETag`: later pages take it from the worker's cache, else read it `IfMatch`. */
    manifestEtag: etag,
  }),
  LIST: z.object({ read: position, token: z.string() }),
} as const;

type Source = keyof typeof CURSORS;
type CursorOf<S extends Source> = z.infer<(typeof CURSORS)[S]>;
/** A page as a source reads it: its cursor without `read`, which {@link readPage} adds. */
interface SourcePage<S extends Source> {
  readonly items: unknown[];
  readonly next?: Omit<CursorOf<S>, 'read'> | undefined;
}

/** The largest `FIRST_ROW` header (as JSON) a CSV cursor carries; a larger one is read again each page. */
const HEADER_IN_CURSOR_BYTES = 256;
/** The most keys one `ListObjectsV2` answers. */
const LIST_PAGE_KEYS = 1000;

/**
 * Reads the items of `task` (an invocation with `itemReader`). Without `itemPage`, `output` is the
 * array of every item (up to `MaxItems`); with it, `output` is `{ Items, Cursor? }`: at most
 * `itemPage.maxItems` items from `itemPage.cursor` and the cursor of the next page, absent when the
 * reader has no more items. A page reads only what it answers (plus, to know whether more follow,
 * the start of the next record): its memory is bounded by the page, not by the object.
 */
export async function readItems(task: TaskInvocation, clients: AwsClients, region: string): Promise<InvocationResult> {
  const config = task.itemReader as ReaderConfig;
  const parameters = (task.parameters ?? {}) as ReaderParameters;
  const s3 = clients.get(S3Client, region) as S3Client;
  try {
    const source = sourceOf(task, config);
    const page = task.itemPage;
    if (page !== undefined) return { ok: true, output: await readPage(s3, source, parameters, config, page) };
    if (source === 'JSON') {
      // Read whole, as JSON.parse reads it: a page at a time is for `itemPage`.
      return {
        ok: true,
        output: readJsonArray(await bodyText(await getObject(s3, location(parameters))), config.MaxItems),
      };
    }
    const limit = config.MaxItems > 0 ? config.MaxItems : Number.POSITIVE_INFINITY;
    return { ok: true, output: (await readSource(s3, source, parameters, config, undefined, limit)).items };
  } catch (error) {
    if (error instanceof ItemReaderError)
      return { ok: false, error: StatesErrors.ItemReaderFailed, cause: error.message };
    if (error instanceof SyntaxError) return { ok: false, error: StatesErrors.ItemReaderFailed, cause: error.message };
    const failure = sdkServiceFailure(error, 'S3');
    return { ok: false, error: StatesErrors.ItemReaderFailed, cause: failure.ok ? String(error) : failure.cause };
  }
}

/** Which reader reads the items. */
function sourceOf(task: TaskInvocation, config: ReaderConfig): Source {
  if (task.integration === 's3:listObjectsV2') return 'LIST';
  if (task.integration !== 's3:getObject') {
    throw new ItemReaderError(`An ItemReader reads with s3:getObject or s3:listObjectsV2, not '${task.resource}'.`);
  }
  location((task.parameters ?? {}) as ReaderParameters);
  const inputType = config.InputType ?? 'JSON';
  switch (inputType) {
    case 'JSON':
    case 'JSONL':
    case 'CSV':
      return inputType;
    case 'MANIFEST':
      if (config.ManifestType === 'ATHENA_DATA') {
        throw new ItemReaderError('Stepstone does not read Athena manifests (ManifestType ATHENA_DATA) yet.');
      }
      return 'MANIFEST';
    case 'PARQUET':
      throw new ItemReaderError('Stepstone does not read Parquet objects (InputType PARQUET) yet.');
    default:
      return inputType satisfies never;
  }
}

/** One page: `{ Items, Cursor? }`, `MaxItems` bounding the pages together through the cursor's `read`. */
async function readPage(
  s3: S3Client,
  source: Source,
  parameters: ReaderParameters,
  config: ReaderConfig,
  page: NonNullable<TaskInvocation['itemPage']>,
): Promise<{ Items: unknown[]; Cursor?: unknown }> {
  if (!Number.isInteger(page.maxItems) || page.maxItems < 0) {
    throw new ItemReaderError(`A page of items holds 0 items or more, not ${JSON.stringify(page.maxItems)}.`);
  }
  let cursor: CursorOf<Source> | undefined;
  if (page.cursor !== undefined) {
    const parsed = CURSORS[source].safeParse(page.cursor);
    if (!parsed.success) {
      throw new ItemReaderError(`${JSON.stringify(page.cursor)} is not a cursor of this ItemReader (${source}).`);
    }
    cursor = parsed.data;
  }
  const read = cursor?.read ?? 0;
  const left = config.MaxItems > 0 ? config.MaxItems - read : Number.POSITIVE_INFINITY;
  // Nothing asked for, or MaxItems read already: the reader is done.
  if (left <= 0 || page.maxItems === 0) return { Items: [] };
  const { items, next } = await readSource(s3, source, parameters, config, cursor, Math.min(page.maxItems, left));
  const total = read + items.length;
  const more = next !== undefined && (config.MaxItems === 0 || total < config.MaxItems);
  return more ? { Items: items, Cursor: { ...next, read: total } } : { Items: items };
}

/** At most `limit` items of `source` from `cursor` (absent: the start). */
async function readSource(
  s3: S3Client,
  source: Source,
  parameters: ReaderParameters,
  config: ReaderConfig,
  cursor: CursorOf<Source> | undefined,
  limit: number,
): Promise<SourcePage<Source>> {
  switch (source) {
    case 'JSONL':
      return jsonLinesPage(s3, location(parameters), cursor as CursorOf<'JSONL'> | undefined, limit);
    case 'CSV':
      return csvPage(s3, location(parameters), config, cursor as CursorOf<'CSV'> | undefined, limit);
    case 'JSON':
      return jsonArrayPage(s3, location(parameters), cursor as CursorOf<'JSON'> | undefined, limit);
    case 'MANIFEST':
      return inventoryPage(s3, location(parameters), cursor as CursorOf<'MANIFEST'> | undefined, limit);
    case 'LIST':
      return listPage(s3, parameters, cursor as CursorOf<'LIST'> | undefined, limit);
    default:
      return source satisfies never;
  }
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new ItemReaderError(`The ItemReader's ${field} must be a non-empty string, not ${JSON.stringify(value)}.`);
  }
  return value;
}

function location(parameters: ReaderParameters): Location {
  return {
    Bucket: text(parameters.Bucket, 'Bucket'),
    Key: text(parameters.Key, 'Key'),
    ...(typeof parameters.VersionId === 'string' ? { VersionId: parameters.VersionId } : {}),
  };
}

/**
 * An object's body from byte `from.offset` up to `from.end` (exclusive; absent: its end) with a ranged
 * `GetObject`, `IfMatch` the `ETag` a first page found; the stream carries the object's `ETag`.
 */
async function getObject(
  s3: S3Client,
  where: Location,
  from: { readonly offset?: number; readonly end?: number; readonly etag?: string | undefined } = {},
): Promise<Readable & { etag?: string }> {
  const offset = from.offset ?? 0;
  const range =
    from.end !== undefined ? `bytes=${offset}-${from.end - 1}` : offset > 0 ? `bytes=${offset}-` : undefined;
  const response = await s3.send(
    new GetObjectCommand({
      ...where,
      ...(range === undefined ? {} : { Range: range }),
      ...(from.etag === undefined ? {} : { IfMatch: from.etag }),
    }),
  );
  const body = response.Body;
  const stream =
    body instanceof Readable ? body : Readable.from([(await body?.transformToByteArray()) ?? new Uint8Array()]);
  const etag = from.etag ?? response.ETag;
  return Object.assign(stream, etag === undefined ? {} : { etag });
}

function etagOf(stream: { etag?: string }): { etag?: string } {
  return stream.etag === undefined ? {} : { etag: stream.etag };
}

async function bodyText(stream: AsyncIterable<Uint8Array | string>): Promise<string> {
  const decoder = new TextDecoder('utf-8');
  let all = '';
  for await (const chunk of stream) all += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  return all + decoder.decode();
}

function readJsonArray(json: string, maxItems: number): unknown[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) throw new ItemReaderError('Attempting to map over non-iterable node.');
  return maxItems > 0 ? parsed.slice(0, maxItems) : parsed;
}

/**
 * One page of an object read from `cursor` (absent: its start) with a ranged `GetObject`, as every
 * source that resumes at a byte offset reads it: `records` walks the stream from the cursor's offset,
 * handing each item to `take` until `take` answers false (the page is full: `limit` items), and
 * answers the cursor of the record after the last one taken (without `etag`), or undefined when none
 * follows. The stream is closed once the page is read; the next cursor carries the object's `ETag`.
 */
async function rangedPage<C extends { readonly offset: number }>(
  s3: S3Client,
  where: Location,
  cursor: { readonly offset: number; readonly etag?: string | undefined } | undefined,
  limit: number,
  records: (stream: Readable, offset: number, take: (item: unknown) => boolean) => Promise<C | undefined>,
): Promise<{ items: unknown[]; next?: C & { etag?: string } }> {
  const stream = await getObject(s3, where, cursor);
  const items: unknown[] = [];
  let next: C | undefined;
  try {
    next = await records(stream, cursor?.offset ?? 0, (item) => {
      items.push(item);
      return items.length < limit;
    });
  } finally {
    stream.destroy();
  }
  return next === undefined ? { items } : { items, next: { ...next, ...etagOf(stream) } };
}

/** One JSON value per non-empty line; the cursor is the next non-empty line's offset and number. */
function jsonLinesPage(
  s3: S3Client,
  where: Location,
  cursor: CursorOf<'JSONL'> | undefined,
  limit: number,
): Promise<SourcePage<'JSONL'>> {
  return rangedPage(s3, where, cursor, limit, async (stream, offset, take) => {
    let number = cursor?.line ?? 0;
    let full = false;
    for await (const line of byteLines(stream, offset)) {
      const value = withoutLineBreak(line.text);
      const empty = value.trim() === '';
      if (full && !empty) return { offset: line.start, line: number };
      number++;
      if (empty) continue;
      try {
        full = !take(JSON.parse(value));
      } catch {
        throw new ItemReaderError(`Line ${number} of the JSON Lines object is not JSON.`);
      }
    }
    return undefined;
  });
}

/**
 * The records of CSV text from byte `offset`, each handed to `take` until it answers false (the page
 * is full). Answers the offset of the record after the last one taken, or undefined when none follows.
 */
async function csvRecords(
  stream: AsyncIterable<Uint8Array | string>,
  offset: number,
  delimiter: string,
  take: (record: string[], end: number) => boolean,
): Promise<number | undefined> {
  const records = new CsvRecords(delimiter);
  let full = false;
  let end = offset;
  for await (const line of byteLines(stream, offset)) {
    if (full && records.idle) {
      if (withoutLineBreak(line.text) !== '') return line.start;
      continue;
    }
    end = line.end;
    for (const record of records.push(line.text)) full = !take(record, end) || full;
  }
  if (!full) for (const record of records.end()) take(record, end);
  return undefined;
}

/** One object per record, keyed by the header; the cursor carries the header (or where it ends). */
async function csvPage(
  s3: S3Client,
  where: Location,
  config: ReaderConfig,
  cursor: CursorOf<'CSV'> | undefined,
  limit: number,
): Promise<SourcePage<'CSV'>> {
  const delimiter = CSV_DELIMITERS[config.CSVDelimiter ?? 'COMMA'];
  const given = config.CSVHeaderLocation === 'GIVEN';
  let headers: readonly string[] | undefined = given ? checkHeaders(config.CSVHeaders ?? []) : cursor?.headers;
  let headerEnd = cursor?.headerEnd;
  if (headers === undefined && cursor !== undefined && headerEnd !== undefined) {
    headers = await headerRow(s3, where, delimiter, headerEnd, cursor.etag);
  }
  return rangedPage(s3, where, cursor, limit, async (stream, offset, take) => {
    const next = await csvRecords(stream, offset, delimiter, (record, end) => {
      if (headers === undefined) {
        headers = checkHeaders(record);
        headerEnd = end;
        return true;
      }
      return take(csvItem(headers, record));
    });
    if (next === undefined) return undefined;
    const header =
      given || headers === undefined
        ? {}
        : JSON.stringify(headers).length <= HEADER_IN_CURSOR_BYTES
          ? { headers: [...headers] }
          : { headerEnd: headerEnd ?? 0 };
    return { offset: next, ...header };
  });
}

/** A `FIRST_ROW` header too large for the cursor, read again: the object's bytes before `end`. */
async function headerRow(
  s3: S3Client,
  where: Location,
  delimiter: string,
  end: number,
  etag: string | undefined,
): Promise<readonly string[]> {
  const stream = await getObject(s3, where, { end, etag });
  let headers: string[] = [];
  try {
    await csvRecords(stream, 0, delimiter, (record) => {
      headers = record;
      return false;
    });
  } finally {
    stream.destroy();
  }
  return checkHeaders(headers);
}

function checkHeaders(headers: readonly string[]): readonly string[] {
  if (new Set(headers).size !== headers.length) throw new ItemReaderError('CSV headers cannot contain duplicates.');
  return headers;
}

/** The elements of the object's JSON array; the cursor is the offset of the next element. */
function jsonArrayPage(
  s3: S3Client,
  where: Location,
  cursor: CursorOf<'JSON'> | undefined,
  limit: number,
): Promise<SourcePage<'JSON'>> {
  return rangedPage(s3, where, cursor, limit, async (stream, offset, take) => {
    for await (const element of jsonArrayElements(stream, offset)) {
      const room = take(element.value);
      if (element.next === undefined) break;
      if (!room) return { offset: element.next };
    }
    return undefined;
  });
}

/** The parts of an S3 inventory's `manifest.json` the reader uses. */
interface InventoryManifest {
  readonly destinationBucket?: string;
  readonly fileFormat?: string;
  readonly fileSchema?: string;
  readonly files?: readonly { readonly key?: string }[];
}

/** The inventory manifests a worker has read, per S3 client, by `bucket/key/ETag`, oldest first. */
const manifests = new WeakMap<object, Map<string, InventoryManifest>>();
/** The most manifests kept per S3 client. */
const MANIFESTS_KEPT = 16;
/** The largest manifest kept (its JSON's length); a larger one is read again for each page. */
const MANIFEST_KEPT_CHARS = 1024 * 1024;

/**
 * An inventory's `manifest.json`: for a later page (`etag`, the one its first page read), the one the
 * worker keeps if it read it before, else read `IfMatch` that `ETag` (a manifest replaced meanwhile
 * fails the read rather than mixing two inventories); for a first page, read and kept with its `ETag`.
 */
async function inventoryManifest(
  s3: S3Client,
  where: Location,
  etag: string | undefined,
): Promise<{ manifest: InventoryManifest; etag?: string }> {
  let kept = manifests.get(s3);
  const keyOf = (tag: string) => `${where.Bucket}/${where.Key}/${where.VersionId ?? ''}/${tag}`;
  const found = etag === undefined ? undefined : kept?.get(keyOf(etag));
  if (found !== undefined) return { manifest: found, etag: etag as string };
  const stream = await getObject(s3, where, { etag });
  const json = await bodyText(stream);
  const manifest = JSON.parse(json) as InventoryManifest;
  if (stream.etag !== undefined && json.length <= MANIFEST_KEPT_CHARS) {
    if (kept === undefined) {
      kept = new Map();
      manifests.set(s3, kept);
    }
    if (kept.size >= MANIFESTS_KEPT) kept.delete(kept.keys().next().value as string);
    kept.set(keyOf(stream.etag), manifest);
  }
  return { manifest, ...etagOf(stream) };
}

/**
 * The rows of an S3 inventory: each CSV file the manifest lists (gzipped when its key ends in `.gz`),
 * read from the manifest's destination bucket, one item per row keyed by the `fileSchema` names.
 * The manifest is read by the first page and kept by the worker for the later ones
 * ({@link inventoryManifest}); the cursor is the file's index and the byte offset of the next row in
 * it, uncompressed, and the manifest's `ETag`. A plain file resumes with a ranged `GetObject`; a gzipped one is
 * read from its start, decompressed and skipped up to the offset (a gzip stream cannot be entered in
 * its middle), so the pages of a gzipped file cost more reading the further they are into it.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-inventory-location.html
 */
async function inventoryPage(
  s3: S3Client,
  where: Location,
  cursor: CursorOf<'MANIFEST'> | undefined,
  limit: number,
): Promise<SourcePage<'MANIFEST'>> {
  const { manifest, etag: manifestEtag } = await inventoryManifest(s3, where, cursor?.manifestEtag);
  const read = manifestEtag === undefined ? {} : { manifestEtag };
  if (manifest.fileFormat !== undefined && manifest.fileFormat.toUpperCase() !== 'CSV') {
    throw new ItemReaderError(
      `Step Functions reads S3 inventories in the CSV format only, not ${manifest.fileFormat}.`,
    );
  }
  const headers = (manifest.fileSchema ?? '').split(',').map((name) => name.trim());
  const bucket = manifest.destinationBucket?.replace(/^arn:[^:]+:s3:::/, '') ?? where.Bucket;
  const files = manifest.files ?? [];
  const items: unknown[] = [];
  for (let file = cursor?.file ?? 0; file < files.length; file++) {
    const resumed = cursor !== undefined && file === cursor.file ? cursor : undefined;
    const offset = resumed?.offset ?? 0;
    const key = text(files[file]?.key, 'inventory file key');
    const gzipped = key.endsWith('.gz');
    const raw = await getObject(
      s3,
      { Bucket: bucket, Key: key },
      { offset: gzipped ? 0 : offset, etag: resumed?.etag },
    );
    const gunzip = gzipped ? raw.pipe(createGunzip()) : undefined;
    let next: number | undefined;
    try {
      next = await csvRecords(gunzip === undefined ? raw : skipBytes(gunzip, offset), offset, ',', (record) => {
        items.push(csvItem(headers, record));
        return items.length < limit;
      });
    } finally {
      gunzip?.destroy();
      raw.destroy();
    }
    if (next !== undefined) return { items, next: { file, offset: next, ...etagOf(raw), ...read } };
    if (items.length >= limit)
      return file + 1 < files.length ? { items, next: { file: file + 1, offset: 0, ...read } } : { items };
  }
  return { items };
}

/**
 * The objects under the prefix, as Step Functions passes them to the iterations: one `ListObjectsV2`
 * per 1,000 keys, asking for no more than the page needs, so the cursor is S3's `ContinuationToken`.
 */
async function listPage(
  s3: S3Client,
  parameters: ReaderParameters,
  cursor: CursorOf<'LIST'> | undefined,
  limit: number,
): Promise<SourcePage<'LIST'>> {
  const bucket = text(parameters.Bucket, 'Bucket');
  const prefix = typeof parameters.Prefix === 'string' ? parameters.Prefix : undefined;
  const items: unknown[] = [];
  let token = cursor?.token;
  for (;;) {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ContinuationToken: token,
        MaxKeys: Math.min(LIST_PAGE_KEYS, limit - items.length),
      }),
    );
    for (const object of (page.Contents ?? []).slice(0, limit - items.length)) {
      items.push({
        Etag: object.ETag,
        Key: object.Key,
        LastModified: object.LastModified === undefined ? undefined : Math.floor(object.LastModified.getTime() / 1000),
        Size: object.Size,
        StorageClass: object.StorageClass,
      });
    }
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    if (token === undefined) return { items };
    if (items.length >= limit) return { items, next: { token } };
  }
}

/**
 * What an `ItemReader` needs, from its `Resource`, `Parameters`/`Arguments` as written and its
 * `InputType`: `s3:ListBucket` on the bucket for `listObjectsV2`; `s3:GetObject` on the object for
 * `getObject` (every object of the bucket when the key is computed at run time, or for an S3
 * inventory, whose manifest names its files); a computed bucket is left to the deployer.
 */
export function itemReaderPermissions(
  resource: string,
  parameters: TaskParameters,
  inputType: unknown,
  scope: ArnScope,
): PermissionStatement[] {
  const integration = classifyResource(resource).integration;
  const action =
    integration === 's3:listObjectsV2' ? 's3:ListBucket' : integration === 's3:getObject' ? 's3:GetObject' : undefined;
  if (action === undefined) return [];
  const bucket = literalString(parameters, 'Bucket');
  if (bucket === undefined) return [{ actions: [action], resources: [], unresolved: ['Bucket'] }];
  const base = `arn:${scope.partition}:s3:::${bucket}`;
  if (action === 's3:ListBucket') return [{ actions: [action], resources: [base], unresolved: [] }];
  const key = inputType === 'MANIFEST' ? undefined : literalString(parameters, 'Key');
  return [{ actions: [action], resources: [`${base}/${key ?? '*'}`], unresolved: [] }];
}
