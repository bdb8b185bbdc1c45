import { describe, expect, it } from 'vitest';
import { virtualClock } from '../../../src/local/clock.js';

describe('virtualClock', () => {
  it('wakes sleepers in time order when moved past them, and not before', async () => {
    const clock = virtualClock(1_000);
    const woke: string[] = [];
    void clock.sleep(500).then(() => woke.push('late'));
    void clock.sleep(100).then(() => woke.push('early'));
    expect(clock.nextWake()).toBe(1_100);
    clock.advanceTo(1_099);
    await Promise.resolve();
    expect(woke).toEqual([]);
    clock.advanceTo(1_500);
    await Promise.resolve();
    expect(woke).toEqual(['early', 'late']);
    expect(clock.now()).toBe(1_500);
  });

  it('forgets a sleep whose signal aborts, so that a lost timeout race holds no timer', async () => {
    const clock = virtualClock(0);
    const race = new AbortController();
    let fired = false;
    void clock.sleep(60_000, race.signal).then(() => {
      fired = true;
    });
    race.abort();
    expect(clock.nextWake()).toBeUndefined();
    clock.advanceTo(120_000);
    await Promise.resolve();
    expect(fired).toBe(false);
  });
});
