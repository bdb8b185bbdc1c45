import type { Program } from '../program.js';
import type { Stepper } from '../step.js';
import { type ChildExecutionLink, ENTER_STAGE, type FailureTolerance, type Frame, type FrameKind } from '../types.js';
import { childExecutionArn } from './child-executions.js';

/**
 * What a Parallel or Map state in the `children` stage keeps to rebuild its children. Each input is
 * kept once (the plan lives in the parent's record, which a store may cap in size).
 */
export interface ChildrenPlan {
  readonly kind: Exclude<FrameKind, 'execution'>;
  /** A Parallel's branches, one machine each; a Map's processor, the one machine of every iteration. */
  readonly machines: readonly string[];
  /** A Map's iteration inputs (each item after `ItemSelector`); a Parallel's one input, shared by its branches. */
  readonly inputs: readonly unknown[];
  readonly detached: boolean;
  /** At most this many children run at once; 0 means no limit. */
  readonly maxConcurrency: number;
  readonly tolerance: FailureTolerance;
  /** A distributed Map's map run, whose child executions the children are. */
  readonly mapRunArn?: string | undefined;
  /** ISO-8601 time of the map run's `MapRunStarted` event, for its record (absent in plans from before it was kept). */
  readonly mapRunStartDate?: string | undefined;
  /** A distributed Map's child executions are EXPRESS (they keep no history). */
  readonly express?: boolean | undefined;
  /**
   * A distributed Map reading its items a page at a time: its children so far and where the reader
   * stands. Their inputs are not in `inputs` (empty) but in the store's item pages, which each child
   * reads as it starts; the plan stays the same size whatever the item count.
   */
  readonly feed?: Feed | undefined;
}

/**
 * How far a distributed Map has read its items (`ChildrenPlan.feed`). Each step of the feeding reads
 * one page, puts its children's inputs and starts those a slot is free for, until the reader has no
 * more: then `count` is the total and the join can end.
 */
export interface Feed {
  /** The reader has more items: `cursor` is where its next page starts. */
  readonly more: boolean;
  /** Plain JSON from the reader (absent when it needs none). */
  readonly cursor?: unknown;
  /** Items read so far (the next item's `$$.Map.Item.Index`). */
  readonly items: number;
  /** Children fed so far (after `ItemBatcher`): children 0 to `count - 1` have their inputs stored. */
  readonly count: number;
  /** The first child of the page the last step fed. */
  readonly from: number;
  /**
   * Each child's input is a batch (`ItemBatcher`): `{ Items: [ … ] }`. A child's result then records
   * how many items it had (`ChildResult.items`), for `DescribeMapRun`'s `itemCounts`.
   */
  readonly batched?: boolean | undefined;
  /** The last batch of the pages read so far, which the next page may fill: fed with that page. */
  readonly carry?: Carry | undefined;
}

/**
 * A batch the pages read so far end with and that is not full (`ItemBatcher` by bytes, or by count
 * closed early): AWS would give it more items from the next page. It is fed once the next page says
 * where it ends. Its items are kept here when small, else read again with the next page.
 */
export interface Carry {
  /** Where a page was read from (a reader's cursor, absent for the start) and the items read before it. */
  readonly from: { readonly cursor?: unknown; readonly read: number };
  /** The items read from `from` before the batch's first. */
  readonly skip: number;
  /** The batch's items so far (read from `from`, after `skip`). */
  readonly count: number;
  /** Those items after `ItemSelector`, when their JSON is small: the next page does not read them again. */
  readonly items?: readonly unknown[] | undefined;
}

/** The id shared by the children of one start of a Parallel or Map state (one per attempt). */
export function joinIdOf(parent: Frame): string {
  return `${parent.id}/${parent.transitions}.${parent.retryCount}`;
}

/**
 * The child frame `index` of `parent`, which is in the `children` stage: a pure function of the
 * parent, so a runtime can create each child when it starts it, from the parent's record alone.
 */
