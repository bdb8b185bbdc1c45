import type { PassState } from '../../asl/model/index.js';
import { effectiveInput, finishJsonata, finishJsonPath, jsonataBindings, payloadOf } from '../io-processing.js';
import type { ProgramState } from '../program.js';
import type { Stepper, Transition } from '../step.js';

/**
 * Pass: the result is `Result`, else `Parameters` over the effective input, else the effective input
 * (JSONPath); `Output`, else the input (JSONata).
 *
 * @see https://states-language.net/spec.html#pass-state
 */
export async function runPass(stepper: Stepper, ps: ProgramState, state: PassState): Promise<Transition> {
  if (ps.language === 'JSONata') {
    const input = stepper.frame.input;
    const { output, assigned } = await finishJsonata(stepper, ps, jsonataBindings(stepper, { input }), state, input);
    stepper.commitVariables(assigned);
    return { kind: 'exit', output, next: state.Next, assigned };
  }
  const effective = effectiveInput(stepper, state);
  let result: unknown;
  if (state.Result !== undefined) result = state.Result;
  else if (state.Parameters !== undefined) result = payloadOf(stepper, state.Parameters, effective, 'Parameters');
  else result = effective;
  const { output, assigned } = await finishJsonPath(stepper, ps, result, state);
  stepper.commitVariables(assigned);
  return { kind: 'exit', output, next: state.Next, assigned };
}
