/**
 * The embedded engine's clocks. A virtual clock only moves when nothing else can: Wait states, retry
 * back-off and task sleeps take no wall time, while timestamps and timeouts behave as if they did.
 */
import type { Clock } from '../runtime/ports.js';

/** A clock the local driver can move. */
export interface LocalClock extends Clock {
  readonly kind: 'virtual' | 'real';
  /** Epoch ms of the next pending sleep, if any. */
  nextWake(): number | undefined;
  /** Virtual: moves time to `at` (never backwards), waking every sleep due by then. Real: no-op. */
  advanceTo(at: number): void;
}

interface Sleeper {
  readonly at: number;
  readonly seq: number;
  readonly wake: () => void;
}

/** A clock whose time advances only through {@link LocalClock.advanceTo}. */
export function virtualClock(start: number = Date.now()): LocalClock {
  let time = start;
  let seq = 0;
  let sleepers: Sleeper[] = [];
  return {
    kind: 'virtual',
    now: () => time,
    sleep(ms, signal) {
      return new Promise<void>((resolve) => {
        const sleeper = { at: time + Math.max(0, ms), seq: seq++, wake: resolve };
        sleepers.push(sleeper);
        signal?.addEventListener('abort', () => {
          sleepers = sleepers.filter((s) => s !== sleeper);
        });
      });
    },
    nextWake() {
      let next: number | undefined;
      for (const s of sleepers) if (next === undefined || s.at < next) next = s.at;
      return next;
    },
    advanceTo(at) {
      time = Math.max(time, at);
      const due = sleepers.filter((s) => s.at <= time).sort((a, b) => a.at - b.at || a.seq - b.seq);
      sleepers = sleepers.filter((s) => s.at > time);
      for (const s of due) s.wake();
    },
  };
}

/** The wall clock. */
export function realClock(): LocalClock {
  return {
    kind: 'real',
    now: () => Date.now(),
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, ms));
        signal?.addEventListener('abort', () => clearTimeout(timer));
      }),
    nextWake: () => undefined,
    advanceTo: () => undefined,
  };
}
