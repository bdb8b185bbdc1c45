/**
 * A distributed Map's iterations as child executions (`DescribeExecution`, `GetExecutionHistory`,
 * `ListExecutions` by `mapRunArn`): each child's record is created by its first commit and ended by
 * its last; its history is the events its frame's records keep apart from the parent's
 * (`FrameRecord.childHistory`).
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListExecutions.html
 */
import { childExecutionArn, childExecutionName, childStateMachineArn } from '../engine/states/child-executions.js';
import type { Frame, HistoryEvent } from '../engine/types.js';
import type { ExecutionRecord, FrameRecord, Store } from './ports.js';

/** The child execution a distributed Map's iteration frame runs, or undefined for any other frame. */
export function childOf(frame: Frame): { readonly mapRunArn: string; readonly index: number } | undefined {
  if (frame.detached !== true || frame.mapRunArn === undefined || frame.parent === undefined) return undefined;
  return { mapRunArn: frame.mapRunArn, index: frame.parent.index };
}

/**
 * The child execution whose history a frame's events go to: a distributed Map's iteration's own, or
 * the one a nested frame runs inside ({@link Frame.inChild}); undefined for a frame of the execution's
 * history. `shared`: the ids come from the child's counter (its frames other than its own one, and
 * its own frame once it started some), else its own frame numbers them from its last one, at no write.
 */
export function childHistoryOf(
  frame: Frame,
): { readonly executionArn: string; readonly express: boolean; readonly shared: boolean } | undefined {
  if (frame.inChild !== undefined) {
    return { executionArn: frame.inChild.executionArn, express: frame.inChild.express === true, shared: true };
  }
  const child = childOf(frame);
  if (child === undefined) return undefined;
  return {
    executionArn: childExecutionArn(child.mapRunArn, child.index),
    express: frame.express === true,
    shared: frame.sharedIds === true,
  };
}

/**
 * A child execution's history as `GetExecutionHistory` answers it: its events in id order numbered
 * 1 to n, each `previousEventId` following its event. Ids come from the child's frame and, once it
 * started frames of its own, from the child's counter, which a step that reserved ids and never
 * committed (a crash, a lost race) leaves with a gap; the order is the ids'.
 */
