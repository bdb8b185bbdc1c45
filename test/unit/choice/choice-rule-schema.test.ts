import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CHOICE_OPERATOR_FIELDS,
  ChoiceConditionSchema,
  ChoiceRuleSchema,
  JsonataChoiceRuleSchema,
  JsonPathChoiceRuleSchema,
  splitStringMatchesPattern,
} from '../../../src/asl/model/choice-rule.js';

/** A stand-in for the Choice state schema, so that issue paths read as they will in a definition. */
const ChoicesSchema = z.object({ Choices: z.array(ChoiceRuleSchema) });

function problems(choices: unknown[]): { path: string; message: string }[] {
  const result = ChoicesSchema.safeParse({ Choices: choices });
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: issue.path.join('/'), message: issue.message }));
}

describe('JsonPathChoiceRuleSchema', () => {
  it('normalises a data test with a literal operand', () => {
    expect(JsonPathChoiceRuleSchema.parse({ Variable: '$.value', NumericEquals: 0, Next: 'ValueIsZero' })).toEqual({
      queryLanguage: 'JSONPath',
      condition: {
        kind: 'test',
        variable: '$.value',
        operator: 'NumericEquals',
        field: 'NumericEquals',
        operand: 0,
        operandIsPath: false,
      },
      Next: 'ValueIsZero',
    });
  });

  it('normalises a …Path operand to its operator and a path', () => {
    // v2_choice_operators_test_numeric__TestNumerics_test_numeric_equals_path_e0
    const rule = JsonPathChoiceRuleSchema.parse({ Variable: '$.Variable', NumericEqualsPath: '$.Value', Next: 'T' });
    expect(rule.condition).toMatchObject({
      kind: 'test',
      operator: 'NumericEquals',
      field: 'NumericEqualsPath',
      operand: '$.Value',
      operandIsPath: true,
    });
  });

  it('normalises Not, And and nested rules (the AWS documentation example)', () => {
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_choice_aws_docs_scenario_CHOICE_STATE_AWS_SCENARIO
    const notRule = JsonPathChoiceRuleSchema.parse({
      Not: { Variable: '$.type', StringEquals: 'Private' },
      Next: 'Public',
    });
    expect(notRule.condition).toMatchObject({ kind: 'not', rule: { kind: 'test', operator: 'StringEquals' } });
    const andRule = JsonPathChoiceRuleSchema.parse({
      And: [
        { Variable: '$.value', NumericGreaterThanEquals: 20 },
        { Variable: '$.value', NumericLessThan: 30 },
      ],
      Next: 'ValueInTwenties',
    });
    expect(andRule.condition).toMatchObject({
      kind: 'and',
      rules: [
        { operator: 'NumericGreaterThanEquals', operand: 20 },
        { operator: 'NumericLessThan', operand: 30 },
      ],
    });
  });

  it('keeps Comment on top-level and nested rules', () => {
    // v2_comments_test_comments__TestComments_test_comments_as_per_docs
    const rule = JsonPathChoiceRuleSchema.parse({
      And: [
        { Variable: '$.status', StringEquals: 'complete', Comment: 'If task is complete, move to the SuccessState.' },
      ],
      Comment: 'Set the next state as the SuccessState',
      Next: 'SuccessState',
    });
    expect(rule.Comment).toBe('Set the next state as the SuccessState');
    expect(rule.condition).toMatchObject({
      kind: 'and',
      comment: 'Set the next state as the SuccessState',
      rules: [{ comment: 'If task is complete, move to the SuccessState.' }],
    });
  });

  it('keeps Assign on a JSONPath rule', () => {
    // v2_assign_test_assign_reference_variables__TestAssignReferenceVariables_test_assign_in_choice_state_CORRECT
    const rule = JsonPathChoiceRuleSchema.parse({
      Variable: '$.input_value',
      NumericEquals: 42,
      Assign: { status: 'CORRECT' },
      Next: 'FinalState',
    });
    expect(rule.Assign).toEqual({ status: 'CORRECT' });
  });

  it('accepts fields in any order', () => {
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_choice_unsorted_parameters_positive_CHOICE_STATE_UNSORTED_CHOICE_PARAMETERS
    const rule = JsonPathChoiceRuleSchema.parse({ BooleanEquals: true, Next: 'FinishTrue', Variable: '$.result.done' });
    expect(rule.condition).toMatchObject({ variable: '$.result.done', operator: 'BooleanEquals', operand: true });
  });

  it('accepts $ alone, the Context object and variables as Variable', () => {
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_map_state_break_condition ($)
    // v2_context_object_test_context_object__TestSnfBase_test_variable ($$.Execution.Input.input-value)
    for (const variable of ['$', '$$.Execution.Input.input-value', '$myVariable.field', "$['a b']"]) {
      expect(JsonPathChoiceRuleSchema.safeParse({ Variable: variable, IsPresent: true, Next: 'N' }).success).toBe(true);
    }
  });

  it('parses a timestamp literal once, to the nanosecond', () => {
    const rule = JsonPathChoiceRuleSchema.parse({
      Variable: '$.t',
      TimestampLessThan: '2016-03-05T21:29:29.243167252Z',
      Next: 'N',
    });
    expect(rule.condition).toMatchObject({ instant: { epochSecond: 1457213369, nano: 243167252 } });
  });

  it('accepts every one of the 39 comparison fields with an operand of its type', () => {
    expect(CHOICE_OPERATOR_FIELDS).toHaveLength(39);
    for (const field of CHOICE_OPERATOR_FIELDS) {
      let operand: unknown;
      if (field.endsWith('Path')) operand = '$.other';
      else if (field.startsWith('String')) operand = 'text';
      else if (field.startsWith('Numeric')) operand = 1.5;
      else if (field.startsWith('Timestamp')) operand = '2016-08-18T17:33:00Z';
      else operand = true;
      const result = JsonPathChoiceRuleSchema.safeParse({ Variable: '$.x', [field]: operand, Next: 'N' });
      expect(result.success, field).toBe(true);
    }
  });
});

