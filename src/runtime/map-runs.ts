/**
 * A distributed Map's map runs as the Step Functions API describes them (`DescribeMapRun`,
 * `ListMapRuns`): each run is recorded as it starts (its configuration and where its children
 * report, {@link MapRunRecord}) and its end on that record once committed. `DescribeMapRun` answers
 * its status and dates from the record and its execution's (the history only where they cannot tell:
 * see `runOfRecord`), its counts from the results its child executions recorded; `ListMapRuns` reads
 * a page of the execution's run records, and their dates as `DescribeMapRun` does.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeMapRun.html
 */
import { childStateMachineArn } from '../engine/states/child-executions.js';
import { joinIdOf } from '../engine/states/children.js';
import { batchItemCount } from '../engine/states/item-batcher.js';
import type { ChildResult, InputPage } from '../engine/types.js';
import { InvalidArn, ResourceNotFound } from './errors.js';
import { existingExecution } from './lifecycle.js';
import {
  type MapRunStatus,
  type RunInHistory,
  type RunStanding,
  runOfRecord,
  runStanding,
  runsOf,
} from './map-run-history.js';
import type { MapRunRecord, Page, Store } from './ports.js';
import type { Runtime } from './runtime.js';

export type { MapRunStatus } from './map-run-history.js';

/** `MapRunItemCounts` and `MapRunExecutionCounts`: how many are in each state. */
export interface MapRunCounts {
  readonly pending: number;
  readonly running: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly timedOut: number;
  readonly aborted: number;
  readonly total: number;
  readonly resultsWritten: number;
  readonly failuresNotRedrivable: number;
  readonly pendingRedrive: number;
}

/** `DescribeMapRun`'s answer, dates as ISO-8601. */
export interface MapRunDescription {
  readonly mapRunArn: string;
  readonly executionArn: string;
  readonly status: MapRunStatus;
  readonly startDate: string;
  readonly stopDate?: string | undefined;
  readonly maxConcurrency: number;
  readonly toleratedFailurePercentage: number;
  readonly toleratedFailureCount: number;
  readonly itemCounts: MapRunCounts;
  readonly executionCounts: MapRunCounts;
  readonly redriveCount: number;
}

/** One entry of `ListMapRuns`, dates as ISO-8601. */
export interface MapRunListItem {
  readonly executionArn: string;
  readonly mapRunArn: string;
  /** The state machine of the run's child executions: `…:stateMachine:<state machine>/<label>`. */
  readonly stateMachineArn: string;
  readonly startDate: string;
  readonly stopDate?: string | undefined;
}

/**
 * `ListMapRuns`: the map runs an execution started, newest first (by the attempt of the execution
 * they belong to, then their start: see `mapRunOrder`), a page of at most `maxResults` of the
 * execution's map run records at a time, which the store reads (on DynamoDB, a `Query` of the
 * execution's partition and a `BatchGetItem` of the page's records), not the history: each run's
 * `startDate` is its `MapRunStarted` event's time and its `stopDate` its end's, or its attempt's stop,
 * as its record and the execution's tell (`runOfRecord`). A page may hold fewer than `maxResults`:
 * records of runs that never started are left out (see {@link startedRun}).
 *
 * The history is read (whole, once a page) only for a record that cannot tell on its own, as for
 * `DescribeMapRun`: one written before its start's time and attempt were kept (no `redriveCount`), or
 * before the frame record that starts it was (no `startedBy`, and no end), and a run without an end of
 * an attempt before a redrive (its stop's date is the history's). A run whose reader failed on its
 * first page has no record (a run is recorded as its first children start) and is not listed, where
 * Step Functions lists it, `FAILED`; nor is a run while its first page is being read. Nor is a run of a
 * distributed Map inside a distributed Map's child execution: it is recorded with the parent's runs,
 * but Step Functions lists it under the child execution, which has no records of its own here.
 */
export async function listMapRuns(
  runtime: Runtime,
  executionArn: string,
  query: { maxResults?: number | undefined; nextToken?: string | undefined } = {},
): Promise<Page<MapRunListItem>> {
  const execution = await existingExecution(runtime, executionArn);
  const { store } = runtime.deps;
  const page = await store.listMapRuns(executionArn, { limit: query.maxResults, nextToken: query.nextToken });
  let history: Promise<RunInHistory[]> | undefined;
  const inHistory = async (mapRunArn: string): Promise<RunInHistory | undefined> => {
    history ??= store.readHistory(executionArn).then((events) => runsOf(events, execution));
    return (await history).find((run) => run.mapRunArn === mapRunArn);
  };
  const items: MapRunListItem[] = [];
  for (const record of page.items) {
    // A run of a Map inside a child execution is the child's: its MapRunStarted is in the child's history.
    if (record.childExecutionArn !== undefined) continue;
    const started = await startedRun(store, record);
    if (started === false) continue;
    const standing = started ? runOfRecord(record, execution) : undefined;
    let dates: { startDate: string; stopDate?: string | undefined } | undefined;
    if (standing !== undefined) {
      dates = { startDate: record.startDate, stopDate: standing.stopDate };
    } else {
      const found = await inHistory(record.mapRunArn);
      dates = found === undefined ? undefined : { startDate: found.started.timestamp, stopDate: found.stopDate };
    }
    if (dates === undefined) continue;
    items.push({
      executionArn,
      mapRunArn: record.mapRunArn,
      stateMachineArn: childStateMachineArn(record.mapRunArn),
      startDate: dates.startDate,
      ...(dates.stopDate === undefined ? {} : { stopDate: dates.stopDate }),
    });
  }
  return page.nextToken === undefined ? { items } : { items, nextToken: page.nextToken };
}

