import { describe, expect, it } from 'vitest';
import { createLocalEngine } from '../../../src/local/engine.js';
import { Meter, meterInvoker, meterQueue, meterStore, sizeOf } from '../../../src/runtime/meter.js';

/** A chain of `n` Pass states alternating with Choice states, all finishable without waiting. */
function passChoiceChain(n: number) {
  const states: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    const next = i + 1 < n ? `S${i + 1}` : 'Done';
    states[`S${i}`] =
      i % 2 === 0
        ? { Type: 'Pass', Result: i, ResultPath: `$.r${i}`, Next: next }
        : { Type: 'Choice', Choices: [{ Variable: '$.go', BooleanEquals: true, Next: next }], Default: 'Done' };
  }
  states.Done = { Type: 'Succeed' };
  return { StartAt: 'S0', States: states };
}

function meteredEngine(meter: Meter, tasks = {}) {
  return createLocalEngine({
    tasks,
    adapters: {
      store: (store) => meterStore(store, meter),
      queue: (queue) => meterQueue(queue, meter),
      invoker: (invoker) => meterInvoker(invoker, meter),
    },
  });
}

describe('Meter', () => {
  it('rounds writes up per KB and strongly consistent reads per 4 KB', () => {
    const meter = new Meter();
    meter.write('x'.repeat(1500));
    meter.read('x'.repeat(5000));
    meter.write({ a: 1 }, { transactional: true });
    expect(meter.writes.units).toBe(2 + 2);
    expect(meter.reads.units).toBe(2);
    expect(meter.writes.calls).toBe(2);
  });

  it('counts a queue request per started 64 KB', () => {
    const meter = new Meter();
    meter.queue(65_536 + 1, 1);
    meter.queue(10, 1);
    expect(meter.queueRequests).toBe(3);
    expect(meter.messagesSent).toBe(2);
  });

  it('measures UTF-8 bytes of JSON', () => {
    expect(sizeOf({ a: 'é' })).toBe(Buffer.byteLength('{"a":"é"}'));
    expect(sizeOf(undefined)).toBe(0);
  });
});

describe('what an execution spends, counted at the ports', () => {
  it('runs a 20-state Pass/Choice chain in one frame commit and sends no message beyond the start', async () => {
    const meter = new Meter();
    const commits: number[] = [];
    const engine = createLocalEngine({
      adapters: {
        store: (store) => {
          const metered = meterStore(store, meter);
          return {
            ...metered,
            commitFrame: async (record) => {
              commits.push(record.version);
              return metered.commitFrame(record);
            },
          };
        },
        queue: (queue) => meterQueue(queue, meter),
      },
    });
    const result = await engine.run(passChoiceChain(20), { go: true });
    expect(result.status).toBe('SUCCEEDED');
    expect(commits).toEqual([1]);
    // The one message is the execution's start.
    expect(meter.messagesSent).toBe(1);
  });

  it('invokes each task of a chain once and commits the chain once', async () => {
    const meter = new Meter();
    const states: Record<string, unknown> = {};
    for (let i = 0; i < 10; i++) {
      states[`T${i}`] = {
        Type: 'Task',
        Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Inc',
        ...(i < 9 ? { Next: `T${i + 1}` } : { End: true }),
      };
    }
    const engine = meteredEngine(meter, { Inc: async (n: number) => n + 1 });
    const result = await engine.run({ StartAt: 'T0', States: states }, 0);
    expect(result.output).toBe(10);
    expect(meter.invocations).toBe(10);
    expect(meter.messagesSent).toBe(1);
  });
});
