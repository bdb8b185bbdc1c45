/**
 * The embedded engine's clocks. A virtual clock only moves when nothing else can: Wait states, retry
 * back-off and task sleeps take no wall time, while timestamps and timeouts behave as if they did.
 */

/** A clock with timers. */
export interface LocalClock {
  /** Epoch milliseconds. */
  now(): number;
  /** Runs `fn` at `at` (epoch ms). Returns a cancel function. */
  at(at: number, fn: () => void): () => void;
  /** Virtual: moves time to the next timer and fires it; returns false when there is none. Real: false. */
  advance(): boolean;
  /** True when a timer is pending. */
  hasTimers(): boolean;
  readonly kind: 'virtual' | 'real';
}

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
  cancelled: boolean;
}

/** A clock whose time advances only through {@link LocalClock.advance}. */
export function virtualClock(start: number = Date.now()): LocalClock {
  let time = start;
  let seq = 0;
  let timers: Timer[] = [];
  return {
    kind: 'virtual',
    now: () => time,
    at(at, fn) {
      const timer: Timer = { at, seq: seq++, fn, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    hasTimers: () => timers.some((t) => !t.cancelled),
    advance() {
      timers = timers.filter((t) => !t.cancelled);
      if (timers.length === 0) return false;
      let next = timers[0]!;
      for (const t of timers) if (t.at < next.at || (t.at === next.at && t.seq < next.seq)) next = t;
      timers = timers.filter((t) => t !== next);
      time = Math.max(time, next.at);
      next.fn();
      return true;
    },
  };
}

/** The wall clock, with `setTimeout` timers. */
export function realClock(): LocalClock {
  const pending = new Set<NodeJS.Timeout>();
  return {
    kind: 'real',
    now: () => Date.now(),
    at(at, fn) {
      const handle = setTimeout(
        () => {
          pending.delete(handle);
          fn();
        },
        Math.max(0, at - Date.now()),
      );
      pending.add(handle);
      return () => {
        clearTimeout(handle);
        pending.delete(handle);
      };
    },
    hasTimers: () => pending.size > 0,
    advance: () => false,
  };
}
