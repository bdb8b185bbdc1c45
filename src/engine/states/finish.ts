import type { MapState, ParallelState, TaskState } from '../../asl/model/index.js';
import { finishJsonata, finishJsonPath, jsonataBindings } from '../io-processing.js';
import type { ProgramState } from '../program.js';
import type { Stepper, Transition } from '../step.js';

/**
 * The end of a state that produced a result — a Task's, a Parallel's branch outputs, a Map's
 * iteration outputs — written once: JSONPath's ResultSelector, Assign, ResultPath and OutputPath
 * (synchronously), or JSONata's Output and Assign over `$states.result`; then the exit to `Next` (or
 * the end).
 */
export function exitWithResult(
  stepper: Stepper,
  ps: ProgramState,
  state: TaskState | ParallelState | MapState,
  result: unknown,
): Transition | Promise<Transition> {
  if (ps.language === 'JSONata') return exitJsonata(stepper, state, result);
  const { output, assigned } = finishJsonPath(stepper, result, state);
  stepper.commitVariables(assigned);
  return { kind: 'exit', output, next: state.Next, assigned };
}

async function exitJsonata(
  stepper: Stepper,
  state: TaskState | ParallelState | MapState,
  result: unknown,
): Promise<Transition> {
  const bindings = jsonataBindings(stepper, { input: stepper.frame.input, result });
  const { output, assigned } = await finishJsonata(stepper, bindings, state, result);
  stepper.commitVariables(assigned);
  return { kind: 'exit', output, next: state.Next, assigned };
}
