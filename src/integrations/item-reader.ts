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
 * JSON Lines, CSV and inventory files are read as a stream and the read stops at `MaxItems`; a JSON
 * array is parsed whole. Listings are read a page (1,000 keys) at a time. Any failure is
 * `States.ItemReaderFailed`, with AWS's cause where it was recorded (`CSV headers cannot contain
 * duplicates.`, `Attempting to map over non-iterable node.`) and S3's own message for S3's errors.
 * Parquet objects and Athena manifests are not read: they fail saying so.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { StatesErrors } from '../asl/errors.js';
import { classifyResource } from '../engine/states/task.js';
import type { ReaderConfig, TaskInvocation } from '../engine/types.js';
import type { InvocationResult } from '../runtime/ports.js';
import type { AwsClients } from './clients.js';
import { CSV_DELIMITERS, CsvRecords, csvItem } from './csv.js';
import { sdkServiceFailure } from './errors.js';
import { type ArnScope, literalString, type PermissionStatement, type TaskParameters } from './permissions.js';

/** A failure of the reader, named as Step Functions names it. */
export class ItemReaderError extends Error {
  override readonly name = 'ItemReaderError';
}

/** Where the reader reads: its resolved `Parameters`/`Arguments`. */
interface ReaderParameters {
  readonly Bucket?: unknown;
  readonly Key?: unknown;
  readonly VersionId?: unknown;
  readonly Prefix?: unknown;
}

/** Reads the items of `task` (an invocation with `itemReader`): `output` is their array. */
export async function readItems(task: TaskInvocation, clients: AwsClients, region: string): Promise<InvocationResult> {
  const config = task.itemReader as ReaderConfig;
  const parameters = (task.parameters ?? {}) as ReaderParameters;
  const s3 = clients.get(S3Client, region) as S3Client;
  try {
    const action = task.integration;
    let items: unknown[];
    if (action === 's3:listObjectsV2') items = await listObjects(s3, parameters, config.MaxItems);
    else if (action === 's3:getObject') items = await readObject(s3, parameters, config);
    else
      throw new ItemReaderError(`An ItemReader reads with s3:getObject or s3:listObjectsV2, not '${task.resource}'.`);
    return { ok: true, output: items };
  } catch (error) {
    if (error instanceof ItemReaderError)
      return { ok: false, error: StatesErrors.ItemReaderFailed, cause: error.message };
    if (error instanceof SyntaxError) return { ok: false, error: StatesErrors.ItemReaderFailed, cause: error.message };
    const failure = sdkServiceFailure(error, 'S3');
    return { ok: false, error: StatesErrors.ItemReaderFailed, cause: failure.ok ? String(error) : failure.cause };
  }
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new ItemReaderError(`The ItemReader's ${field} must be a non-empty string, not ${JSON.stringify(value)}.`);
  }
  return value;
}

async function readObject(s3: S3Client, parameters: ReaderParameters, config: ReaderConfig): Promise<unknown[]> {
  const location = {
    Bucket: text(parameters.Bucket, 'Bucket'),
    Key: text(parameters.Key, 'Key'),
    ...(typeof parameters.VersionId === 'string' ? { VersionId: parameters.VersionId } : {}),
  };
  const inputType = config.InputType ?? 'JSON';
  switch (inputType) {
    case 'JSON':
      return readJsonArray(await bodyText(await body(s3, location)), config.MaxItems);
    case 'JSONL':
      return readJsonLines(await body(s3, location), config.MaxItems);
    case 'CSV':
      return readCsv(await body(s3, location), config, config.MaxItems);
    case 'MANIFEST':
      if (config.ManifestType === 'ATHENA_DATA') {
        throw new ItemReaderError('Stepstone does not read Athena manifests (ManifestType ATHENA_DATA) yet.');
      }
      return readInventory(s3, location.Bucket, await bodyText(await body(s3, location)), config.MaxItems);
    case 'PARQUET':
      throw new ItemReaderError('Stepstone does not read Parquet objects (InputType PARQUET) yet.');
    default:
      return inputType satisfies never;
  }
}

async function body(s3: S3Client, location: { Bucket: string; Key: string; VersionId?: string }): Promise<Readable> {
  const response = await s3.send(new GetObjectCommand(location));
  const stream = response.Body;
  if (stream instanceof Readable) return stream;
  return Readable.from([(await stream?.transformToByteArray()) ?? new Uint8Array()]);
}

async function bodyText(stream: AsyncIterable<Uint8Array | string>): Promise<string> {
  let all = '';
  for await (const piece of textPieces(stream)) all += piece;
  return all;
}

async function* textPieces(stream: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of stream) yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

