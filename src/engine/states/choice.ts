import { StatesError, StatesErrors } from '../../asl/errors.js';
import { isJsonataExpression } from '../../asl/jsonata/index.js';
import type { ChoiceState, JsonataChoiceRule, JsonPathChoiceRule } from '../../asl/model/index.js';
import { evaluateChoiceRule } from '../choice/evaluate-rule.js';
import {
  assignJsonPath,
  effectiveInput,
  finishJsonata,
  jsonataBindings,
  jsonataField,
  outputPathOf,
  pathScope,
} from '../io-processing.js';
import type { ProgramState } from '../program.js';
import type { Stepper, Transition } from '../step.js';

/**
 * Choice: the first rule that holds names the next state, else `Default`, else
 * `States.NoChoiceMatched`. The state's `Assign` applies whichever way it goes; a matched rule's
 * `Assign` (and, in JSONata, its `Output`) adds to and overrides it.
 *
 * @see https://states-language.net/spec.html#choice-state
 */
export function runChoice(stepper: Stepper, ps: ProgramState, state: ChoiceState): Transition | Promise<Transition> {
  if (ps.language === 'JSONata') return runJsonataChoice(stepper, state);
  const effective = effectiveInput(stepper, state);
  const scope = pathScope(stepper, effective);
  let matched: JsonPathChoiceRule | undefined;
  for (const rule of state.Choices) {
    if (rule.queryLanguage !== 'JSONPath') continue;
    if (evaluateChoiceRule(rule.condition, scope)) {
      matched = rule;
      break;
    }
  }
  const next = matched?.Next ?? state.Default;
  if (next === undefined) throw noChoiceMatched(stepper);
  const assign = mergeAssign(state.Assign, matched?.Assign);
  const assigned = assign === undefined ? undefined : assignJsonPath(stepper, assign, effective);
  const output = outputPathOf(stepper, effective, state.OutputPath);
  stepper.commitVariables(assigned);
  return { kind: 'exit', output, next, assigned };
}

async function runJsonataChoice(stepper: Stepper, state: ChoiceState): Promise<Transition> {
  const input = stepper.frame.input;
  const bindings = jsonataBindings(stepper, { input });
  let matched: JsonataChoiceRule | undefined;
  for (const rule of state.Choices) {
    if (rule.queryLanguage !== 'JSONata') continue;
    if (await conditionHolds(stepper, rule.Condition, bindings)) {
      matched = rule;
      break;
    }
  }
  const next = matched?.Next ?? state.Default;
  if (next === undefined) throw noChoiceMatched(stepper);
  const { output, assigned } = await finishJsonata(
    stepper,
    bindings,
    { Output: matched?.Output ?? state.Output, Assign: mergeAssign(state.Assign, matched?.Assign) },
    input,
  );
  stepper.commitVariables(assigned);
  return { kind: 'exit', output, next, assigned };
}

async function conditionHolds(
  stepper: Stepper,
  condition: string | boolean,
  bindings: ReturnType<typeof jsonataBindings>,
): Promise<boolean> {
  if (typeof condition === 'boolean') return condition;
  if (!isJsonataExpression(condition)) return false;
  return (await jsonataField(stepper, condition, bindings, 'Condition', 'boolean')) as boolean;
}

function mergeAssign(
  stateAssign: Readonly<Record<string, unknown>> | undefined,
  ruleAssign: Readonly<Record<string, unknown>> | undefined,
): Readonly<Record<string, unknown>> | undefined {
  if (ruleAssign === undefined) return stateAssign;
  if (stateAssign === undefined) return ruleAssign;
  return { ...stateAssign, ...ruleAssign };
}

function noChoiceMatched(stepper: Stepper): StatesError {
  return new StatesError(
    StatesErrors.NoChoiceMatched,
    `No Matches! (state '${stepper.frame.state}', entered at the event id #${stepper.frame.enteredEventId})`,
  );
}
