/**
 * How a distributed Map's map runs stand, read from their execution's history: each starts with its
 * `MapRunStarted` and ends with `MapRunSucceeded`, `MapRunFailed` or, for a stopped execution, none.
 * `DescribeMapRun` and `ListMapRuns` (map-runs.ts) answer from it, and so does a child execution
 * still running when its run ended (lifecycle.ts): it stopped then.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeMapRun.html
 */
import type { HistoryEvent } from '../engine/types.js';
import type { ExecutionRecord, Store } from './ports.js';

/** A map run's status. */
export type MapRunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

/** How a map run stands, read from its execution's history. */
export interface RunInHistory {
  readonly mapRunArn: string;
  readonly started: HistoryEvent;
  readonly status: MapRunStatus;
  readonly stopDate?: string | undefined;
}

const ENDED: Readonly<Record<string, MapRunStatus>> = {
  MapRunSucceeded: 'SUCCEEDED',
  MapRunFailed: 'FAILED',
  MapRunAborted: 'ABORTED',
};

/** The events that end an execution while a map run of it may still run. */
const STOPS = new Set(['ExecutionAborted', 'ExecutionFailed', 'ExecutionTimedOut']);

/**
 * The map runs a history records, in the order they started. A run ends with the event that follows
 * its `MapRunStarted` in its state's chain (`previousEventId`: its child executions record nothing in
 * the parent's history); a run without one was ABORTED by the first stop of its execution after it
 * (`ExecutionAborted`, `ExecutionFailed`, `ExecutionTimedOut`: a redrive starts a new run), else it
 * is RUNNING while the execution is, and ABORTED when the execution stopped.
 */
export function runsOf(history: readonly HistoryEvent[], execution: ExecutionRecord): RunInHistory[] {
  const endOf = new Map<number, HistoryEvent>();
  for (const event of history) if (ENDED[event.type] !== undefined) endOf.set(event.previousEventId, event);
  const stops = history.filter((event) => STOPS.has(event.type));
  const runs: RunInHistory[] = [];
  for (const event of history) {
    if (event.type !== 'MapRunStarted') continue;
    const details = event.mapRunStartedEventDetails as { mapRunArn?: string } | undefined;
    if (details?.mapRunArn === undefined) continue;
    const end = endOf.get(event.id);
    const stop = end === undefined ? stops.find((s) => s.id > event.id) : undefined;
    if (end !== undefined) {
      runs.push({ mapRunArn: details.mapRunArn, started: event, status: ENDED[end.type]!, stopDate: end.timestamp });
    } else if (stop !== undefined) {
      runs.push({ mapRunArn: details.mapRunArn, started: event, status: 'ABORTED', stopDate: stop.timestamp });
    } else if (execution.status === 'RUNNING') {
      runs.push({ mapRunArn: details.mapRunArn, started: event, status: 'RUNNING' });
    } else {
      runs.push({ mapRunArn: details.mapRunArn, started: event, status: 'ABORTED', stopDate: execution.stopDate });
    }
  }
  return runs;
}

/**
 * When map run `mapRunArn` of `execution` stopped the child executions it still ran: the end of a
 * run that failed (its failures beyond the tolerance, as AWS aborts the others then) or was aborted
 * (its execution stopped, failed or timed out); undefined while it runs, or once it succeeded (every
 * child ended before it). One read of the execution's history.
 */
export async function childrenStoppedAt(
  store: Store,
  mapRunArn: string,
  execution: ExecutionRecord,
): Promise<string | undefined> {
  const history = await store.readHistory(execution.info.executionArn);
  const run = runsOf(history, execution).find((r) => r.mapRunArn === mapRunArn);
  if (run === undefined) return execution.status === 'RUNNING' ? undefined : execution.stopDate;
  return run.status === 'FAILED' || run.status === 'ABORTED' ? run.stopDate : undefined;
}
