import { StatesError, StatesErrors } from '../../asl/errors.js';
import { evaluateIntrinsic, isIntrinsicCall } from '../../asl/intrinsics/index.js';
import { isJsonataExpression } from '../../asl/jsonata/index.js';
import type { FailState } from '../../asl/model/index.js';
import { evalEnv, fieldValue, jsonataBindings, jsonataField, pathScope } from '../io-processing.js';
import type { ProgramState } from '../program.js';
import type { Stepper, Transition } from '../step.js';

/**
 * Fail: ends the frame with `Error` and `Cause`, fixed, from paths (JSONPath) or from expressions
 * (JSONata). An `ErrorPath`/`CausePath` must yield a string.
 *
 * @see https://states-language.net/spec.html#fail-state
 */
export function runFail(stepper: Stepper, ps: ProgramState, state: FailState): Transition | Promise<Transition> {
  const input = stepper.frame.input;
  if (ps.language === 'JSONata') return runJsonataFail(stepper, state);
  const fromPath = (field: string, path: string | undefined, literal: string | undefined): string | undefined => {
    if (path === undefined) return literal;
    const value = isIntrinsicCall(path)
      ? evaluateIntrinsic(path, pathScope(stepper, input), evalEnv(stepper))
      : fieldValue(stepper, field, path, input);
    if (typeof value !== 'string') {
      // Worded as AWS words the other …Path fields whose value has the wrong type (recorded:
      // `The ToleratedFailurePercentagePath field refers to value "NoNumber" which is not a valid float: …`).
      throw new StatesError(
        StatesErrors.Runtime,
        `The ${field} field refers to value "${JSON.stringify(value)}" which is not a valid string: ${path}`,
      );
    }
    return value;
  };
  return {
    kind: 'fail',
    error: fromPath('ErrorPath', state.ErrorPath, state.Error),
    cause: fromPath('CausePath', state.CausePath, state.Cause),
  };
}

async function runJsonataFail(stepper: Stepper, state: FailState): Promise<Transition> {
  const bindings = jsonataBindings(stepper, { input: stepper.frame.input });
  const text = async (value: string | undefined, field: string): Promise<string | undefined> => {
    if (value === undefined || !isJsonataExpression(value)) return value;
    return (await jsonataField(stepper, value, bindings, field, 'string')) as string;
  };
  return { kind: 'fail', error: await text(state.Error, 'Error'), cause: await text(state.Cause, 'Cause') };
}
