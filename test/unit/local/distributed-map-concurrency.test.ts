/**
 * A distributed Map at `MaxConcurrency` 10,000 over 20,000 items read in pages, on the embedded
 * engine's runtime and memory store: every item runs once, no more than 10,000 children ever run at
 * once, and `DescribeMapRun` counts every child at the end.
 */
import { describe, expect, it } from 'vitest';
import { createLocalEngine } from '../../../src/local/engine.js';
import { describeMapRun } from '../../../src/runtime/map-runs.js';
import type { FrameRecord, Store } from '../../../src/runtime/ports.js';
import { distributedMap } from '../engine/helpers.js';

const ITEMS = 20_000;
const MAX_CONCURRENCY = 10_000;

describe('a distributed Map at MaxConcurrency 10,000', () => {
  it('runs every item once and never more than 10,000 children at once', { timeout: 300_000 }, async () => {
    const items = Array.from({ length: ITEMS }, (_, n) => ({ n }));
    // A child runs from its task's call (its first step) until the join counts it; its successor is
    // started only after that count. The first 10,000 children hold until all of them run and every
    // page has been fed (and what its commit sent handled), so that the bound is reached and held: a
    // child started beyond it, by a page's commit or otherwise, shows as more than 10,000 running.
    const started = new Set<number>();
    const counted = new Set<number>();
    let peak = 0;
    let fed = false;
    let release: () => void = () => undefined;
    const full = new Promise<void>((resolve) => {
      release = resolve;
    });
    const releaseWhenFull = async () => {
      if (!fed || started.size < MAX_CONCURRENCY) return;
      for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setImmediate(resolve));
      release();
    };
    const engine = createLocalEngine({
      largePayloads: true,
      tasks: {
        'arn:aws:states:::s3:getObject': async () => items,
        Hold: async (input) => {
          const { n } = input as { n: number };
          if (started.has(n)) throw new Error(`child ${n} started twice`);
          started.add(n);
          peak = Math.max(peak, started.size - counted.size);
          void releaseWhenFull();
          await full;
          return { n };
        },
      },
      adapters: {
        store: (store: Store): Store =>
          new Proxy(store, {
            get(target, property, receiver) {
              if (property === 'commitFrame') {
                return async (record: FrameRecord) => {
                  const committed = await target.commitFrame(record);
                  const stage = record.frame.stage;
                  if (committed.committed && stage.name === 'children' && stage.children.feed?.more === false) {
                    fed = true;
                    void releaseWhenFull();
                  }
                  return committed;
                };
              }
              if (property === 'completeChild') {
                return async (...args: Parameters<Store['completeChild']>) => {
                  const counts = await target.completeChild(...args);
                  counted.add(args[2].index);
                  return counts;
                };
              }
              const value = Reflect.get(target, property, receiver);
              return typeof value === 'function' ? value.bind(target) : value;
            },
          }),
      },
    });
    const result = await engine.run(
      distributedMap({
        ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'b', Key: 'items.json' } },
        MaxConcurrency: MAX_CONCURRENCY,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Hold',
          States: {
            Hold: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Hold', End: true },
          },
        },
      }),
      {},
    );
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual(items);
    expect(started.size).toBe(ITEMS);
    expect(counted.size).toBe(ITEMS);
    expect(peak).toBe(MAX_CONCURRENCY);

    const runStarted = result.history.find((e) => e.type === 'MapRunStarted');
    const mapRunArn = (runStarted?.mapRunStartedEventDetails as { mapRunArn?: string } | undefined)?.mapRunArn;
    if (mapRunArn === undefined) throw new Error('no MapRunStarted event');
    const run = await describeMapRun(engine.runtime, mapRunArn);
    expect(run).toMatchObject({ status: 'SUCCEEDED', maxConcurrency: MAX_CONCURRENCY });
    const done = { pending: 0, running: 0, succeeded: ITEMS, failed: 0, timedOut: 0, aborted: 0, total: ITEMS };
    expect(run.executionCounts).toMatchObject(done);
    expect(run.itemCounts).toMatchObject(done);
  });
});
