/**
 * Picks the Choice rule a JSONPath Choice state takes.
 *
 * @see https://states-language.net/spec.html#choice-state
 */
import type { PathScope } from '../../asl/jsonpath/scope.js';
import type { JsonPathChoiceRule } from '../../asl/model/choice-rule.js';
import { evaluateChoiceRule } from './evaluate-rule.js';

/** The rule a Choice state takes: the state to go to and the rule's position in `Choices`. */
export interface ChoiceSelection {
  /** The rule's `Next`. */
  readonly next: string;
  /** The rule's index in `Choices` (its `Assign` applies). */
  readonly index: number;
}

/**
 * Evaluates the rules in order and returns the first that holds. Rules after it are not evaluated,
 * so a later rule whose path selects nothing does not fail the state.
 *
 * @returns the selection, or `undefined` when no rule holds: the caller then takes `Default`, or
 * fails with `States.NoChoiceMatched` when there is none.
 * @throws StatesError `States.Runtime` when an evaluated rule's path selects nothing.
 * @example
 * selectChoice(state.Choices.filter(isJsonPathChoiceRule), { input, context, variables });
 * // { next: 'ValueInTwenties', index: 2 }
 */
export function selectChoice(choices: readonly JsonPathChoiceRule[], scope: PathScope): ChoiceSelection | undefined {
  for (let index = 0; index < choices.length; index++) {
    const rule = choices[index];
    if (rule !== undefined && evaluateChoiceRule(rule, scope)) return { next: rule.Next, index };
  }
  return undefined;
}
