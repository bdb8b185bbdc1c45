/**
 * A long history written through a store as a run would commit it, for the benchmarks that read one
 * back (`bench/history`, `bench/map-run-reads`): 20 frames (a Map's iterations) stepping in turns,
 * each commit 50 events of about 120 bytes (a record of about 1.3 KB compressed).
 */
import type { HistoryEvent } from '../src/engine/types.js';
import type { Store } from '../src/runtime/ports.js';
import { frame } from '../test/contract/fixtures.js';

/** Frames that step in turns. */
export const FRAMES = 20;
/** Events of each commit. */
export const EVENTS_PER_COMMIT = 50;
/** The time of every event written. */
export const T0 = '2024-05-01T10:00:00.000Z';

/** Event `id`: a Pass state's entry (odd ids) or exit (even ids), about 120 bytes. */
export function passEvent(id: number): HistoryEvent {
  return {
    id,
    previousEventId: id - 1,
    timestamp: T0,
    type: id % 2 === 0 ? 'PassStateExited' : 'PassStateEntered',
    ...(id % 2 === 0
      ? { stateExitedEventDetails: { name: 'Count', output: `{"n":${id}}` } }
      : { stateEnteredEventDetails: { name: 'Count', input: `{"n":${id - 1}}` } }),
  } as HistoryEvent;
}

/**
 * Commits the turns of execution `executionArn`'s frames `root/0.0.<n>` from event `first` on, until
 * about `total` events: every frame commits once a turn, the turn's commits ending before the next
 * turn's (a frame's next version follows its last). `early(turn)` ids of a frame's commit are taken
 * before the other frames' commits of that turn take theirs (a step that made an id final early);
 * `paged`: the records are of an execution whose history is paged. Returns the last id.
 */
export async function commitTurns(
  store: Store,
  executionArn: string,
  first: number,
  total: number,
  options: { readonly early?: (turn: number) => number; readonly paged?: boolean } = {},
): Promise<number> {
  let next = first;
  const versions = new Array<number>(FRAMES).fill(0);
  const turns = Math.ceil((total - first + 1) / (FRAMES * EVENTS_PER_COMMIT));
  for (let turn = 0; turn < turns; turn++) {
    const early: number[][] = [];
    for (let f = 0; f < FRAMES; f++) {
      early[f] = Array.from({ length: options.early?.(turn) ?? 0 }, () => next++);
    }
    const commits: Promise<unknown>[] = [];
    for (let f = 0; f < FRAMES; f++) {
      const ids = [...early[f]!];
      while (ids.length < EVENTS_PER_COMMIT) ids.push(next++);
      const frameId = `root/0.0.${f}`;
      versions[f]! += 1;
      commits.push(
        store.commitFrame({
          executionArn,
          frameId,
          version: versions[f]!,
          frame: frame(frameId, 'Count', ids.at(-1)!),
          events: ids.map(passEvent),
          outbox: [],
          causedBy: `m-${f}-${versions[f]}`,
          ...(options.paged === true ? { pagedHistory: true } : {}),
        }),
      );
    }
    await Promise.all(commits);
  }
  return next - 1;
}
