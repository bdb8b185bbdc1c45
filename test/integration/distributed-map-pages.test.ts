/**
 * A distributed Map over more items than a page against the emulator's S3: JSON Lines read a page at
 * a time (ranged `GetObject`s from a byte offset), run with a `MaxConcurrency`, and the
 * results streamed by the `ResultWriter` from the join into the result files — JSON and JSON Lines,
 * with failed children beside the succeeded ones — then named in the manifest with their sizes; and
 * batched by bytes across the pages' ends, as one read of every item batches them.
 */
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { PAGE_ITEMS } from '../../src/engine/states/map.js';
import { createLocalEngine } from '../../src/local/engine.js';
import { checkingMap, distributedMap, doublingJoins } from '../unit/engine/helpers.js';
import { emulatorName, emulatorsConfigured, uniqueName } from './helpers.js';

const endpoint = process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL_SQS ?? '';
const COUNT = 2 * PAGE_ITEMS + 345;

interface Manifest {
  ResultFiles: Record<'FAILED' | 'PENDING' | 'SUCCEEDED', { Key: string; Size: number }[]>;
}

describe.skipIf(!emulatorsConfigured)(`a distributed Map reading pages on ${emulatorName}'s S3`, () => {
  const bucket = uniqueName('pages');
  const s3 = new S3Client({ endpoint, forcePathStyle: true });
  const text = async (Key: string) =>
    (await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key }))).Body?.transformToString('utf8')) ?? '';

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    // Every 1,000th item fails its child; empty lines and CRLF breaks are skipped as in one read.
    const lines = Array.from({ length: COUNT }, (_, n) =>
      JSON.stringify(n % 1_000 === 500 ? { fail: true, n } : { n }),
    );
    lines.splice(10, 0, '');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'items.jsonl', Body: `${lines.join('\r\n')}\n` }));
  });

  const definition = (outputType: 'JSON' | 'JSONL') =>
    checkingMap({
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSONL' },
        Parameters: { Bucket: bucket, Key: 'items.jsonl' },
      },
      MaxConcurrency: 40,
      ToleratedFailureCount: 5,
      ResultWriter: {
        Resource: 'arn:aws:states:::s3:putObject',
        Parameters: { Bucket: bucket, Prefix: outputType },
        WriterConfig: { OutputType: outputType, Transformation: 'COMPACT' },
      },
    });
  const run = (outputType: 'JSON' | 'JSONL') => createLocalEngine({ endpoint }).run(definition(outputType), {});

  it('makes the batches one read of every item makes, carrying a batch by bytes across pages', async () => {
    const items = Array.from({ length: COUNT }, (_, n) => (n % 1_000 === 500 ? { fail: true, n } : { n }));
    const batcher = { ItemBatcher: { MaxInputBytesPerBatch: 700 }, MaxConcurrency: 40 };
    const engine = createLocalEngine({ endpoint });
    const paged = await engine.run(
      distributedMap({
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'JSONL' },
          Parameters: { Bucket: bucket, Key: 'items.jsonl' },
        },
        ...batcher,
      }),
      {},
    );
    const whole = await engine.run(distributedMap({ ItemsPath: '$.items', ...batcher }), { items });
    expect(paged.status).toBe('SUCCEEDED');
    expect(paged.output).toEqual(whole.output);
    const batches = paged.output as { Items: unknown[] }[];
    expect(batches.flatMap((batch) => batch.Items)).toEqual(items);
    // A batch holds the last item of the first page and the first of the second.
    let first = 0;
    const spanning = batches.find((batch) => {
      first += batch.Items.length;
      return first > PAGE_ITEMS && first - batch.Items.length < PAGE_ITEMS;
    });
    expect(spanning).toBeDefined();
  });

  it.each(['JSON', 'JSONL'] as const)('writes every child once, in item order, as %s', async (outputType) => {
    const result = await run(outputType);
    expect(result.status).toBe('SUCCEEDED');
    const details = (result.output as { ResultWriterDetails: { Key: string } }).ResultWriterDetails;
    const manifest = JSON.parse(await text(details.Key)) as Manifest;
    const parse = async (Key: string) => {
      const body = await text(Key);
      return outputType === 'JSON' ? (JSON.parse(body) as unknown[]) : body.split('\n').map((l) => JSON.parse(l));
    };
    const [succeededFile] = manifest.ResultFiles.SUCCEEDED;
    const [failedFile] = manifest.ResultFiles.FAILED;
    if (succeededFile === undefined || failedFile === undefined) throw new Error('a result file is missing');
    expect(succeededFile.Size).toBe(Buffer.byteLength(await text(succeededFile.Key)));
    expect(manifest.ResultFiles.PENDING).toEqual([]);
    const succeeded = (await parse(succeededFile.Key)) as { n: number }[];
    const failed = (await parse(failedFile.Key)) as { Input: string; Error: string }[];
    const failing = Array.from({ length: COUNT }, (_, n) => n).filter((n) => n % 1_000 === 500);
    expect(succeeded.map((output) => output.n)).toEqual(
      Array.from({ length: COUNT }, (_, n) => n).filter((n) => !failing.includes(n)),
    );
    expect(failed.map((r) => JSON.parse(r.Input))).toEqual(failing.map((n) => ({ fail: true, n })));
    expect(failed.every((r) => r.Error === 'Item.Bad')).toBe(true);
  });

  it('writes the results once when two wake-ups race to end the join', async () => {
    // Every write of the results to S3 goes through the invoker: count them.
    let writes = 0;
    const engine = createLocalEngine({
      endpoint,
      adapters: {
        queue: doublingJoins,
        invoker: (invoker) => ({
          ...invoker,
          invoke: (task, execution) => {
            if (task.resultWriter !== undefined) writes++;
            return invoker.invoke(task, execution);
          },
        }),
      },
    });
    const result = await engine.run(definition('JSONL'), {});
    expect(result.status).toBe('SUCCEEDED');
    const details = (result.output as { ResultWriterDetails: { Key: string } }).ResultWriterDetails;
    const manifest = JSON.parse(await text(details.Key)) as Manifest;
    expect(manifest.ResultFiles.SUCCEEDED).toHaveLength(1);
    expect(writes).toBe(1);
  });
});
