import { StatesError, StatesErrors } from '../../asl/errors.js';
import { isJsonataExpression } from '../../asl/jsonata/index.js';
import { resolvePathExpression } from '../../asl/jsonpath/scope.js';
import type { WaitState } from '../../asl/model/index.js';
import { parseTimestamp } from '../../asl/timestamp.js';
import {
  assignJsonPath,
  effectiveInput,
  finishJsonata,
  jsonataBindings,
  jsonataField,
  outputPathOf,
  pathScope,
  runtimeError,
} from '../io-processing.js';
import type { ProgramState } from '../program.js';
import type { Stepper, Transition } from '../step.js';

/** AWS refuses a wait longer than this many seconds (2^31 − 1). */
const MAX_WAIT_SECONDS = 2_147_483_647;

/**
 * Wait: a delayed timer until `Seconds`/`SecondsPath` from now or `Timestamp`/`TimestampPath`;
 * a wait that is already due finishes in the same step.
 *
 * @see https://states-language.net/spec.html#wait-state
 */
export async function runWait(stepper: Stepper, ps: ProgramState, state: WaitState): Promise<Transition> {
  const dueAt = ps.language === 'JSONata' ? await jsonataDueAt(stepper, state) : jsonPathDueAt(stepper, state);
  const now = stepper.env.now();
  if ((dueAt - now) / 1000 > MAX_WAIT_SECONDS) throw runtimeError('Wait state delay is too long.');
  if (dueAt <= now) return finishWait(stepper, ps, state);
  stepper.setStage({ name: 'wait' });
  stepper.emit({ type: 'startTimer', frameId: stepper.frame.id, dueAt, purpose: 'wait' });
  return { kind: 'wait' };
}

/** The output of a Wait state once its time has come. */
export async function finishWait(stepper: Stepper, ps: ProgramState, state: WaitState): Promise<Transition> {
  const input = stepper.frame.input;
  if (ps.language === 'JSONata') {
    const { output, assigned } = await finishJsonata(stepper, jsonataBindings(stepper, { input }), state, input);
    stepper.commitVariables(assigned);
    return { kind: 'exit', output, next: state.Next, assigned };
  }
  const effective = effectiveInput(stepper, state);
  const assignedValue = state.Assign === undefined ? undefined : assignJsonPath(stepper, state.Assign, effective);
  const output = outputPathOf(stepper, effective, state.OutputPath);
  stepper.commitVariables(assignedValue);
  return { kind: 'exit', output, next: state.Next, assigned: assignedValue };
}

function jsonPathDueAt(stepper: Stepper, state: WaitState): number {
  const now = stepper.env.now();
  if (typeof state.Seconds === 'number') return now + state.Seconds * 1000;
  if (state.Timestamp !== undefined) {
    const at = parseTimestamp(state.Timestamp);
    if (at === undefined)
      throw runtimeError(
        `The Timestamp parameter does not reference a valid ISO-8601 extended offset date-time format string: ${state.Timestamp}`,
      );
    return at;
  }
  const effective = effectiveInput(stepper, state);
  if (state.SecondsPath !== undefined) {
    const path = state.SecondsPath;
    const found = resolvePathExpression(path, pathScope(stepper, effective));
    if (!found.found) throw runtimeError(`The SecondsPath parameter does not reference an input value: ${path}`);
    const value = found.value;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw runtimeError(`The SecondsPath parameter cannot be parsed as a long value: ${path} == ${render(value)}`);
    }
    if (value < 0)
      throw runtimeError(`The SecondsPath parameter references a negative value: ${path} == ${render(value)}`);
    return now + value * 1000;
  }
  if (state.TimestampPath !== undefined) {
    const path = state.TimestampPath;
    const found = resolvePathExpression(path, pathScope(stepper, effective));
    if (!found.found) throw runtimeError(`The TimestampPath parameter does not reference an input value: ${path}`);
    const at = typeof found.value === 'string' ? parseTimestamp(found.value) : undefined;
    if (at === undefined) {
      throw runtimeError(
        `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${path} == ${render(found.value)}`,
      );
    }
    return at;
  }
  return now;
}

async function jsonataDueAt(stepper: Stepper, state: WaitState): Promise<number> {
  const now = stepper.env.now();
  const bindings = jsonataBindings(stepper, { input: stepper.frame.input });
  if (state.Seconds !== undefined) {
    const value = isJsonataExpression(state.Seconds)
      ? await jsonataField(stepper, state.Seconds, bindings, 'Seconds', 'integer')
      : state.Seconds;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new StatesError(
        StatesErrors.QueryEvaluationError,
        `The JSONata expression '${String(state.Seconds).slice(2, -2).trim()}' specified for the field 'Seconds' returned an unexpected data type.`,
      );
    }
    return now + value * 1000;
  }
  if (state.Timestamp !== undefined) {
    const value = isJsonataExpression(state.Timestamp)
      ? await jsonataField(stepper, state.Timestamp, bindings, 'Timestamp', 'string')
      : state.Timestamp;
    const at = typeof value === 'string' ? parseTimestamp(value) : undefined;
    if (at === undefined) {
      throw new StatesError(
        StatesErrors.QueryEvaluationError,
        `The JSONata expression '${state.Timestamp.slice(2, -2).trim()}' specified for the field 'Timestamp' returned an unexpected data type.`,
      );
    }
    return at;
  }
  return now;
}

function render(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
