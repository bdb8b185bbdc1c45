/**
 * History event ids. The interpreter numbers a step's events as it goes; ids are global to the
 * execution, and several frames (Map iterations, Parallel branches) step concurrently, so a step runs
 * with provisional ids far above any real one, then reserves as many real ids as it used and renumbers
 * its events, the frame and the causes that quote an event id.
 */
import type { Frame, HistoryEvent } from '../engine/types.js';

/** The first provisional id: above any real history (Step Functions caps a history at 25,000 events). */
export const PROVISIONAL_BASE = 1_000_000_000;

/** Hands out provisional ids. */
export function provisionalIds(): { next(): number; readonly used: number } {
  let used = 0;
  return {
    next: () => PROVISIONAL_BASE + ++used,
    get used() {
      return used;
    },
  };
}

/** Maps provisional ids to real ones starting at `first`; other ids are kept. */
function mapper(first: number): (id: number) => number {
  return (id) => (id > PROVISIONAL_BASE ? first + (id - PROVISIONAL_BASE - 1) : id);
}

const QUOTED_ID = /event id #(\d+)/g;

/** Renumbers a step's events and frame once real ids are reserved. */
export function renumber(
  events: readonly HistoryEvent[],
  frame: Frame,
  first: number,
): { events: HistoryEvent[]; frame: Frame } {
  const map = mapper(first);
  const fixText = (text: string) => text.replace(QUOTED_ID, (_m, id: string) => `event id #${map(Number(id))}`);
  const fixValue = (value: unknown): unknown => {
    if (typeof value === 'string') return value.includes('event id #') ? fixText(value) : value;
    if (Array.isArray(value)) return value.map(fixValue);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fixValue(v)]));
    }
    return value;
  };
  const renumbered = events.map((event) => {
    const { id, previousEventId, timestamp, type, ...details } = event;
    return {
      id: map(id),
      previousEventId: map(previousEventId),
      timestamp,
      type,
      ...(fixValue(details) as Record<string, unknown>),
    };
  });
  return {
    events: renumbered,
    frame: {
      ...frame,
      enteredEventId: map(frame.enteredEventId),
      lastEventId: map(frame.lastEventId),
      outcome: frame.outcome === undefined ? undefined : (fixValue(frame.outcome) as Frame['outcome']),
    },
  };
}
