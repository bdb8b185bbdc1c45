/**
 * History event ids. The interpreter numbers a step's events as it goes; ids are global to the
 * execution, and several frames (Map iterations, Parallel branches) step concurrently, so a step runs
 * with provisional ids far above any real one, then reserves as many real ids as it used and renumbers
 * its events and the frame. A step that must quote an id before it commits (an error's cause) makes
 * the ids so far real at that point.
 */
import type { Frame, HistoryEvent } from '../engine/types.js';

/** The first provisional id: above any real history (Step Functions caps a history at 25,000 events). */
export const PROVISIONAL_BASE = 1_000_000_000;

/** A run of provisional ids made real: `from`..`to` (counts of ids handed out) start at `first`. */
interface Settled {
  readonly from: number;
  readonly to: number;
  readonly first: number;
}

/**
 * Hands out provisional ids, and makes them real: all at once when the step commits, or earlier, in
 * runs, when the step must quote one (an error's cause names the event its state was entered at,
 * and that text may travel on in a caught error's output).
 */
export class ProvisionalIds {
  private handedOut = 0;
  private readonly settled: Settled[] = [];
  /** Ids up to this count are real already. */
  private settledUpTo = 0;
  /** The reservation under way, if any. */
  private settling: Promise<void> | undefined;

  /** The next provisional id. */
  next(): number {
    return PROVISIONAL_BASE + ++this.handedOut;
  }

  /** How many ids have been handed out. */
  get used(): number {
    return this.handedOut;
  }

  /**
   * Gives back the ids taken after `to` (a count of `used`), e.g. by steps that were dropped; ids
   * already made real are kept (their events are dropped, which leaves a gap).
   */
  rewind(to: number): void {
    this.handedOut = Math.max(this.settledUpTo, Math.min(this.handedOut, to));
  }

  /** Makes every id handed out so far real, from `reserve(count)` (which returns the first). */
  async settle(reserve: (count: number) => Promise<number>): Promise<void> {
    // Children stepping at once inside one step may settle together: a reservation under way
    // covers the ids handed out before it, and they are real only once it is back.
    while (this.settling !== undefined) await this.settling;
    const count = this.handedOut - this.settledUpTo;
    if (count === 0) return;
    const from = this.settledUpTo + 1;
    const to = this.handedOut;
    this.settledUpTo = to;
    this.settling = reserve(count).then(
      (first) => {
        this.settled.push({ from, to, first });
      },
      (error: unknown) => {
        this.settledUpTo = from - 1;
        throw error;
      },
    );
    try {
      await this.settling;
    } finally {
      this.settling = undefined;
    }
  }

  /** The real id of `id` (ids that were never provisional are kept); undefined when not settled yet. */
  real(id: number): number | undefined {
    if (id <= PROVISIONAL_BASE) return id;
    const n = id - PROVISIONAL_BASE;
    for (const run of this.settled) if (n >= run.from && n <= run.to) return run.first + (n - run.from);
    return undefined;
  }

  /** Maps every settled id to its real one (and every other id to itself). */
  map(id: number): number {
    return this.real(id) ?? id;
  }
}

/**
 * Renumbers a step's events in place, and returns the frame renumbered, once real ids are reserved
 * (`ids.map` gives each provisional id its real one). The events must be the step's own, not yet seen
 * by anyone: renumbering them in place keeps a long step (a 50,000-state loop) from holding two copies
 * of its history. No text needs renumbering: a cause that quotes an event id was given the final id
 * when it was made (`StepEnv.finalEventId`).
 */
export function renumberInPlace(events: HistoryEvent[], frame: Frame, ids: { map(id: number): number }): Frame {
  for (const event of events as Array<{ -readonly [K in keyof HistoryEvent]: HistoryEvent[K] }>) {
    event.id = ids.map(event.id);
    event.previousEventId = ids.map(event.previousEventId);
  }
  return { ...frame, enteredEventId: ids.map(frame.enteredEventId), lastEventId: ids.map(frame.lastEventId) };
}