/**
 * Whether the run of `record` started: true when it did, false when it never did, undefined when the
 * record cannot tell (written before `startedBy` was kept, without an end: its history tells).
 *
 * A run is recorded before the commit that starts it (its children report to its record from their
 * first step), so a step that lost that commit (to a racing worker, or a crash before it, whose
 * redelivery starts a run of another ARN) leaves the record of a run that never started, with no end
 * and nothing in the history. `DescribeMapRun` does not tell them apart (it answers from the record,
 * and such an ARN is never shown), but a listing must. The frame record the run's commit would have
 * made does, whatever the execution did since (its stop, a redrive), in one read: the run started
 * when that record is its Map's, the run in its plan (its `children` stage), or its `MapRunStarted`
 * or its end among the record's (a run that ended in the step that started it). A run whose end is
 * recorded started: only a commit records one.
 */
async function startedRun(store: Store, record: MapRunRecord): Promise<boolean | undefined> {
  if (record.ended !== undefined) return true;
  if (record.startedBy === undefined) return undefined;
  const { frameId, version } = record.startedBy;
  const committed = await store.loadFrameVersion(record.executionArn, frameId, version);
  if (committed === undefined) return false;
  const stage = committed.frame.stage;
  if (stage.name === 'children' && stage.children.mapRunArn === record.mapRunArn) return true;
  if (committed.mapRunEnds?.some((end) => end.mapRunArn === record.mapRunArn) === true) return true;
  return committed.events.some(
    (event) =>
      event.type === 'MapRunStarted' &&
      (event.mapRunStartedEventDetails as { mapRunArn?: string } | undefined)?.mapRunArn === record.mapRunArn,
  );
}

/**
 * `DescribeMapRun`: `InvalidArn` for what is not a map run ARN, `ResourceNotFound` for an unknown one.
 * While the run is RUNNING, its children not yet done are counted running up to `maxConcurrency` (in
 * item order) and pending beyond; once it ended (FAILED or ABORTED), those running are aborted, up to
 * `maxConcurrency` in item order, and those it never started pending. `resultsWritten` counts the finished children of a run that wrote its
 * results.
 */
export async function describeMapRun(runtime: Runtime, mapRunArn: string): Promise<MapRunDescription> {
  if (!/^arn:[^:]+:states:[^:]*:[^:]*:mapRun:[^:]+:[^:]+$/.test(mapRunArn)) throw new InvalidArn(mapRunArn);
  const { store } = runtime.deps;
  const recorded = await store.getMapRun(mapRunArn);
  const fed = recorded?.fedFrameId === undefined ? undefined : await fedSoFar(runtime, recorded);
  const record = recorded === undefined || fed === undefined ? recorded : { ...recorded, total: fed.children };
  const execution = record === undefined ? undefined : await store.getExecution(record.executionArn);
  const standing =
    record === undefined || execution === undefined
      ? undefined
      : await runStanding(store, mapRunArn, recorded, execution);
  if (record === undefined || standing === undefined) throw new ResourceNotFound(mapRunArn);
  // A record with `redriveCount` keeps its `MapRunStarted` event's time; an older one, the time it
  // was put: its history's event (read then, as the record alone cannot tell) is the start.
  const run = { ...standing, startDate: standing.startDate ?? record.startDate };
  const results = await store.childResults(record.executionArn, record.joinId);
  const children = childStates(record, run.status, results);
  const counts = (size: (index: number) => number, total?: number, rest?: ChildState): MapRunCounts =>
    countsOf(children, results, size, record, run, total, rest);
  let itemCounts: MapRunCounts;
  if (record.batched === true) {
    // With the items read known, the children not done in one state (pending, or when none is, the
    // state of them all) are counted as what the others leave, without reading their item pages.
    const states = new Set(children.values());
    const rest = fed?.items === undefined ? undefined : states.has('pending') ? 'pending' : [...states][0];
    const items = await fedBatchSizes(runtime, record, results, children, rest);
    itemCounts = counts((index) => items.get(index) ?? 0, fed?.items, rest);
  } else {
    const items = record.itemsPerChild;
    itemCounts = counts((index) => items?.[index] ?? 1);
  }
  return {
    mapRunArn,
    executionArn: record.executionArn,
    status: run.status,
    startDate: run.startDate,
    ...(run.stopDate === undefined ? {} : { stopDate: run.stopDate }),
    maxConcurrency: record.maxConcurrency,
    toleratedFailurePercentage: record.toleratedFailurePercentage ?? 0,
    toleratedFailureCount: record.toleratedFailureCount ?? 0,
    itemCounts,
    executionCounts: counts(() => 1),
    redriveCount: 0,
  };
}