/** Lines of a stream, without their line breaks. */
async function* lines(stream: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  let pending = '';
  for await (const piece of textPieces(stream)) {
    pending += piece;
    let end = pending.indexOf('\n');
    while (end >= 0) {
      yield pending.slice(0, end).replace(/\r$/, '');
      pending = pending.slice(end + 1);
      end = pending.indexOf('\n');
    }
  }
  if (pending !== '') yield pending.replace(/\r$/, '');
}

function readJsonArray(json: string, maxItems: number): unknown[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) throw new ItemReaderError('Attempting to map over non-iterable node.');
  return maxItems > 0 ? parsed.slice(0, maxItems) : parsed;
}

async function readJsonLines(stream: Readable, maxItems: number): Promise<unknown[]> {
  const items: unknown[] = [];
  let number = 0;
  for await (const line of lines(stream)) {
    number++;
    if (line.trim() === '') continue;
    try {
      items.push(JSON.parse(line));
    } catch {
      stream.destroy();
      throw new ItemReaderError(`Line ${number} of the JSON Lines object is not JSON.`);
    }
    if (maxItems > 0 && items.length >= maxItems) {
      stream.destroy();
      break;
    }
  }
  return items;
}

async function readCsv(stream: Readable, config: ReaderConfig, maxItems: number): Promise<unknown[]> {
  const records = new CsvRecords(CSV_DELIMITERS[config.CSVDelimiter ?? 'COMMA']);
  let headers: readonly string[] | undefined =
    config.CSVHeaderLocation === 'GIVEN' ? checkHeaders(config.CSVHeaders ?? []) : undefined;
  const items: unknown[] = [];
  const take = (record: string[]): boolean => {
    if (headers === undefined) {
      headers = checkHeaders(record);
      return true;
    }
    items.push(csvItem(headers, record));
    return maxItems === 0 || items.length < maxItems;
  };
  for await (const piece of textPieces(stream)) {
    for (const record of records.push(piece)) {
      if (!take(record)) {
        stream.destroy();
        return items;
      }
    }
  }
  for (const record of records.end()) if (!take(record)) break;
  return items;
}

function checkHeaders(headers: readonly string[]): readonly string[] {
  if (new Set(headers).size !== headers.length) throw new ItemReaderError('CSV headers cannot contain duplicates.');
  return headers;
}

/** The parts of an S3 inventory's `manifest.json` the reader uses. */
interface InventoryManifest {
  readonly destinationBucket?: string;
  readonly fileFormat?: string;
  readonly fileSchema?: string;
  readonly files?: readonly { readonly key?: string }[];
}

/**
 * The rows of an S3 inventory: each CSV file the manifest lists (gzipped when its key ends in `.gz`),
 * read from the manifest's destination bucket, one item per row keyed by the `fileSchema` names.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-inventory-location.html
 */
async function readInventory(s3: S3Client, manifestBucket: string, json: string, maxItems: number): Promise<unknown[]> {
  const manifest = JSON.parse(json) as InventoryManifest;
  if (manifest.fileFormat !== undefined && manifest.fileFormat.toUpperCase() !== 'CSV') {
    throw new ItemReaderError(
      `Step Functions reads S3 inventories in the CSV format only, not ${manifest.fileFormat}.`,
    );
  }
  const headers = (manifest.fileSchema ?? '').split(',').map((name) => name.trim());
  const bucket = manifest.destinationBucket?.replace(/^arn:[^:]+:s3:::/, '') ?? manifestBucket;
  const items: unknown[] = [];
  for (const file of manifest.files ?? []) {
    const key = text(file.key, 'inventory file key');
    const raw = await body(s3, { Bucket: bucket, Key: key });
    const stream: Readable = key.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
    const records = new CsvRecords(',');
    const full = () => maxItems > 0 && items.length >= maxItems;
    for await (const piece of textPieces(stream)) {
      for (const record of records.push(piece)) {
        items.push(csvItem(headers, record));
        if (full()) break;
      }
      if (full()) break;
    }
    if (full()) {
      raw.destroy();
      return items;
    }
    for (const record of records.end()) items.push(csvItem(headers, record));
    if (full()) return items.slice(0, maxItems);
  }
  return items;
}

/** Every object under the prefix, a page at a time, as Step Functions passes them to the iterations. */
async function listObjects(s3: S3Client, parameters: ReaderParameters, maxItems: number): Promise<unknown[]> {
  const bucket = text(parameters.Bucket, 'Bucket');
  const prefix = typeof parameters.Prefix === 'string' ? parameters.Prefix : undefined;
  const items: unknown[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) {
      items.push({
        Etag: object.ETag,
        Key: object.Key,
        LastModified: object.LastModified === undefined ? undefined : Math.floor(object.LastModified.getTime() / 1000),
        Size: object.Size,
        StorageClass: object.StorageClass,
      });
      if (maxItems > 0 && items.length >= maxItems) return items;
    }
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return items;
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
