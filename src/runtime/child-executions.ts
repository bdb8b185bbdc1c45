/**
 * A distributed Map's iterations as child executions (`DescribeExecution`, `GetExecutionHistory`,
 * `ListExecutions` by `mapRunArn`): each child's record is created by its first commit and ended by
 * its last; its history is the events its frame's records keep apart from the parent's
 * (`FrameRecord.childHistory`).
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListExecutions.html
 */
import { childExecutionArn, childExecutionName, childStateMachineArn } from '../engine/states/child-executions.js';
import type { Frame } from '../engine/types.js';
import type { ExecutionRecord, FrameRecord } from './ports.js';

/** The child execution a distributed Map's iteration frame runs, or undefined for any other frame. */
export function childOf(frame: Frame): { readonly mapRunArn: string; readonly index: number } | undefined {
  if (frame.detached !== true || frame.mapRunArn === undefined || frame.parent === undefined) return undefined;
  return { mapRunArn: frame.mapRunArn, index: frame.parent.index };
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
