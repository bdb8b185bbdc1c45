/**
 * A distributed Map's `ResultWriter` on Amazon S3: puts the result files and then the manifest that
 * the engine built (src/engine/states/result-writer.ts), in order, so that a manifest exists only
 * once every file it names does. A failure of S3 (a missing bucket, access denied) answers
 * `States.ResultWriterFailed` with S3's message.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { StatesErrors } from '../asl/errors.js';
import { manifestBody, type ResultFiles, resultFileKey, resultsPrefix } from '../engine/states/result-writer.js';
import type { ResultObjects, ResultStatus, ResultStream, TaskInvocation } from '../engine/types.js';
import type { InvocationResult } from '../runtime/ports.js';
import type { AwsClients } from './clients.js';
import { sdkServiceFailure } from './errors.js';
import { type ArnScope, literalString, type PermissionStatement, type TaskParameters } from './permissions.js';
import { putObjectText } from './s3.js';

/** Puts the objects of `task` (an invocation with `resultWriter`); `output` is the manifest's location. */
export async function writeResults(
  task: TaskInvocation,
  clients: AwsClients,
  region: string,
): Promise<InvocationResult> {
  const { Bucket, objects, stream } = task.resultWriter as ResultObjects;
  if (stream?.records !== undefined) return writeStreamed(Bucket, stream, clients, region);
  for (const { Key, Body } of objects) {
    const put = await putObjectText(clients, region, { Bucket, Key, ContentType: 'application/json' }, Body);
    if (!put.ok) return { ok: false, error: StatesErrors.ResultWriterFailed, cause: put.cause ?? put.error };
  }
  return { ok: true, output: { Bucket, Key: objects.at(-1)?.Key } };
}

/** Bytes of a streamed result file sent in one part (S3's parts are at least 5 MiB, but the last). */
const PART_BYTES = 8 * 1024 * 1024;

/** One result file being streamed: a multipart upload, begun with its first record. */
class StreamedFile {
  private uploadId: string | undefined;
  private readonly parts: { ETag: string | undefined; PartNumber: number }[] = [];
  private pending: string[] = [];
  private pendingBytes = 0;
  /** Bytes written so far. */
  size = 0;
  private records = 0;

  constructor(
    private readonly s3: S3Client,
    private readonly Bucket: string,
    readonly Key: string,
    private readonly jsonLines: boolean,
  ) {}

  async add(record: unknown): Promise<void> {
    const text = JSON.stringify(record);
    const piece = this.jsonLines ? (this.records > 0 ? `\n${text}` : text) : `${this.records > 0 ? ',' : '['}${text}`;
    this.records++;
    this.pending.push(piece);
    const bytes = Buffer.byteLength(piece, 'utf8');
    this.pendingBytes += bytes;
    this.size += bytes;
    if (this.pendingBytes >= PART_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.uploadId === undefined) {
      const created = await this.s3.send(
        new CreateMultipartUploadCommand({ Bucket: this.Bucket, Key: this.Key, ContentType: 'application/json' }),
      );
      this.uploadId = created.UploadId;
    }
    const PartNumber = this.parts.length + 1;
    const body = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    const part = await this.s3.send(
      new UploadPartCommand({ Bucket: this.Bucket, Key: this.Key, UploadId: this.uploadId, PartNumber, Body: body }),
    );
    this.parts.push({ ETag: part.ETag, PartNumber });
  }

  /** Sends what is left (and the closing `]`), then completes the upload. */
  async finish(): Promise<void> {
    if (!this.jsonLines) {
      this.pending.push(']');
      this.pendingBytes += 1;
      this.size += 1;
    }
    await this.flush();
    await this.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.Bucket,
        Key: this.Key,
        UploadId: this.uploadId,
        MultipartUpload: { Parts: this.parts },
      }),
    );
  }

  async abort(): Promise<void> {
    if (this.uploadId === undefined) return;
    await this.s3
      .send(new AbortMultipartUploadCommand({ Bucket: this.Bucket, Key: this.Key, UploadId: this.uploadId }))
      .catch(() => undefined);
  }
}

/**
 * Writes a fed map run's results as they are read from the store (`stream.records`, in index order):
 * each status's file is a multipart upload begun with its first record and sent in parts of
 * {@link PART_BYTES}, so that the worker holds at most a part per file whatever the run's size; the
 * manifest is put once every file is complete. A write repeated after a crash writes the same keys
 * again (an upload left unfinished by the crash is never completed).
 */
async function writeStreamed(
  Bucket: string,
  stream: ResultStream,
  clients: AwsClients,
  region: string,
): Promise<InvocationResult> {
  const s3 = clients.get(S3Client, region);
  const files = new Map<ResultStatus, StreamedFile>();
  const s3Failure = async (error: unknown): Promise<InvocationResult> => {
    await Promise.all([...files.values()].map((file) => file.abort()));
    const failure = sdkServiceFailure(error, 'S3');
    return { ok: false, error: StatesErrors.ResultWriterFailed, cause: failure.ok ? String(error) : failure.cause };
  };
  // A failure to read the results (the store) is thrown, for the step to be tried again; S3's fails the writer.
  for await (const { status, record } of stream.records ?? []) {
    let file = files.get(status);
    if (file === undefined) {
      const key = resultFileKey(stream.folder, status, stream.outputType);
      file = new StreamedFile(s3, Bucket, key, stream.outputType === 'JSONL');
      files.set(status, file);
    }
    try {
      await file.add(record);
    } catch (error) {
      return s3Failure(error);
    }
  }
  try {
    for (const file of files.values()) await file.finish();
  } catch (error) {
    return s3Failure(error);
  }
  const listed: ResultFiles = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  for (const [status, file] of files) listed[status].push({ Key: file.Key, Size: file.size });
  const Key = `${stream.folder}manifest.json`;
  const body = manifestBody(Bucket, stream.mapRunArn, listed);
  const put = await putObjectText(clients, region, { Bucket, Key, ContentType: 'application/json' }, body);
  if (!put.ok) return { ok: false, error: StatesErrors.ResultWriterFailed, cause: put.cause ?? put.error };
  return { ok: true, output: { Bucket, Key } };
}

/**
 * What a `ResultWriter` needs, from its `Parameters`/`Arguments` as written: `s3:PutObject` on the
 * objects under its prefix (`arn:aws:s3:::<bucket>/<prefix>/*`; every object of the bucket when the
 * prefix is computed at run time); a computed bucket is left to the deployer.
 */
export function resultWriterPermissions(parameters: TaskParameters, scope: ArnScope): PermissionStatement[] {
  const actions = ['s3:PutObject'];
  const bucket = literalString(parameters, 'Bucket');
  if (bucket === undefined) return [{ actions, resources: [], unresolved: ['Bucket'] }];
  const prefix = Object.hasOwn(parameters, 'Prefix') ? literalString(parameters, 'Prefix') : '';
  const folder = prefix === undefined ? '' : resultsPrefix(prefix);
  return [{ actions, resources: [`arn:${scope.partition}:s3:::${bucket}/${folder}*`], unresolved: [] }];
}
