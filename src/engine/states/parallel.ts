import { StatesError } from '../../asl/errors.js';
import type { ParallelState } from '../../asl/model/index.js';
import { effectiveInput, jsonataBindings, jsonataTemplate, payloadOf } from '../io-processing.js';
import type { ProgramState } from '../program.js';
import type { Stepper, Transition } from '../step.js';
import type { FrameEvent } from '../types.js';
import { startChildren } from './children.js';
import { exitWithResult } from './finish.js';

/**
 * Parallel: runs every branch on the same input; the result is the array of the branches' outputs,
 * and the first branch to fail fails the state with its error.
 *
 * @see https://states-language.net/spec.html#parallel-state
 */
export async function runParallel(stepper: Stepper, ps: ProgramState, state: ParallelState): Promise<Transition> {
  let payload: unknown;
  if (ps.language === 'JSONata') {
    const input = stepper.frame.input;
    payload =
      state.Arguments === undefined
        ? input
        : await jsonataTemplate(stepper, state.Arguments, jsonataBindings(stepper, { input }), 'Arguments');
  } else {
    const effective = effectiveInput(stepper, state);
    payload =
      state.Parameters === undefined ? effective : payloadOf(stepper, state.Parameters, effective, 'Parameters');
  }
  return spawn(stepper, ps, payload);
}

function spawn(stepper: Stepper, ps: ProgramState, payload: unknown): Transition {
  stepper.record('ParallelStateStarted');
  startChildren(stepper, 'branch', ps.children, [payload], { maxConcurrency: 0, tolerance: {} });
  return { kind: 'wait' };
}

/** Continues a Parallel state when its branches are done or a retry back-off ends. */
export async function resumeParallel(
  stepper: Stepper,
  ps: ProgramState,
  state: ParallelState,
  event: FrameEvent,
): Promise<Transition> {
  const stage = stepper.frame.stage;
  if (event.type === 'timerFired' && stage.name === 'retry') return spawn(stepper, ps, stage.payload);
  if (event.type !== 'childrenDone' || stage.name !== 'children') return { kind: 'wait' };
  const failed = event.results.find((r) => r.status === 'FAILED');
  if (failed !== undefined && failed.status === 'FAILED') {
    return stepper.handleError(ps, new StatesError(failed.error, failed.cause), stage.children.inputs[0]);
  }
  const outputs: unknown[] = new Array(ps.children.length).fill(null);
  for (const r of event.results) if (r.status === 'SUCCEEDED') outputs[r.index] = r.output;
  return exitWithResult(stepper, ps, state, outputs);
}