export function childFrameAt(
  program: Program,
  parent: Frame,
  plan: ChildrenPlan,
  index: number,
  joinId: string = joinIdOf(parent),
  /** A fed plan's child input, from its item page. */
  fedInput?: unknown,
): Frame {
  const count = childCount(plan);
  if (index < 0 || index >= count) throw new Error(`child ${index} is out of range (${count} children)`);
  const iteration = plan.kind === 'iteration';
  const key = (iteration ? plan.machines[0] : plan.machines[index]) as string;
  const input = plan.feed !== undefined ? fedInput : iteration ? plan.inputs[index] : plan.inputs[0];
  const machine = program.machines.get(key);
  if (machine === undefined) throw new Error(`no machine '${key}'`);
  return {
    id: `${joinId}.${index}`,
    kind: plan.kind,
    machine: key,
    parent: { frameId: parent.id, index, stateName: parent.state },
    state: machine.startAt,
    stage: ENTER_STAGE,
    input,
    variables: parent.variables,
    enteredTime: parent.enteredTime,
    enteredEventId: 0,
    lastEventId: plan.detached ? 0 : parent.lastEventId,
    retryCounts: [],
    retryCount: 0,
    transitions: 0,
    detached: plan.detached ? true : undefined,
    ...(plan.detached && plan.mapRunArn !== undefined ? { mapRunArn: plan.mapRunArn } : {}),
    ...(plan.detached && plan.express === true ? { express: true } : {}),
    ...(plan.detached ? {} : inChildOf(parent)),
    mapItem: iteration ? { index, value: input } : undefined,
  };
}

/**
 * The child execution a nested frame of `parent` runs inside: `parent`'s own when `parent` is a
 * distributed Map's iteration, else the one `parent` runs inside, if any.
 */
function inChildOf(parent: Frame): { inChild: ChildExecutionLink } | Record<string, never> {
  if (parent.inChild !== undefined) return { inChild: parent.inChild };
  if (parent.detached !== true || parent.mapRunArn === undefined || parent.parent === undefined) return {};
  return {
    inChild: {
      frameId: parent.id,
      executionArn: childExecutionArn(parent.mapRunArn, parent.parent.index),
      ...(parent.express === true ? { express: true } : {}),
    },
  };
}

/** How many children a plan starts (a fed plan: so far). */
export function childCount(plan: ChildrenPlan): number {
  if (plan.feed !== undefined) return plan.feed.count;
  return plan.kind === 'iteration' ? plan.inputs.length : plan.machines.length;
}

/**
 * Moves the current Parallel or Map state to the `children` stage and asks the runtime to run its
 * children. Children see the parent's variables; what they assign stays theirs. The plan is all the
 * stage keeps: the state's input for a retry is in it.
 */
export function startChildren(
  stepper: Stepper,
  kind: Exclude<FrameKind, 'execution'>,
  machines: readonly string[],
  inputs: readonly unknown[],
  options: {
    maxConcurrency: number;
    tolerance: FailureTolerance;
    detached?: boolean;
    mapRunArn?: string;
    mapRunStartDate?: string;
    express?: boolean;
    /** Fed a page at a time: `inputs` are the first page's, stored apart rather than in the plan. */
    feed?: Feed;
  },
): void {
  const plan: ChildrenPlan = {
    kind,
    machines,
    inputs: options.feed === undefined ? inputs : [],
    detached: options.detached === true,
    maxConcurrency: options.maxConcurrency,
    tolerance: options.tolerance,
    ...(options.mapRunArn === undefined ? {} : { mapRunArn: options.mapRunArn }),
    ...(options.mapRunStartDate === undefined ? {} : { mapRunStartDate: options.mapRunStartDate }),
    ...(options.express === true ? { express: true } : {}),
    ...(options.feed === undefined ? {} : { feed: options.feed }),
  };
  stepper.setStage({ name: 'children', children: plan });
  const parent = { ...stepper.frame };
  const joinId = joinIdOf(parent);
  stepper.emit({
    type: 'startChildren',
    frameId: parent.id,
    joinId,
    count: childCount(plan),
    parent,
    plan,
    maxConcurrency: options.maxConcurrency,
    tolerance: options.tolerance,
    ...(options.feed === undefined ? {} : { page: { first: 0, inputs } }),
  });
}

/**
 * True when `failed` failures out of `total` exceed the tolerance: with no tolerance set, any
 * failure does; with both set, exceeding either does.
 */
export function exceedsTolerance(failed: number, total: number, tolerance: FailureTolerance): boolean {
  if (failed === 0) return false;
  const { count, percentage } = tolerance;
  if (count === undefined && percentage === undefined) return true;
  if (count !== undefined && failed > count) return true;
  if (percentage !== undefined && total > 0 && (failed / total) * 100 > percentage) return true;
  return false;
}
