import { loadWorkflow, type TaskStub, type TestWorkflow } from 'stepstone/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import * as handlers from '../../functions/tasks/index.js';

const DEFINITION = new URL('../../definitions/fan-out.asl.json', import.meta.url);

/** Ten images: one throttled on its first attempt, one corrupt (see functions/tasks/images.ts). */
const IMAGES = ['a.png', 'b-throttle.png', 'c.png', 'd.png', 'e.png', 'f.png', 'g.png', 'h.corrupt', 'i.png', 'j.png'];
const UPLOAD = { uploadId: 'up-1', bucket: 'photos', images: IMAGES };

/** What `ResizeImage` reports for a key it resizes: 1024 bytes plus 10 per character of the key. */
const bytesOf = (key: string) => 1024 + key.length * 10;

describe('fan-out (definitions/fan-out.asl.json)', () => {
  let fanOut: TestWorkflow;
  beforeAll(async () => {
    fanOut = await loadWorkflow(DEFINITION, { tasks: handlers });
  });

  it('resizes every image, retrying the throttled one and tolerating the corrupt one (1 of 10 ≤ 10%)', async () => {
    const execution = await fanOut.run(UPLOAD);
    expect(execution.status).toBe('SUCCEEDED');
    const good = IMAGES.filter((key) => !key.endsWith('.corrupt'));
    expect(execution.output).toMatchObject({
      upload: 'up-1',
      bytes: good.reduce((sum, key) => sum + bytesOf(key), 0),
    });
    const keys = (execution.calls('ResizeImage') as Array<{ key: string }>).map((p) => p.key);
    expect(keys.filter((key) => key === 'b-throttle.png')).toHaveLength(2);
    expect(keys.filter((key) => key === 'h.corrupt')).toHaveLength(1);
    expect(keys).toHaveLength(11);
    expect(execution.events('MapIterationFailed')).toHaveLength(1);
    expect(execution.events('MapIterationSucceeded')).toHaveLength(9);
    const thumbnails = execution.stateOutput('ResizeImages') as { thumbnails: unknown[] };
    expect(thumbnails.thumbnails[1]).toEqual({ key: 'photos/b-throttle.thumb.png', bytes: bytesOf('b-throttle.png') });
    expect(thumbnails.thumbnails[0]).toEqual({ key: 'photos/a.thumb.png', bytes: bytesOf('a.png') });
  });

  it('passes each iteration the bucket, its key and its index', async () => {
    const execution = await fanOut.run({ ...UPLOAD, images: ['x.png', 'y.png'] });
    expect(execution.calls('ResizeImage')).toEqual([
      { bucket: 'photos', key: 'x.png', index: 0 },
      { bucket: 'photos', key: 'y.png', index: 1 },
    ]);
    expect(execution.output).toEqual({ upload: 'up-1', count: 2, bytes: bytesOf('x.png') + bytesOf('y.png') });
  });

  it('fails with States.ExceedToleratedFailureThreshold when 2 of 10 images are corrupt (20% > 10%)', async () => {
    const images = IMAGES.map((key) => (key === 'c.png' ? 'c.corrupt' : key));
    const execution = await fanOut.run({ ...UPLOAD, images });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.ExceedToleratedFailureThreshold');
    expect(execution.statesEntered()).not.toContain('Summarise');
  });

  it('never runs more than MaxConcurrency (4) resizes at once', async () => {
    let running = 0;
    let most = 0;
    const slowResize: TaskStub = async (payload, context) => {
      running++;
      most = Math.max(most, running);
      await context.sleep(1000);
      running--;
      return handlers.ResizeImage(payload as { bucket: string; key: string; index: number }, context);
    };
    const images = Array.from({ length: 12 }, (_, i) => `img-${i}.png`);
    const execution = await fanOut.run({ ...UPLOAD, images }, { tasks: { ResizeImage: slowResize } });
    expect(execution.status).toBe('SUCCEEDED');
    expect(most).toBe(4);
    // 12 one-second resizes, 4 at a time: three rounds of engine time.
    expect(execution.elapsedMs()).toBe(3000);
  });
});
