/**
 * The embedded engine's clocks. A virtual clock only moves when nothing else can: Wait states, retry
 * back-off and task sleeps take no wall time, while timestamps and timeouts behave as if they did.
 */
import type { Clock, SleepSignal } from '../runtime/ports.js';

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

/**
 * A clock whose time advances only through {@link LocalClock.advanceTo}. A class (methods shared by
 * every clock), so that the engine code optimised against one engine's clock still fits the next.
 */
class VirtualClock implements LocalClock {
  readonly kind = 'virtual';
  private seq = 0;
  private sleepers: Sleeper[] = [];

  constructor(private time: number) {}

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: SleepSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const sleeper = { at: this.time + Math.max(0, ms), seq: this.seq++, wake: resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
      });
    });
  }

  nextWake(): number | undefined {
    let next: number | undefined;
    for (const s of this.sleepers) if (next === undefined || s.at < next) next = s.at;
    return next;
  }

  advanceTo(at: number): void {
    this.time = Math.max(this.time, at);
    const due = this.sleepers.filter((s) => s.at <= this.time).sort((a, b) => a.at - b.at || a.seq - b.seq);
    this.sleepers = this.sleepers.filter((s) => s.at > this.time);
    for (const s of due) s.wake();
  }
}

/** A clock whose time advances only through {@link LocalClock.advanceTo}, starting at `start`. */
export function virtualClock(start: number = Date.now()): LocalClock {
  return new VirtualClock(start);
}

/** The wall clock. */
class RealClock implements LocalClock {
  readonly kind = 'real';

  now(): number {
    return Date.now();
  }

  sleep(ms: number, signal?: SleepSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, ms));
      signal?.addEventListener('abort', () => clearTimeout(timer));
    });
  }

  nextWake(): number | undefined {
    return undefined;
  }

  advanceTo(): void {}
}

/** The wall clock. */
export function realClock(): LocalClock {
  return new RealClock();
}
