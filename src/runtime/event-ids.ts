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
export function provisionalIds(): { next(): number; readonly used: number; rewind(to: number): void } {
  let used = 0;
  return {
    next: () => PROVISIONAL_BASE + ++used,
    get used() {
      return used;
    },
    /** Gives back the ids taken after `to` (a count of `used`), e.g. by steps that were dropped. */
    rewind(to: number) {
      used = Math.min(used, to);
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
  // Only an error's cause quotes an event id ("… (entered at the event id #N)"), and it sits one level
  // down, in the event's details: copy just the details that change, keep everything else shared.
  const renumbered = events.map((event): HistoryEvent => {
    let copy: Record<string, unknown> | undefined;
    for (const key in event) {
      const details = event[key];
      if (key === 'id' || key === 'previousEventId' || details === null || typeof details !== 'object') continue;
      const cause = (details as { cause?: unknown }).cause;
      if (typeof cause === 'string' && cause.includes('event id #')) {
        copy ??= { ...event };
        copy[key] = { ...(details as object), cause: fixText(cause) };
      }
    }
    return { ...(copy ?? event), id: map(event.id), previousEventId: map(event.previousEventId) } as HistoryEvent;
  });
  const outcome = frame.outcome;
  return {
    events: renumbered,
    frame: {
      ...frame,
      enteredEventId: map(frame.enteredEventId),
      lastEventId: map(frame.lastEventId),
      outcome:
        outcome?.status === 'FAILED' && outcome.cause?.includes('event id #') === true
          ? { ...outcome, cause: fixText(outcome.cause) }
          : outcome,
    },
  };
}