/**
 * How far a run read in pages has got: the children its Map has fed so far and the items it has read
 * (while the Map feeds or waits for them), or, once the Map went on (its execution stopped, or its
 * failures ended it while reading), the children of the pages it put (the end of the last one) and
 * its items unknown.
 */
async function fedSoFar(runtime: Runtime, record: MapRunRecord): Promise<{ children: number; items?: number }> {
  const { store } = runtime.deps;
  const frame = (await store.loadFrame(record.executionArn, record.fedFrameId ?? ''))?.frame;
  const stage = frame?.stage;
  if (frame !== undefined && stage?.name === 'children' && stage.children.feed !== undefined) {
    const feed = stage.children.feed;
    if (joinIdOf(frame) === record.joinId) return { children: feed.count, items: feed.items };
  }
  const last = await store.lastItemPage(record.executionArn, record.joinId);
  return { children: Math.max(record.total, last === undefined ? 0 : last.first + last.inputs.length) };
}

/** Where a child not done stands. */
type ChildState = 'running' | 'pending' | 'aborted';

/**
 * The items of a batched run read in pages, by child: a child done counts the items its result
 * recorded; one not done, those of its input in its item page. None is read for the children in the
 * state `rest`, counted as the rest of the items read: the pending ones, however many pages they
 * fill, while the others (running or aborted) are at most `maxConcurrency`.
 */
async function fedBatchSizes(
  runtime: Runtime,
  record: MapRunRecord,
  results: readonly ChildResult[],
  children: ReadonlyMap<number, ChildState>,
  rest: ChildState | undefined,
): Promise<Map<number, number>> {
  const sizes = new Map<number, number>();
  for (const result of results) sizes.set(result.index, result.items ?? 1);
  let page: InputPage | undefined;
  for (const [index, state] of [...children].sort(([a], [b]) => a - b)) {
    if (state === rest) continue;
    if (page === undefined || index < page.first || index >= page.first + page.inputs.length) {
      page = await runtime.deps.store.getItemPage(record.executionArn, record.joinId, index);
    }
    const input = page === undefined ? undefined : page.inputs[index - page.first];
    sizes.set(index, batchItemCount(input));
  }
  return sizes;
}

/** Where each child not done stands: `running`, `pending` or `aborted`, by index. */
function childStates(
  record: MapRunRecord,
  status: MapRunStatus,
  results: readonly ChildResult[],
): Map<number, ChildState> {
  const done = new Set(results.map((r) => r.index));
  const waiting: number[] = [];
  for (let index = 0; index < record.total; index++) if (!done.has(index)) waiting.push(index);
  const active = record.maxConcurrency > 0 ? Math.min(record.maxConcurrency, waiting.length) : waiting.length;
  const states = new Map<number, ChildState>();
  waiting.forEach((index, n) => {
    if (status === 'RUNNING') states.set(index, n < active ? 'running' : 'pending');
    else if (status === 'SUCCEEDED') states.set(index, 'pending');
    else states.set(index, n < active ? 'aborted' : 'pending');
  });
  return states;
}

/**
 * The counts of a run's children, each weighing `size(index)`; those in the state `rest` are what the
 * others leave of `total` (by default every child's size summed).
 */
function countsOf(
  children: ReadonlyMap<number, ChildState>,
  results: readonly ChildResult[],
  size: (index: number) => number,
  record: MapRunRecord,
  run: RunStanding,
  total?: number,
  rest: ChildState = 'pending',
): MapRunCounts {
  const sum = { pending: 0, running: 0, aborted: 0, succeeded: 0, failed: 0 };
  let all = 0;
  if (total === undefined) for (let index = 0; index < record.total; index++) all += size(index);
  else all = total;
  for (const [index, state] of children) if (state !== rest) sum[state] += size(index);
  for (const result of results) sum[result.status === 'SUCCEEDED' ? 'succeeded' : 'failed'] += size(result.index);
  sum[rest] = all - sum.pending - sum.running - sum.aborted - sum.succeeded - sum.failed;
  const written = record.writesResults && (run.status === 'SUCCEEDED' || run.status === 'FAILED');
  return {
    pending: sum.pending,
    running: sum.running,
    succeeded: sum.succeeded,
    failed: sum.failed,
    timedOut: 0,
    aborted: sum.aborted,
    total: all,
    resultsWritten: written ? sum.succeeded + sum.failed : 0,
    failuresNotRedrivable: 0,
    pendingRedrive: 0,
  };
}
