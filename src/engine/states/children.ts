import type { Program } from '../program.js';
import type { Stepper } from '../step.js';
import { ENTER_STAGE, type FailureTolerance, type Frame, type FrameKind } from '../types.js';

/** One child to start: its machine, input and, for a Map iteration, its item. */
export interface ChildSpec {
  readonly machine: string;
  readonly input: unknown;
  readonly mapItem?: { readonly index: number; readonly value: unknown };
}

/** What a Parallel or Map state in the `children` stage keeps to rebuild its children. */
export interface ChildrenPlan {
  readonly kind: Exclude<FrameKind, 'execution'>;
  readonly specs: readonly ChildSpec[];
  readonly detached: boolean;
  /** At most this many children run at once; 0 means no limit. */
  readonly maxConcurrency: number;
  readonly tolerance: FailureTolerance;
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
): Frame {
  const spec = plan.specs[index];
  if (spec === undefined) throw new Error(`child ${index} is out of range (${plan.specs.length} children)`);
  const machine = program.machines.get(spec.machine);
  if (machine === undefined) throw new Error(`no machine '${spec.machine}'`);
  return {
    id: `${joinId}.${index}`,
    kind: plan.kind,
    machine: spec.machine,
    parent: { frameId: parent.id, index, stateName: parent.state },
    state: machine.startAt,
    stage: ENTER_STAGE,
    input: spec.input,
    variables: parent.variables,
    enteredTime: parent.enteredTime,
    enteredEventId: 0,
    lastEventId: plan.detached ? 0 : parent.lastEventId,
    retryCounts: [],
    retryCount: 0,
    transitions: 0,
    detached: plan.detached ? true : undefined,
    mapItem: spec.mapItem,
  };
}

/**
 * Moves the current Parallel or Map state to the `children` stage and asks the runtime to run its
 * children. Children see the parent's variables; what they assign stays theirs.
 */
export function startChildren(
  stepper: Stepper,
  kind: Exclude<FrameKind, 'execution'>,
  specs: readonly ChildSpec[],
  payload: unknown,
  options: { maxConcurrency: number; tolerance: FailureTolerance; detached?: boolean },
): void {
  const plan: ChildrenPlan = {
    kind,
    specs,
    detached: options.detached === true,
    maxConcurrency: options.maxConcurrency,
    tolerance: options.tolerance,
  };
  stepper.setStage({ name: 'children', payload, children: plan });
  const parent = { ...stepper.frame };
  const joinId = joinIdOf(parent);
  stepper.emit({
    type: 'startChildren',
    frameId: parent.id,
    joinId,
    count: specs.length,
    parent,
    plan,
    maxConcurrency: options.maxConcurrency,
    tolerance: options.tolerance,
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
