import type { Stepper } from '../step.js';
import type { FailureTolerance, Frame, FrameKind } from '../types.js';

/** One child to start: its machine, input and, for a Map iteration, its item. */
export interface ChildSpec {
  readonly machine: string;
  readonly input: unknown;
  readonly mapItem?: { readonly index: number; readonly value: unknown };
}

/**
 * Builds the child frames of the current Parallel or Map state and asks the runtime to run them.
 * Children see the parent's variables; what they assign stays theirs.
 */
export function startChildren(
  stepper: Stepper,
  kind: Exclude<FrameKind, 'execution'>,
  specs: readonly ChildSpec[],
  payload: unknown,
  options: { maxConcurrency: number; tolerance: FailureTolerance; detached?: boolean },
): void {
  const parent = stepper.frame;
  const startAt = (machine: string) => {
    const found = stepper.program.machines.get(machine);
    if (found === undefined) throw new Error(`no machine '${machine}'`);
    return found.startAt;
  };
  const enteredTime = new Date(stepper.env.now()).toISOString();
  const children: Frame[] = specs.map((spec, index) => ({
    id: `${parent.id}/${parent.transitions}.${parent.retryCount}.${index}`,
    kind,
    machine: spec.machine,
    parent: { frameId: parent.id, index, stateName: parent.state },
    state: startAt(spec.machine),
    stage: { name: 'enter' },
    input: spec.input,
    variables: parent.variables,
    enteredTime,
    enteredEventId: 0,
    lastEventId: options.detached === true ? 0 : parent.lastEventId,
    retryCounts: [],
    retryCount: 0,
    transitions: 0,
    detached: options.detached === true ? true : undefined,
    mapItem: spec.mapItem,
  }));
  stepper.setStage({ name: 'children', payload });
  stepper.emit({
    type: 'startChildren',
    frameId: parent.id,
    children,
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
