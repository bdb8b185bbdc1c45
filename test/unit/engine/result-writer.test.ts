import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../../../src/asl/validate/index.js';
import { childExecutionArn, childExecutionName } from '../../../src/engine/states/child-executions.js';
import { createLocalEngine } from '../../../src/local/engine.js';
import { checkingMap } from './helpers.js';

/** A distributed Map writing its results with `writer`. */
function mapWith(writer: object, fields: Record<string, unknown> = {}): object {
  return checkingMap({ ResultWriter: writer, ...fields });
}

describe('ResultWriter', () => {
  const items = [{ out: [1, 2] }, { out: { a: 1 } }, { out: [3] }];

  it('passes the outputs on unchanged with a WriterConfig alone (COMPACT by default)', async () => {
    const result = await createLocalEngine().run(mapWith({ WriterConfig: { OutputType: 'JSON' } }), items);
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: [[1, 2], { a: 1 }, [3]] });
  });

  it('flattens the outputs that are arrays with Transformation FLATTEN', async () => {
    const result = await createLocalEngine().run(mapWith({ WriterConfig: { Transformation: 'FLATTEN' } }), items);
    expect(result.output).toEqual([1, 2, { a: 1 }, 3]);
  });

  it("answers each child execution's record with Transformation NONE", async () => {
    const result = await createLocalEngine().run(
      mapWith({ WriterConfig: { Transformation: 'NONE' } }, { Label: 'Run' }),
      [{ out: 1 }],
    );
    const [record] = result.output as Record<string, unknown>[];
    expect(record).toMatchObject({
      Input: '{"out":1}',
      Output: '1',
      Status: 'SUCCEEDED',
      StateMachineArn: expect.stringMatching(/:stateMachine:[^/]+\/Run$/),
      ExecutionArn: expect.stringMatching(/:execution:[^/]+\/Run:[0-9a-f-]{36}$/),
    });
    // The child is named by its map run and index: the same name whoever writes its record.
    const started = result.history.find((e) => e.type === 'MapRunStarted');
    const details = started?.mapRunStartedEventDetails as { mapRunArn?: string } | undefined;
    const mapRunArn = details?.mapRunArn ?? '';
    expect(record?.ExecutionArn).toBe(childExecutionArn(mapRunArn, 0));
    expect(record?.Name).toBe(childExecutionName(mapRunArn, 0));
  });

  it('keeps a tolerated failure whole, as AWS does whatever the transformation', async () => {
    const result = await createLocalEngine().run(
      mapWith({ WriterConfig: { Transformation: 'COMPACT' } }, { ToleratedFailureCount: 1 }),
      [{ out: 1 }, { fail: true }],
    );
    expect(result.output).toEqual([1, expect.objectContaining({ Status: 'FAILED', Error: 'Item.Bad', Cause: 'no' })]);
  });

  it("answers the map run's ARN and the manifest's location once the writer has written", async () => {
    const written: unknown[] = [];
    const result = await createLocalEngine({
      tasks: {
        'arn:aws:states:::s3:putObject': async (parameters: unknown) => {
          written.push(parameters);
          return {};
        },
      },
    }).run(
      mapWith(
        { Resource: 'arn:aws:states:::s3:putObject', Parameters: { 'Bucket.$': '$.b', Prefix: 'p/' } },
        {
          ItemsPath: '$.items',
        },
      ),
      { b: 'out', items: [{ out: 1 }] },
    );
    const started = result.history?.find((e) => e.type === 'MapRunStarted') as unknown as {
      mapRunStartedEventDetails: { mapRunArn: string };
    };
    const mapRunArn = started.mapRunStartedEventDetails.mapRunArn;
    const runId = mapRunArn.slice(mapRunArn.lastIndexOf(':') + 1);
    expect(result.output).toEqual({
      MapRunArn: mapRunArn,
      ResultWriterDetails: { Bucket: 'out', Key: `p/${runId}/manifest.json` },
    });
    expect(written).toEqual([{ Bucket: 'out', Prefix: 'p/' }]);
    expect(result.history?.map((e) => e.type).slice(-4)).toEqual([
      'MapRunSucceeded',
      'MapStateSucceeded',
      'MapStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('fails with States.ResultWriterFailed when the write fails, and Retry runs the map again', async () => {
    let attempts = 0;
    const result = await createLocalEngine({
      tasks: {
        'arn:aws:states:::s3:putObject': async () => {
          attempts++;
          if (attempts === 1) throw Object.assign(new Error('Access Denied'), { name: 'S3.AccessDenied' });
          return {};
        },
      },
    }).run(
      mapWith(
        { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'b' } },
        { Retry: [{ ErrorEquals: ['States.ResultWriterFailed'], IntervalSeconds: 1, MaxAttempts: 1 }] },
      ),
      [{ out: 1 }],
    );
    expect(result.status).toBe('SUCCEEDED');
    expect(attempts).toBe(2);
    const types = result.history?.map((e) => e.type) ?? [];
    expect(types.filter((t) => t === 'MapRunStarted')).toHaveLength(2);
    expect(types).toContain('MapRunFailed');
  });

  it('fails with States.ResultWriterFailed when the bucket it names is not a string', async () => {
    const result = await createLocalEngine().run(
      mapWith(
        { Resource: 'arn:aws:states:::s3:putObject', Parameters: { 'Bucket.$': '$.n' } },
        {
          ItemsPath: '$.items',
        },
      ),
      { n: 5, items: [1] },
    );
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.ResultWriterFailed' });
  });

  it.each([
    [{}, 'cannot be empty'],
    [{ Resource: 'arn:aws:states:::s3:putObject' }, 'without the Parameters'],
    [{ Parameters: { Bucket: 'b' } }, 'without a Resource'],
    [{ Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'b' } }, 'not "arn:aws:states:::s3:getObject"'],
  ])('refuses the ResultWriter %j at validation', (writer, message) => {
    const result = validateDefinition(mapWith(writer));
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        code: 'RESULT_WRITER_INCOMPLETE',
        field: 'ResultWriter',
        message: expect.stringContaining(message),
      }),
    ]);
  });

  it('refuses a WriterConfig value AWS does not define', () => {
    const result = validateDefinition(mapWith({ WriterConfig: { Transformation: 'SQUASH' } }));
    expect(result.ok).toBe(false);
  });
});