describe('ChoiceRuleSchema validation', () => {
  it('points at a nested operand of the wrong type', () => {
    expect(
      problems([
        {
          And: [
            { Variable: '$.a', IsPresent: true },
            { Variable: '$.b', NumericEquals: '3' },
          ],
          Next: 'N',
        },
      ]),
    ).toEqual([
      { path: 'Choices/0/And/1/NumericEquals', message: 'NumericEquals must be a number, not the string "3"' },
    ]);
  });

  it('names both operators when a data test has two', () => {
    expect(problems([{ Variable: '$.a', StringEquals: 'x', NumericEquals: 1, Next: 'N' }])).toEqual([
      {
        path: 'Choices/0',
        message: 'a data-test rule needs exactly one comparison operator, found StringEquals and NumericEquals',
      },
    ]);
  });

  it('asks for an operator when a data test has none', () => {
    expect(problems([{ Variable: '$.a', Next: 'N' }])[0]?.message).toMatch(
      /^a data-test rule needs exactly one comparison operator .*found none$/,
    );
  });

  it('asks for a Variable when an operator has none', () => {
    expect(problems([{ NumericEquals: 1, Next: 'N' }])).toEqual([
      {
        path: 'Choices/0/Variable',
        message: 'a data-test rule needs Variable, the reference path of the value to test (e.g. $.status)',
      },
    ]);
  });

  it('rejects a rule that has neither a data test nor a boolean expression', () => {
    expect(problems([{ Next: 'N' }])[0]?.path).toBe('Choices/0');
  });

  it('requires Next on a top-level rule', () => {
    expect(problems([{ Variable: '$.a', IsNull: true }])).toEqual([
      {
        path: 'Choices/0/Next',
        message: 'a top-level Choice rule needs Next, the name of the state to go to when the rule matches',
      },
    ]);
  });

  it('rejects Next and Assign inside And, Or and Not', () => {
    expect(problems([{ Not: { Variable: '$.a', IsNull: true, Next: 'X' }, Next: 'N' }])).toEqual([
      {
        path: 'Choices/0/Not/Next',
        message: 'Next is only allowed on a top-level Choice rule, not inside And, Or or Not',
      },
    ]);
    expect(problems([{ Or: [{ Variable: '$.a', IsNull: true, Assign: { x: 1 } }], Next: 'N' }])[0]?.path).toBe(
      'Choices/0/Or/0/Assign',
    );
  });

  it('rejects a rule that mixes a data test with And', () => {
    expect(problems([{ Variable: '$.a', And: [{ Variable: '$.a', IsNull: true }], Next: 'N' }])[0]?.message).toBe(
      'a Choice rule is either a data test (Variable and one comparison operator) or a boolean expression (And, Or or Not), not both: found And and Variable',
    );
  });

  it('rejects an empty And and a Not that is an array', () => {
    expect(problems([{ And: [], Next: 'N' }])).toEqual([
      { path: 'Choices/0/And', message: 'And must be a non-empty array of Choice rules, not an empty array' },
    ]);
    expect(problems([{ Not: [{ Variable: '$.a', IsNull: true }], Next: 'N' }])).toEqual([
      { path: 'Choices/0/Not', message: 'Not must be a single Choice rule (an object), not an array' },
    ]);
  });

  it('rejects a Variable that is not a reference path', () => {
    expect(problems([{ Variable: 'foo', IsNull: true, Next: 'N' }])[0]).toMatchObject({
      path: 'Choices/0/Variable',
      message: expect.stringMatching(/^Variable must start with \$/),
    });
    expect(problems([{ Variable: '$.items[*].id', IsNull: true, Next: 'N' }])[0]?.message).toMatch(/wildcards/);
    expect(problems([{ Variable: '$..id', IsNull: true, Next: 'N' }])[0]?.message).toMatch(/'\.\.'/);
  });

  it('rejects a …Path operand that is not a reference path', () => {
    expect(problems([{ Variable: '$.a', StringEqualsPath: 'b', Next: 'N' }])[0]).toMatchObject({
      path: 'Choices/0/StringEqualsPath',
      message: expect.stringMatching(/^StringEqualsPath must start with \$/),
    });
  });

  it.each([
    ['StringEquals', 1, 'StringEquals must be a string, not number 1'],
    ['StringMatches', true, 'StringMatches must be a string pattern (* matches any characters), not boolean true'],
    ['BooleanEquals', 'true', 'BooleanEquals must be true or false, not the string "true"'],
    ['IsPresent', 1, 'IsPresent must be true or false, not number 1'],
    ['NumericLessThan', null, 'NumericLessThan must be a number, not null'],
  ])('rejects %s with operand %j', (field, operand, message) => {
    expect(problems([{ Variable: '$.a', [field]: operand, Next: 'N' }])).toEqual([
      { path: `Choices/0/${field}`, message },
    ]);
  });

  it('rejects a Timestamp operand that is not a timestamp AWS accepts', () => {
    const [problem] = problems([{ Variable: '$.a', TimestampEquals: '2016-12-05T21:29:29', Next: 'N' }]);
    expect(problem?.path).toBe('Choices/0/TimestampEquals');
    expect(problem?.message).toMatch(/^TimestampEquals must be a timestamp such as 2016-08-18T17:33:00Z/);
  });

  it('suggests the right spelling of a misspelt field', () => {
    expect(problems([{ Variable: '$.a', numericEquals: 1, Next: 'N' }])).toContainEqual({
      path: 'Choices/0/numericEquals',
      message: 'unknown field "numericEquals" in a Choice rule (did you mean NumericEquals?)',
    });
  });

  it('reports every problem of a rule, each at its own field', () => {
    const paths = problems([{ Or: [{ Variable: 'x', IsNull: 1 }, { Variable: '$.a' }], Next: 7 }]).map((p) => p.path);
    expect(paths).toEqual(['Choices/0/Or/0/Variable', 'Choices/0/Or/0/IsNull', 'Choices/0/Or/1', 'Choices/0/Next']);
  });
});

