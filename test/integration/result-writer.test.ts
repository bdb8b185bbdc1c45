/**
 * A distributed Map's `ResultWriter` against the emulator's S3: the manifest and the result files
 * under `<Prefix>/<map run id>/` with their records, `WriterConfig` (JSON Lines, COMPACT, FLATTEN),
 * failed and never-started children, the Map state's output, and `States.ResultWriterFailed`. The
 * embedded engine writes through the same invoker as the worker on AWS.
 */
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalEngine } from '../../src/local/engine.js';
import { checkingMap } from '../unit/engine/helpers.js';
import { emulatorName, emulatorsConfigured, uniqueName } from './helpers.js';

const endpoint = process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL_SQS ?? '';

interface Manifest {
  DestinationBucket: string;
  MapRunArn: string;
  ResultFiles: Record<'FAILED' | 'PENDING' | 'SUCCEEDED', { Key: string; Size: number }[]>;
}

interface Details {
  MapRunArn: string;
  ResultWriterDetails: { Bucket: string; Key: string };
}

/** The map run ARN its `MapRunStarted` event records. */
function mapRunArnOf(history: readonly Record<string, unknown>[] | undefined): string {
  const started = history?.find((e) => e.type === 'MapRunStarted') ?? {};
  return (started.mapRunStartedEventDetails as { mapRunArn: string }).mapRunArn;
}

/** A distributed Map writing its results with `writer`; its iterations fail on `{"fail": true}`. */
function writingMap(writer: object, fields: Record<string, unknown> = {}): object {
  return checkingMap({ ResultWriter: writer, ...fields });
}

