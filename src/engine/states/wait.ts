import { isJsonataExpression, jsonataBody } from '../../asl/jsonata/index.js';
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
  if (state.Timestamp !== undefined) return timestampAt('Timestamp', state.Timestamp, state.Timestamp);
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
    return timestampAt('TimestampPath', path, found.value);
  }
  return now;
}

/**
 * `Seconds` and `Timestamp` from JSONata. A result of the wrong JSON type fails the expression
 * (`States.QueryEvaluationError`); a negative number of seconds or a string that is not a timestamp
 * fails the state as its JSONPath counterparts do (`States.Runtime`), with the expression where they
 * name the path — as LocalStack's `timestamp.py` words the JSONata Timestamp, from AWS snapshots:
 * "The Timestamp parameter does not reference a valid ISO-8601 extended offset date-time format
 * string: <expression> == <value>".
 */
async function jsonataDueAt(stepper: Stepper, state: WaitState): Promise<number> {
  const now = stepper.env.now();
  const bindings = jsonataBindings(stepper, { input: stepper.frame.input });
  if (state.Seconds !== undefined) {
    if (!isJsonataExpression(state.Seconds)) return now + state.Seconds * 1000;
    const value = (await jsonataField(stepper, state.Seconds, bindings, 'Seconds', 'integer')) as number;
    if (value < 0) {
      throw runtimeError(
        `The Seconds parameter references a negative value: ${jsonataBody(state.Seconds)} == ${render(value)}`,
      );
    }
    return now + value * 1000;
  }
  if (state.Timestamp !== undefined) {
    if (!isJsonataExpression(state.Timestamp)) return timestampAt('Timestamp', state.Timestamp, state.Timestamp);
    const value = (await jsonataField(stepper, state.Timestamp, bindings, 'Timestamp', 'string')) as string;
    return timestampAt('Timestamp', jsonataBody(state.Timestamp), value);
  }
  return now;
}

/** The instant a Wait's timestamp names, or AWS's `States.Runtime` for text that is not one. */
function timestampAt(field: 'Timestamp' | 'TimestampPath', source: string, value: unknown): number {
  const at = typeof value === 'string' ? parseTimestamp(value) : undefined;
  if (at === undefined) {
    throw runtimeError(
      `The ${field} parameter does not reference a valid ISO-8601 extended offset date-time format string: ${source} == ${render(value)}`,
    );
  }
  return at;
}

function render(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