describe('JsonataChoiceRuleSchema', () => {
  it('parses Condition, Next, Assign and Output', () => {
    // v2_assign_test_assign_base__TestAssignBase_test_assign_in_choice_CONDITION_TRUE
    expect(
      ChoiceRuleSchema.parse({
        Condition: '{% $states.input.condition %}',
        Next: 'ConditionTrue',
        Assign: { Assignment: 'Condition assignment' },
        Output: { x: 1 },
      }),
    ).toEqual({
      queryLanguage: 'JSONata',
      Condition: '{% $states.input.condition %}',
      Next: 'ConditionTrue',
      Assign: { Assignment: 'Condition assignment' },
      Output: { x: 1 },
    });
  });

  it('accepts a literal boolean Condition', () => {
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_choice_condition_constant_jsonata
    expect(JsonataChoiceRuleSchema.parse({ Condition: true, Next: 'ConditionTrue' })).toMatchObject({
      Condition: true,
    });
  });

  it('rejects a Condition that is not a JSONata expression', () => {
    expect(problems([{ Condition: '$.a == 1', Next: 'N' }])[0]?.path).toBe('Choices/0/Condition');
  });

  it('rejects JSONPath fields in a JSONata rule', () => {
    expect(problems([{ Condition: '{% true %}', Variable: '$.a', Next: 'N' }])).toEqual([
      {
        path: 'Choices/0/Variable',
        message:
          'Variable is a JSONPath Choice field; a JSONata rule has only Condition, Next, Assign, Output and Comment',
      },
    ]);
  });
});

describe('ChoiceConditionSchema', () => {
  it('parses a nested rule without Next', () => {
    expect(ChoiceConditionSchema.parse({ Variable: '$.n', IsNumeric: true })).toMatchObject({
      kind: 'test',
      operator: 'IsNumeric',
      operand: true,
    });
  });
});

describe('splitStringMatchesPattern', () => {
  it.each([
    ['foo*.log', ['foo', '.log']],
    ['*.log', ['', '.log']],
    ['foo*.*', ['foo', '.', '']],
    ['no wildcard', ['no wildcard']],
    ['', ['']],
    ['foo\\*.log', ['foo*.log']],
    ['a\\\\*b', ['a\\', 'b']],
    ['**', ['', '', '']],
    ['back\\slash', ['back\\slash']],
    ['trailing\\', ['trailing\\']],
  ])('splits %j into %j', (pattern, pieces) => {
    expect(splitStringMatchesPattern(pattern)).toEqual(pieces);
  });
});