describe.skipIf(!emulatorsConfigured)(`ResultWriter on ${emulatorName}'s S3`, () => {
  const bucket = uniqueName('results');
  const s3 = new S3Client({ endpoint, forcePathStyle: true });
  const engine = () => createLocalEngine({ endpoint });
  const text = async (Key: string) =>
    (await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key }))).Body?.transformToString('utf8')) ?? '';
  const json = async <T>(Key: string) => JSON.parse(await text(Key)) as T;

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });

  it('writes every child execution to SUCCEEDED_0.json and names it in manifest.json', async () => {
    const result = await engine().run(
      writingMap(
        { Resource: 'arn:aws:states:::s3:putObject', Parameters: { 'Bucket.$': '$.bucket', Prefix: 'runs' } },
        {
          ItemsPath: '$.items',
          Label: 'Orders',
        },
      ),
      { bucket, items: [{ id: 1 }, { id: 2 }, { id: 3 }] },
    );
    expect(result.status).toBe('SUCCEEDED');
    const output = result.output as Details;
    const mapRunArn = mapRunArnOf(result.history);
    expect(output.MapRunArn).toBe(mapRunArn);
    const runId = output.MapRunArn.slice(output.MapRunArn.lastIndexOf(':') + 1);
    expect(output.MapRunArn).toContain(':mapRun:');
    expect(output.MapRunArn).toContain('/Orders:');
    expect(output.ResultWriterDetails).toEqual({ Bucket: bucket, Key: `runs/${runId}/manifest.json` });

    const manifest = await json<Manifest>(output.ResultWriterDetails.Key);
    const succeeded = `runs/${runId}/SUCCEEDED_0.json`;
    const size = (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: succeeded }))).ContentLength;
    expect(manifest).toEqual({
      DestinationBucket: bucket,
      MapRunArn: output.MapRunArn,
      ResultFiles: { FAILED: [], PENDING: [], SUCCEEDED: [{ Key: succeeded, Size: size }] },
    });

    const records = await json<Record<string, unknown>[]>(succeeded);
    expect(records.map((r) => JSON.parse(r.Output as string))).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(records.map((r) => JSON.parse(r.Input as string))).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    const stateMachineArn = output.MapRunArn.replace(':mapRun:', ':stateMachine:').replace(/:[^:]+$/, '');
    for (const record of records) {
      expect(record).toMatchObject({
        Status: 'SUCCEEDED',
        StateMachineArn: stateMachineArn,
        ExecutionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${record.Name as string}`,
        InputDetails: { Included: true },
        OutputDetails: { Included: true },
      });
      expect(Date.parse(record.StopDate as string)).toBeGreaterThanOrEqual(Date.parse(record.StartDate as string));
    }
    expect(new Set(records.map((r) => r.Name)).size).toBe(3);
  });

  it('writes tolerated failures to FAILED_0.json with their error and cause, and the run succeeds', async () => {
    const result = await engine().run(
      writingMap(
        { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: bucket, Prefix: 'tolerated/' } },
        { ToleratedFailureCount: 1 },
      ),
      [{ id: 1 }, { fail: true }, { id: 3 }],
    );
    expect(result.status).toBe('SUCCEEDED');
    const { ResultWriterDetails } = result.output as Details;
    expect(ResultWriterDetails.Key).toMatch(/^tolerated\/[^/]+\/manifest\.json$/);
    const manifest = await json<Manifest>(ResultWriterDetails.Key);
    expect(manifest.ResultFiles.SUCCEEDED).toHaveLength(1);
    expect(manifest.ResultFiles.PENDING).toEqual([]);
    const failed = await json<Record<string, unknown>[]>(manifest.ResultFiles.FAILED[0]!.Key);
    expect(failed).toEqual([
      expect.objectContaining({
        Status: 'FAILED',
        Error: 'Item.Bad',
        Cause: 'no',
        Input: '{"fail":true}',
      }),
    ]);
    expect(failed[0]).not.toHaveProperty('Output');
  });

  it('writes the children a failed run never started to PENDING_0.json, then fails the state', async () => {
    const result = await engine().run(
      writingMap(
        { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: bucket, Prefix: 'failed' } },
        {
          MaxConcurrency: 1,
        },
      ),
      [{ fail: true }, { id: 2 }, { id: 3 }],
    );
    expect(result).toMatchObject({ status: 'FAILED', error: 'Item.Bad', cause: 'no' });
    const mapRunArn = mapRunArnOf(result.history);
    const manifest = await json<Manifest>(`failed/${mapRunArn.slice(mapRunArn.lastIndexOf(':') + 1)}/manifest.json`);
    expect(manifest.ResultFiles.SUCCEEDED).toEqual([]);
    expect(manifest.ResultFiles.FAILED).toHaveLength(1);
    const pending = await json<Record<string, unknown>[]>(manifest.ResultFiles.PENDING[0]!.Key);
    expect(pending).toEqual([
      { Input: '{"id":2}', InputDetails: { Included: true }, Status: 'PENDING' },
      { Input: '{"id":3}', InputDetails: { Included: true }, Status: 'PENDING' },
    ]);
    expect(result.history?.map((e) => e.type)).toEqual(expect.arrayContaining(['MapRunFailed', 'MapStateFailed']));
  });

  it('writes JSON Lines of the outputs alone with OutputType JSONL and Transformation FLATTEN', async () => {
    const result = await engine().run(
      writingMap({
        Resource: 'arn:aws:states:::s3:putObject',
        Parameters: { Bucket: bucket, Prefix: 'lines' },
        WriterConfig: { OutputType: 'JSONL', Transformation: 'FLATTEN' },
      }),
      [[1, 2], { id: 3 }, [4]],
    );
    const manifest = await json<Manifest>((result.output as Details).ResultWriterDetails.Key);
    const key = manifest.ResultFiles.SUCCEEDED[0]!.Key;
    expect(key).toMatch(/\/SUCCEEDED_0\.jsonl$/);
    expect((await text(key)).split('\n')).toEqual(['1', '2', '{"id":3}', '4']);
  });

  it('fails with States.ResultWriterFailed when the bucket does not exist, and a Catch sees it', async () => {
    const definition = writingMap(
      { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: uniqueName('absent'), Prefix: 'x' } },
      { End: undefined, Next: 'Done', Catch: [{ ErrorEquals: ['States.ResultWriterFailed'], Next: 'Caught' }] },
    ) as { States: Record<string, unknown> };
    definition.States.Done = { Type: 'Succeed' };
    definition.States.Caught = { Type: 'Pass', End: true };
    const result = await engine().run(definition, [1]);
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toMatchObject({ Error: 'States.ResultWriterFailed' });
    expect(String((result.output as { Cause: string }).Cause)).toMatch(/bucket does not exist/i);
    expect(result.history?.map((e) => e.type)).toEqual(expect.arrayContaining(['MapRunFailed', 'PassStateEntered']));
  });
});
