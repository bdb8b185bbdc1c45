/**
 * Dispatch to the handler of each state type.
 */
import type { ProgramState } from '../program.js';
import type { Stepper, Transition } from '../step.js';
import type { FrameEvent } from '../types.js';
import { runChoice } from './choice.js';
import { runFail } from './fail.js';
import { resumeMap, runMap } from './map.js';
import { resumeParallel, runParallel } from './parallel.js';
import { runPass } from './pass.js';
import { runSucceed } from './succeed.js';
import { resumeTask, runTask } from './task.js';
import { finishWait, runWait } from './wait.js';

/** Runs a state that has just been entered. */
export function runState(stepper: Stepper, ps: ProgramState): Transition | Promise<Transition> {
  const state = ps.state;
  switch (state.Type) {
    case 'Pass':
      return runPass(stepper, ps, state);
    case 'Task':
      return runTask(stepper, ps, state);
    case 'Choice':
      return runChoice(stepper, ps, state);
    case 'Wait':
      return runWait(stepper, ps, state);
    case 'Succeed':
      return runSucceed(stepper, ps, state);
    case 'Fail':
      return runFail(stepper, ps, state);
    case 'Parallel':
      return runParallel(stepper, ps, state);
    case 'Map':
      return runMap(stepper, ps, state);
    default: {
      const never: never = state;
      throw new Error(`unknown state type ${JSON.stringify(never)}`);
    }
  }
}

/** Continues a waiting state when its event arrives. */
export async function resumeState(stepper: Stepper, ps: ProgramState, event: FrameEvent): Promise<Transition> {
  const state = ps.state;
  switch (state.Type) {
    case 'Task':
      return resumeTask(stepper, ps, state, event);
    case 'Wait':
      return event.type === 'timerFired' && stepper.frame.stage.name === 'wait'
        ? finishWait(stepper, ps, state)
        : { kind: 'wait' };
    case 'Parallel':
      return resumeParallel(stepper, ps, state, event);
    case 'Map':
      return resumeMap(stepper, ps, state, event);
    default:
      return { kind: 'wait' };
  }
}
