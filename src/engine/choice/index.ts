/**
 * Choice state rules: evaluation of JSONPath rules and selection of the rule a Choice state takes.
 */
export { evaluateChoiceRule, invalidChoicePathCause } from './evaluate-rule.js';
export { type ChoiceSelection, selectChoice } from './select-choice.js';
export { matchesStringPattern } from './string-matches.js';
