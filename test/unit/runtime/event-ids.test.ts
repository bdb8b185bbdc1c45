import { describe, expect, it } from 'vitest';
import type { Frame, HistoryEvent } from '../../../src/engine/types.js';
import { PROVISIONAL_BASE, provisionalIds, renumberInPlace } from '../../../src/runtime/event-ids.js';

const P = PROVISIONAL_BASE;

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
  it('maps provisional ids to the reserved ones and keeps real ids', () => {
    const events: HistoryEvent[] = [
      { id: P + 1, previousEventId: 7, timestamp: 't', type: 'PassStateEntered' },
      { id: P + 2, previousEventId: P + 1, timestamp: 't', type: 'PassStateExited' },
      { id: P + 3, previousEventId: P + 2, timestamp: 't', type: 'SucceedStateEntered' },
    ];
    const same = events.slice();
    const renumbered = renumberInPlace(events, frame(), 40);
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

  it('rewrites the event ids a cause quotes, in events and in the outcome, without touching the input frame', () => {
    const cause = `An error occurred while executing the state 'A' (entered at the event id #${P + 1}). Boom`;
    const details = { error: 'States.Runtime', cause };
    const events: HistoryEvent[] = [
      { id: P + 1, previousEventId: 3, timestamp: 't', type: 'PassStateEntered' },
      {
        id: P + 2,
        previousEventId: P + 1,
        timestamp: 't',
        type: 'ExecutionFailed',
        executionFailedEventDetails: details,
      },
    ];
    const input = frame({ outcome: { status: 'FAILED', error: 'States.Runtime', cause } });
    const renumbered = renumberInPlace(events, input, 10);
    const expected = "An error occurred while executing the state 'A' (entered at the event id #10). Boom";
    expect(events[1]?.executionFailedEventDetails).toEqual({ error: 'States.Runtime', cause: expected });
    expect(details.cause).toBe(cause);
    expect(renumbered.outcome).toEqual({ status: 'FAILED', error: 'States.Runtime', cause: expected });
    expect(input.outcome).toEqual({ status: 'FAILED', error: 'States.Runtime', cause });
  });

  it('hands out provisional ids above any real one and takes back rewound ones', () => {
    const ids = provisionalIds();
    expect([ids.next(), ids.next()]).toEqual([P + 1, P + 2]);
    ids.rewind(1);
    expect(ids.used).toBe(1);
    expect(ids.next()).toBe(P + 2);
  });
});
