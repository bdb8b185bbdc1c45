import type { SucceedState } from '../../asl/model/index.js';
import { effectiveInput, finishJsonata, jsonataBindings, outputPathOf } from '../io-processing.js';
import type { ProgramState } from '../program.js';
import type { Stepper, Transition } from '../step.js';

/**
 * Succeed: ends the frame successfully with its (filtered) input.
 *
 * @see https://states-language.net/spec.html#succeed-state
 */
export function runSucceed(stepper: Stepper, ps: ProgramState, state: SucceedState): Transition | Promise<Transition> {
  if (ps.language === 'JSONata') return runJsonataSucceed(stepper, state);
  const output = outputPathOf(stepper, effectiveInput(stepper, state), state.OutputPath);
  return { kind: 'exit', output, next: undefined };
}

async function runJsonataSucceed(stepper: Stepper, state: SucceedState): Promise<Transition> {
  const input = stepper.frame.input;
  const { output, assigned } = await finishJsonata(stepper, jsonataBindings(stepper, { input }), state, input);
  stepper.commitVariables(assigned);
  return { kind: 'exit', output, next: undefined, assigned };
}