export function childHistoryNumbered(events: readonly HistoryEvent[]): HistoryEvent[] {
  const ids = events.map((event) => event.id);
  /** How many events have an id up to `id`: the new id of the event `id`, 0 for none. */
  const rank = (id: number): number => {
    let low = 0;
    let high = ids.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (ids[middle]! <= id) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  return events.map((event, i) =>
    event.id === i + 1 && rank(event.previousEventId) === event.previousEventId
      ? event
      : { ...event, id: i + 1, previousEventId: rank(event.previousEventId) },
  );
}

/**
 * When a child execution's commit ended it: the time of the last event of its history (its
 * `ExecutionSucceeded` or `ExecutionFailed`), so that its record, its history and the map run's
 * results agree; `now` for a child that keeps no history (EXPRESS).
 */
export function childStopDate(record: FrameRecord, now: string): string {
  const history = record.childHistory;
  return history !== undefined && history.length > 0 ? history[history.length - 1]!.timestamp : now;
}

/**
 * The record of the child execution `record`'s frame runs, as its commit leaves it: RUNNING, or
 * ended with its outcome. Its `info` is its parent's with the child's identity: the child's ARN,
 * name, state machine (`…:stateMachine:<state machine>/<label>`), start time and input.
 */
export function childExecutionRecord(
  parent: ExecutionRecord,
  record: FrameRecord,
  child: { readonly mapRunArn: string; readonly index: number },
  now: string,
): ExecutionRecord {
  const { frame } = record;
  const stateMachineArn = childStateMachineArn(child.mapRunArn);
  const info = {
    ...parent.info,
    executionArn: childExecutionArn(child.mapRunArn, child.index),
    name: childExecutionName(child.mapRunArn, child.index),
    stateMachineArn,
    stateMachineName: stateMachineArn.slice(stateMachineArn.lastIndexOf(':') + 1),
    startTime: frame.startDate ?? record.childHistory?.[0]?.timestamp ?? now,
    input: frame.mapItem?.value,
    redriveCount: 0,
    type: frame.express === true ? ('EXPRESS' as const) : ('STANDARD' as const),
    stateMachineVersionArn: undefined,
    stateMachineAliasArn: undefined,
  };
  const base = {
    info,
    definitionHash: parent.definitionHash,
    mapRunArn: child.mapRunArn,
    parent: { executionArn: parent.info.executionArn, frameId: frame.id },
  };
  return { ...base, status: 'RUNNING', ...childEnd(record, now) };
}

/** What ends a child execution's record: its status, output or error, and stop date. */
export function childEnd(
  record: FrameRecord,
  now: string,
): Partial<Pick<ExecutionRecord, 'status' | 'output' | 'error' | 'cause' | 'stopDate'>> {
  const outcome = record.frame.stage.name === 'done' ? record.frame.outcome : undefined;
  if (outcome === undefined) return {};
  const stopDate = childStopDate(record, now);
  return outcome.status === 'SUCCEEDED'
    ? { status: 'SUCCEEDED', output: outcome.output, stopDate }
    : { status: 'FAILED', error: outcome.error || undefined, cause: outcome.cause, stopDate };
}

/**
 * What follows a commit of a child execution's frame, on its record: the first commit creates it
 * (before any message of the child goes out; a repeat changes nothing), and a commit that ends the
 * child ends it. Returns the child's stop date when the commit ended it (for its map run's results),
 * else undefined; nothing for a frame that is not a child execution.
 */
export async function recordChildCommit(
  store: Store,
  execution: ExecutionRecord,
  record: FrameRecord,
  now: string,
  expiresAt: number,
): Promise<string | undefined> {
  const child = childOf(record.frame);
  if (child === undefined) return undefined;
  if (record.version === 1) {
    await store.putChildExecution(childExecutionRecord(execution, record, child, now), expiresAt);
  } else if (record.frame.stage.name === 'done') {
    await store.updateExecution(childExecutionArn(child.mapRunArn, child.index), ['RUNNING'], childEnd(record, now));
  }
  return record.frame.stage.name === 'done' ? childStopDate(record, now) : undefined;
}

/** Whether a history event ends its execution. */
function endsExecution(event: HistoryEvent): boolean {
  return (
    event.type === 'ExecutionSucceeded' ||
    event.type === 'ExecutionFailed' ||
    event.type === 'ExecutionAborted' ||
    event.type === 'ExecutionTimedOut'
  );
}

/**
 * A STANDARD child execution's history as it stands once its map run stopped it at `stopDate` (its
 * parent stopped, or failures beyond the tolerance ended the run): its events up to `stopDate`, then
 * `ExecutionAborted` at `stopDate`, numbered after its last event — derived on read, so that a stop
 * writes nothing per child. Events of a step that began before the stop and committed after it (the
 * child's frames stop at their next step) are later than the stop: nothing follows `ExecutionAborted`.
 * A history that already ended (the child's last step committed just before) is as it is.
 */
export function abortedHistory(history: readonly HistoryEvent[], stopDate: string): HistoryEvent[] {
  if (history.length > 0 && endsExecution(history[history.length - 1]!)) return [...history];
  const stoppedAt = Date.parse(stopDate);
  const kept = childHistoryNumbered(history.filter((event) => !(Date.parse(event.timestamp) > stoppedAt)));
  const last = kept.at(-1);
  const id = (last?.id ?? 0) + 1;
  const aborted: HistoryEvent = {
    id,
    previousEventId: last?.id ?? 0,
    timestamp: stopDate,
    type: 'ExecutionAborted',
    executionAbortedEventDetails: {},
  };
  return [...kept, aborted];
}
