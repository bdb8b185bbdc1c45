import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { StatesError } from '../../../src/asl/errors.js';
import { JsonPathChoiceRuleSchema } from '../../../src/asl/model/choice-rule.js';
import { selectChoice } from '../../../src/engine/choice/select-choice.js';

const parseChoices = (choices: unknown[]) => z.array(JsonPathChoiceRuleSchema).parse(choices);
const scopeOf = (input: unknown) => ({ input, context: {}, variables: {} });

/** The Choice state of the AWS documentation (and of the recorded scenario cases below). */
const docsChoices = parseChoices([
  { Not: { Variable: '$.type', StringEquals: 'Private' }, Next: 'Public' },
  { Variable: '$.value', NumericEquals: 0, Next: 'ValueIsZero' },
  {
    And: [
      { Variable: '$.value', NumericGreaterThanEquals: 20 },
      { Variable: '$.value', NumericLessThan: 30 },
    ],
    Next: 'ValueInTwenties',
  },
]);

describe('selectChoice', () => {
  it('takes the first rule that holds', () => {
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_choice_aws_docs_scenario_CHOICE_STATE_AWS_SCENARIO
    expect(selectChoice(docsChoices, scopeOf({ type: 'Private', value: 22 }))).toEqual({
      next: 'ValueInTwenties',
      index: 2,
    });
    // v2_scenarios_test_sfn_scenarios__TestFundamental_test_path_based_on_data
    expect(selectChoice(docsChoices, scopeOf({ type: 'Public', value: 3 }))).toEqual({ next: 'Public', index: 0 });
  });

  it('returns undefined when no rule holds, so the caller takes Default', () => {
    expect(selectChoice(docsChoices, scopeOf({ type: 'Private', value: 3 }))).toBeUndefined();
  });

  it('evaluates a singleton And', () => {
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_choice_singleton_composite_CHOICE_STATE_SINGLETON_COMPOSITE
    const choices = parseChoices([{ And: [{ Variable: '$.type', StringEquals: 'Public' }], Next: 'Public' }]);
    expect(selectChoice(choices, scopeOf({ type: 'Public', value: 22 }))).toEqual({ next: 'Public', index: 0 });
  });

  it('picks by BooleanEquals whatever the order of the fields', () => {
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_choice_unsorted_parameters_{positive,negative}_…
    const choices = parseChoices([
      { BooleanEquals: true, Next: 'FinishTrue', Variable: '$.result.done' },
      { BooleanEquals: false, Next: 'FinishFalse', Variable: '$.result.done' },
    ]);
    expect(selectChoice(choices, scopeOf({ result: { done: true } }))?.next).toBe('FinishTrue');
    expect(selectChoice(choices, scopeOf({ result: { done: false } }))?.next).toBe('FinishFalse');
  });

  it('falls through to Default when the Assign rules do not hold', () => {
    // v2_assign_test_assign_reference_variables__TestAssignReferenceVariables_test_assign_in_choice_state_CORRECT
    const choices = parseChoices([
      { Variable: '$.input_value', IsPresent: false, Assign: { status: 'UNKNOWN' }, Next: 'FinalState' },
      { Variable: '$.input_value', NumericEquals: 42, Assign: { status: 'CORRECT' }, Next: 'FinalState' },
    ]);
    expect(selectChoice(choices, scopeOf({ input_value: '42' }))).toBeUndefined();
    expect(selectChoice(choices, scopeOf({ input_value: 42 }))).toEqual({ next: 'FinalState', index: 1 });
    expect(selectChoice(choices, scopeOf({}))).toEqual({ next: 'FinalState', index: 0 });
  });

  it('does not evaluate the rules after the one it takes', () => {
    const choices = parseChoices([
      { Variable: '$.a', IsPresent: true, Next: 'First' },
      { Variable: '$.missing', StringEquals: 'x', Next: 'Second' },
    ]);
    expect(selectChoice(choices, scopeOf({ a: 1 }))?.next).toBe('First');
  });

  it('fails with States.Runtime when an evaluated rule reads a missing path', () => {
    // The recorded AWS documentation note: without $.type in the input the execution fails.
    expect(() => selectChoice(docsChoices, scopeOf({ value: 22 }))).toThrow(StatesError);
  });
});
