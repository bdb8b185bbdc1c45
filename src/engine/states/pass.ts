import type { PassState } from '../../asl/model/index.js';
import { effectiveInput, finishJsonata, finishJsonPath, jsonataBindings, payloadOf } from '../io-processing.js';
import type { ProgramState } from '../program.js';
import type { Stepper, Transition } from '../step.js';

/**
 * Pass: the result is `Result`, else `Parameters` over the effective input, else the effective input
 * (JSONPath); `Output`, else the input (JSONata). A JSONPath Pass finishes synchronously.
 *
 * @see https://states-language.net/spec.html#pass-state
 */
export function runPass(stepper: Stepper, ps: ProgramState, state: PassState): Transition | Promise<Transition> {
  if (ps.language === 'JSONata') return runJsonataPass(stepper, state);
  const effective = effectiveInput(stepper, state);
  let result: unknown;
  if (state.Result !== undefined) result = state.Result;
  else if (state.Parameters !== undefined) result = payloadOf(stepper, state.Parameters, effective, 'Parameters');
  else result = effective;
  const { output, assigned } = finishJsonPath(stepper, result, state);
  stepper.commitVariables(assigned);
  return { kind: 'exit', output, next: state.Next, assigned };
}

async function runJsonataPass(stepper: Stepper, state: PassState): Promise<Transition> {
  const input = stepper.frame.input;
  const { output, assigned } = await finishJsonata(stepper, jsonataBindings(stepper, { input }), state, input);
  stepper.commitVariables(assigned);
  return { kind: 'exit', output, next: state.Next, assigned };
}
