/**
 * How a distributed Map's map runs stand. Each starts with its `MapRunStarted` and ends with
 * `MapRunSucceeded`, `MapRunFailed` or, for a stopped execution, none. The commit that holds a run's
 * end names it ({@link FrameRecord.mapRunEnds}) and the runtime records the end on the run's record
 * after it ({@link recordMapRunEnds}), so that a run is read from its record and its execution's
 * ({@link runOfRecord}: two items, whatever the history's length); where they cannot tell, the
 * execution's history answers ({@link runsOf}). `DescribeMapRun` and `ListMapRuns` (map-runs.ts) and
 * a child execution still running when its run ended (lifecycle.ts: it stopped then) read it.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeMapRun.html
 */
import type { HistoryEvent, MapRunEndEvent } from '../engine/types.js';
import type { ExecutionRecord, FrameRecord, MapRunEndRecord, MapRunRecord, Store } from './ports.js';

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

/** How a map run stands: its status and, once it stopped, when (ISO-8601). */
export interface RunStanding {
  readonly status: MapRunStatus;
  readonly stopDate?: string | undefined;
  /** When it started, as its `MapRunStarted` event says, when the history was read. */
  readonly startDate?: string | undefined;
}

/**
 * How map run `record` of `execution` stands, from the two records alone (no history read), or
 * undefined when they cannot tell:
 * - a run whose end was recorded ended then;
 * - a run without one belongs to its execution's attempt of `record.redriveCount`: while that attempt
 *   runs, so does the run (until its end is recorded, which follows the commit of its end event); once
 *   the attempt stopped, its stop aborted the run, at the execution's `stopDate`. The ends of an
 *   execution's runs are recorded before its own end (`afterCommit`), so an execution read as ended
 *   has none missing;
 * - undefined for a run of an earlier attempt (the execution was redriven since) without an end: that
 *   attempt's stop aborted it, but its date is only in the history's stop event now; and for a record
 *   without `redriveCount` (written before ends were recorded), whose end is only in the history.
 */
export function runOfRecord(record: MapRunRecord, execution: ExecutionRecord): RunStanding | undefined {
  if (record.redriveCount === undefined) return undefined;
  if (record.ended !== undefined) return { status: record.ended.status, stopDate: record.ended.stopDate };
  if (record.redriveCount !== execution.info.redriveCount) return undefined;
  if (execution.status === 'RUNNING') return { status: 'RUNNING' };
  return { status: 'ABORTED', stopDate: execution.stopDate };
}

/**
 * How map run `mapRunArn` of `execution` stands: from its record (`run`, when there is one) and the
 * execution's where they tell ({@link runOfRecord}), else from the execution's history (every event
 * read); undefined when the history records no such run.
 */
export async function runStanding(
  store: Store,
  mapRunArn: string,
  run: MapRunRecord | undefined,
  execution: ExecutionRecord,
): Promise<RunStanding | undefined> {
  const recorded = run === undefined ? undefined : runOfRecord(run, execution);
  if (recorded !== undefined) return recorded;
  const history = await store.readHistory(execution.info.executionArn);
  const found = runsOf(history, execution).find((r) => r.mapRunArn === mapRunArn);
  return found === undefined
    ? undefined
    : { status: found.status, stopDate: found.stopDate, startDate: found.started.timestamp };
}

/**
 * When map run `mapRunArn` of `execution` stopped the child executions it still ran: the end of a
 * run that failed (its failures beyond the tolerance, as AWS aborts the others then) or was aborted
 * (its execution stopped, failed or timed out); undefined while it runs, or once it succeeded (every
 * child ended before it). Read from the run's record `run` and the execution's where they tell, else
 * from the execution's history ({@link runStanding}).
 */
export async function childrenStoppedAt(
  store: Store,
  mapRunArn: string,
  run: MapRunRecord | undefined,
  execution: ExecutionRecord,
): Promise<string | undefined> {
  const standing = await runStanding(store, mapRunArn, run, execution);
  if (standing === undefined) return execution.status === 'RUNNING' ? undefined : execution.stopDate;
  return standing.status === 'FAILED' || standing.status === 'ABORTED' ? standing.stopDate : undefined;
}

/**
 * The map run ends of a step (`ends`, from the engine) whose events are among the `events` it commits
 * to the execution's history (not those of a child execution's own history, nor those a history limit
 * dropped), as its record names them; undefined when there are none.
 */
export function mapRunEndsIn(
  ends: readonly MapRunEndEvent[],
  events: readonly HistoryEvent[],
): MapRunEndRecord[] | undefined {
  if (ends.length === 0) return undefined;
  const committed = new Set(events);
  const named = ends
    .filter((end) => committed.has(end.event))
    .map(
      (end): MapRunEndRecord => ({
        mapRunArn: end.mapRunArn,
        status: end.event.type === 'MapRunSucceeded' ? 'SUCCEEDED' : 'FAILED',
        stopDate: end.event.timestamp,
      }),
    );
  return named.length === 0 ? undefined : named;
}

/**
 * Records on their records the ends of the map runs a commit holds: after the commit, and again when
 * a redelivered message finds its commit made, so that a crash between the two loses nothing (each
 * write is idempotent and never replaces an end recorded before).
 */
export async function recordMapRunEnds(store: Store, record: FrameRecord): Promise<void> {
  for (const end of record.mapRunEnds ?? []) {
    await store.endMapRun(end.mapRunArn, { status: end.status, stopDate: end.stopDate });
  }
}
