import { describe, expect, it } from 'vitest';
import type { Frame, HistoryEvent } from '../../../src/engine/types.js';
import { PROVISIONAL_BASE, ProvisionalIds, renumberInPlace } from '../../../src/runtime/event-ids.js';

const P = PROVISIONAL_BASE;

/** A mapper that numbers the first `used` provisional ids from `first`, as a commit does. */
async function settledFrom(first: number, used: number): Promise<ProvisionalIds> {
  const ids = new ProvisionalIds();
  for (let i = 0; i < used; i++) ids.next();
  await ids.settle(async () => first);
  return ids;
}

function frame(overrides: Partial<Frame> = {}): Frame {
  return {
    id: 'root',
    kind: 'execution',
    machine: '',
    state: 'A',
    stage: { name: 'done' },
    input: {},
    variables: {},
    enteredTime: '2026-01-01T00:00:00.000Z',
    enteredEventId: P + 1,
    lastEventId: P + 3,
    retryCounts: [],
    retryCount: 0,
    transitions: 0,
    ...overrides,
  };
}

describe('renumberInPlace', () => {
  it('maps provisional ids to the reserved ones and keeps real ids', async () => {
    const events: HistoryEvent[] = [
      { id: P + 1, previousEventId: 7, timestamp: 't', type: 'PassStateEntered' },
      { id: P + 2, previousEventId: P + 1, timestamp: 't', type: 'PassStateExited' },
      { id: P + 3, previousEventId: P + 2, timestamp: 't', type: 'SucceedStateEntered' },
    ];
    const same = events.slice();
    const renumbered = renumberInPlace(events, frame(), await settledFrom(40, 3));
    expect(events.map((e) => [e.id, e.previousEventId])).toEqual([
      [40, 7],
      [41, 40],
      [42, 41],
    ]);
    // In place: the very objects the step produced.
    expect(events.every((e, i) => e === same[i])).toBe(true);
    expect(renumbered.enteredEventId).toBe(40);
    expect(renumbered.lastEventId).toBe(42);
  });

  it('renumbers the frame without touching the frame it was given', async () => {
    const input = frame();
    const renumbered = renumberInPlace([], input, await settledFrom(10, 3));
    expect([renumbered.enteredEventId, renumbered.lastEventId]).toEqual([10, 12]);
    expect([input.enteredEventId, input.lastEventId]).toEqual([P + 1, P + 3]);
  });

  it('hands out provisional ids above any real one and takes back rewound ones', () => {
    const ids = new ProvisionalIds();
    expect([ids.next(), ids.next()]).toEqual([P + 1, P + 2]);
    ids.rewind(1);
    expect(ids.used).toBe(1);
    expect(ids.next()).toBe(P + 2);
  });

  it('makes ids real in runs, each from its own reservation, and never rewinds below a settled one', async () => {
    const ids = new ProvisionalIds();
    const reservations: number[] = [];
    let counter = 100;
    const reserve = async (count: number) => {
      reservations.push(count);
      const first = counter;
      counter += count + 5; // another frame of the execution reserved in between
      return first;
    };
    ids.next();
    ids.next();
    expect(ids.real(P + 2)).toBeUndefined();
    await ids.settle(reserve);
    expect([ids.real(P + 1), ids.real(P + 2)]).toEqual([100, 101]);
    ids.rewind(0);
    expect(ids.used).toBe(2);
    expect(ids.next()).toBe(P + 3);
    await ids.settle(reserve);
    await ids.settle(reserve); // nothing left: no reservation
    expect(reservations).toEqual([2, 1]);
    expect([ids.map(P + 1), ids.map(P + 3), ids.map(7)]).toEqual([100, 107, 7]);
  });
});
