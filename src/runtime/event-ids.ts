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

/**
 * Renumbers a step's events in place, and returns the frame renumbered, once real ids are reserved.
 * The events must be the step's own, not yet seen by anyone: renumbering them in place keeps a long
 * step (a 50,000-state loop) from holding two copies of its history.
 */
export function renumberInPlace(events: HistoryEvent[], frame: Frame, first: number): Frame {
  const map = mapper(first);
  const fixText = (text: string) => text.replace(QUOTED_ID, (_m, id: string) => `event id #${map(Number(id))}`);
  for (const event of events as Array<{ -readonly [K in keyof HistoryEvent]: HistoryEvent[K] }>) {
    event.id = map(event.id);
    event.previousEventId = map(event.previousEventId);
    // Only an error's cause quotes an event id ("… (entered at the event id #N)"), and it sits one
    // level down, in the event's details.
    for (const key in event) {
      const details = event[key];
      if (details === null || typeof details !== 'object') continue;
      const cause = (details as { cause?: unknown }).cause;
      if (typeof cause === 'string' && cause.includes('event id #')) {
        event[key] = { ...(details as object), cause: fixText(cause) };
      }
    }
  }
  const outcome = frame.outcome;
  return {
    ...frame,
    enteredEventId: map(frame.enteredEventId),
    lastEventId: map(frame.lastEventId),
    outcome:
      outcome?.status === 'FAILED' && outcome.cause?.includes('event id #') === true
        ? { ...outcome, cause: fixText(outcome.cause) }
        : outcome,
  };
}
