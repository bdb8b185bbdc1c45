import { describe, expect, it } from 'vitest';
import { StatesError } from '../../../src/asl/errors.js';
import type { PathScope } from '../../../src/asl/jsonpath/scope.js';
import { ChoiceConditionSchema, JsonPathChoiceRuleSchema } from '../../../src/asl/model/choice-rule.js';
import { evaluateChoiceRule, invalidChoicePathCause } from '../../../src/engine/choice/evaluate-rule.js';

function scopeOf(input: unknown, extra: Partial<PathScope> = {}): PathScope {
  return { input, context: {}, variables: {}, ...extra };
}

/** Evaluates one nested-form rule, e.g. `{ Variable: '$.v', NumericEquals: 1 }`, against `input`. */
function holds(rule: Record<string, unknown>, input: unknown, extra: Partial<PathScope> = {}): boolean {
  return evaluateChoiceRule(ChoiceConditionSchema.parse(rule), scopeOf(input, extra));
}

function failure(action: () => unknown): StatesError {
  try {
    action();
  } catch (error) {
    if (error instanceof StatesError) return error;
    throw error;
  }
  throw new Error('expected a StatesError');
}

describe('evaluateChoiceRule', () => {
  describe('missing paths', () => {
    it('fails with States.Runtime and AWS cause when Variable selects nothing', () => {
      const error = failure(() => holds({ Variable: '$.missing', NumericEquals: 1 }, { value: 1 }));
      expect(error.error).toBe('States.Runtime');
      expect(error.cause).toBe(
        "Invalid path '$.missing': The choice state's condition path references an invalid value.",
      );
    });

    it('fails the same way for the type tests other than IsPresent', () => {
      for (const operator of ['IsNull', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp']) {
        expect(failure(() => holds({ Variable: '$.missing', [operator]: true }, {})).cause).toBe(
          invalidChoicePathCause('$.missing'),
        );
      }
    });

    it('fails when a …Path operand selects nothing, naming that path', () => {
      expect(failure(() => holds({ Variable: '$.left', NumericEqualsPath: '$.right' }, { left: 8 })).cause).toBe(
        invalidChoicePathCause('$.right'),
      );
    });

    it('tells with IsPresent whether Variable selects anything, without failing', () => {
      // v2_choice_operators_test_is_operators__TestIsOperators_test_is_present_e0: null is present
      expect(holds({ Variable: '$.Variable', IsPresent: true }, { Variable: null })).toBe(true);
      expect(holds({ Variable: '$.missing', IsPresent: true }, {})).toBe(false);
      expect(holds({ Variable: '$.missing', IsPresent: false }, {})).toBe(true);
      expect(holds({ Not: { Variable: '$.missing', IsPresent: true } }, {})).toBe(true);
    });

    it('does not evaluate the rest of an And once a rule is false, so IsPresent can guard a comparison', () => {
      const rule = {
        And: [
          { Variable: '$.a', IsPresent: true },
          { Variable: '$.a', NumericEquals: 1 },
        ],
      };
      expect(holds(rule, {})).toBe(false);
      expect(holds(rule, { a: 1 })).toBe(true);
    });

    it('does not evaluate the rest of an Or once a rule is true', () => {
      const rule = {
        Or: [
          { Variable: '$.a', IsPresent: false },
          { Variable: '$.a', NumericEquals: 1 },
        ],
      };
      expect(holds(rule, {})).toBe(true);
    });
  });

  describe('strings', () => {
    it('compares strings exactly, whitespace included', () => {
      // v2_choice_operators_test_string_operators__TestStrings_test_string_equals_e14
      expect(holds({ Variable: '$.v', StringEquals: '\t\r\n' }, { v: '\t\n' })).toBe(false);
      // v2_choice_operators_test_string_operators__TestStrings_test_string_equals_path_e2
      expect(holds({ Variable: '$.v', StringEqualsPath: '$.w' }, { v: 'Hello', w: 'Hello' })).toBe(true);
    });

    it('is false, not an error, for a value that is not a string', () => {
      // v2_choice_operators_test_string_operators__TestStrings_test_string_equals_e0 … e12
      for (const value of [null, 0, 1.1, true, [], {}, ['']]) {
        expect(holds({ Variable: '$.v', StringEquals: 'HelloWorld' }, { v: value })).toBe(false);
        expect(holds({ Variable: '$.v', StringLessThan: 'HelloWorld' }, { v: value })).toBe(false);
      }
    });

    it('orders a prefix before the longer string', () => {
      // v2_choice_operators_test_string_operators__TestStrings_test_string_less_than_e1, …_greater_than_e1, …_e3
      expect(holds({ Variable: '$.v', StringLessThan: 'AB' }, { v: 'A' })).toBe(true);
      expect(holds({ Variable: '$.v', StringGreaterThan: 'A ' }, { v: 'A' })).toBe(false);
      expect(holds({ Variable: '$.v', StringGreaterThan: 'ABC' }, { v: 'AB' })).toBe(false);
      expect(holds({ Variable: '$.v', StringGreaterThanEquals: 'AB' }, { v: 'A' })).toBe(false);
      // …_less_than_equals_e0, …_e2
      expect(holds({ Variable: '$.v', StringLessThanEquals: '' }, { v: '' })).toBe(true);
      expect(holds({ Variable: '$.v', StringLessThanEquals: 'A' }, { v: 'AB' })).toBe(false);
    });

    it('orders by UTF-16 code unit, as Java String.compareTo does', () => {
      // Uppercase sorts before lowercase: 'B' (0x42) < 'a' (0x61).
      expect(holds({ Variable: '$.v', StringGreaterThan: 'B' }, { v: 'a' })).toBe(true);
      // U+FF5E is one code unit 0xFF5E; U+1F600 is the surrogate pair 0xD83D 0xDE00, so it sorts first.
      expect(holds({ Variable: '$.v', StringGreaterThan: '\u{1F600}' }, { v: '\uFF5E' })).toBe(true);
    });

    it('is false when a …Path operand is not a string', () => {
      expect(holds({ Variable: '$.v', StringEqualsPath: '$.w' }, { v: '1', w: 1 })).toBe(false);
    });
  });

  describe('StringMatches', () => {
    it.each([
      // The examples of the Amazon States Language specification.
      ['foo*.log', 'foo23.log', true],
      ['*.log', 'zebra.log', true],
      ['foo*.*', 'foobar.zebra', true],
      ['foo*.log', 'foo23.txt', false],
      ['log-*.txt', 'log-.txt', true],
      ['*', '', true],
      ['', '', true],
      ['', 'a', false],
      ['exact', 'exact', true],
      ['exact', 'Exact', false],
      ['a*b*c', 'abc', true],
      ['a*b*c', 'acb', false],
      ['a*a', 'a', false],
      ['*x*', 'line\nx\nline', true],
      // An escaped * is literal; other characters have no special meaning.
      ['foo\\*.log', 'foo*.log', true],
      ['foo\\*.log', 'foo23.log', false],
      ['a\\\\b', 'a\\b', true],
      ['a.c?[d]', 'a.c?[d]', true],
      ['a.c', 'abc', false],
    ])('matches pattern %j against %j: %s', (pattern, value, expected) => {
      expect(holds({ Variable: '$.v', StringMatches: pattern }, { v: value })).toBe(expected);
    });

    it('is false for a value that is not a string', () => {
      expect(holds({ Variable: '$.v', StringMatches: '*' }, { v: 12 })).toBe(false);
    });
  });

  describe('numbers', () => {
    it('finds integers and floats of the same value equal', () => {
      // v2_choice_operators_test_numeric__TestNumerics_test_numeric_equals_e8, …_path_e15
      expect(holds({ Variable: '$.v', NumericEquals: 0 }, { v: 0.0 })).toBe(true);
      expect(holds({ Variable: '$.v', NumericEqualsPath: '$.w' }, { v: 1, w: 1.0 })).toBe(true);
      // …_e18
      expect(holds({ Variable: '$.v', NumericEquals: 1 }, { v: 1.1 })).toBe(false);
    });

    it('is false for values that are not numbers, including numeric strings and booleans', () => {
      // v2_choice_operators_test_numeric__TestNumerics_test_numeric_equals_e20 … e50
      for (const value of ['', ' ', '0', [], {}, false, true, null]) {
        expect(holds({ Variable: '$.v', NumericEquals: 0 }, { v: value })).toBe(false);
      }
      // v2_assign_test_assign_reference_variables__TestAssignReferenceVariables_test_assign_in_choice_state_CORRECT
      expect(holds({ Variable: '$.input_value', NumericEquals: 42 }, { input_value: '42' })).toBe(false);
    });

    it('orders numbers by value', () => {
      // v2_choice_operators_test_numeric__TestNumerics_test_numeric_greater_than_e4, …_less_than_equals_e4
      expect(holds({ Variable: '$.v', NumericGreaterThan: 0 }, { v: 1 })).toBe(true);
      expect(holds({ Variable: '$.v', NumericLessThanEquals: 0 }, { v: 1 })).toBe(false);
      expect(holds({ Variable: '$.v', NumericLessThan: -1.5 }, { v: -2 })).toBe(true);
      expect(holds({ Variable: '$.v', NumericGreaterThanEquals: 2.5 }, { v: 2.5 })).toBe(true);
      expect(holds({ Variable: '$.v', NumericLessThanPath: '$.w' }, { v: 0, w: 1 })).toBe(true);
    });
  });

  describe('booleans', () => {
    it('matches only a boolean of the same value', () => {
      // v2_choice_operators_test_boolean_equals__TestBooleanEquals_test_boolean_equals_e32, e35, e33, e3
      expect(holds({ Variable: '$.v', BooleanEquals: true }, { v: true })).toBe(true);
      expect(holds({ Variable: '$.v', BooleanEquals: false }, { v: false })).toBe(true);
      expect(holds({ Variable: '$.v', BooleanEquals: true }, { v: false })).toBe(false);
      expect(holds({ Variable: '$.v', BooleanEquals: false }, { v: 0 })).toBe(false);
      expect(holds({ Variable: '$.v', BooleanEquals: true }, { v: 'true' })).toBe(false);
      expect(holds({ Variable: '$.v', BooleanEqualsPath: '$.w' }, { v: true, w: true })).toBe(true);
    });
  });

  describe('timestamps', () => {
    it('compares instants, whatever the offset', () => {
      expect(
        holds({ Variable: '$.v', TimestampEquals: '2012-10-09T18:00:55Z' }, { v: '2012-10-09T19:00:55+01:00' }),
      ).toBe(true);
      expect(
        holds({ Variable: '$.v', TimestampLessThan: '2012-10-09T18:00:56Z' }, { v: '2012-10-09T19:00:55+01:00' }),
      ).toBe(true);
    });

    it('orders by the second, as recorded', () => {
      // v2_choice_operators_test_timestamp_operators__TestTimestamps_test_timestamp_greater_than_e2, …_less_than_e1
      expect(
        holds({ Variable: '$.v', TimestampGreaterThan: '2012-10-09T19:00:55Z' }, { v: '2012-10-09T19:00:56Z' }),
      ).toBe(true);
      expect(holds({ Variable: '$.v', TimestampLessThan: '2012-10-09T19:00:56Z' }, { v: '2012-10-09T19:00:55Z' })).toBe(
        true,
      );
      // …_greater_than_equals_e0
      expect(
        holds({ Variable: '$.v', TimestampGreaterThanEquals: '2012-10-09T19:00:55Z' }, { v: '2012-10-09T19:00:55Z' }),
      ).toBe(true);
      // …_less_than_equals_path
      expect(
        holds(
          { Variable: '$.v', TimestampLessThanEqualsPath: '$.w' },
          { v: '2012-10-09T19:00:56Z', w: '2012-10-09T19:00:55Z' },
        ),
      ).toBe(false);
    });

    it('orders fractions of a second down to the nanosecond', () => {
      const rule = { Variable: '$.v', TimestampLessThan: '2016-03-05T21:29:29.243167253Z' };
      expect(holds(rule, { v: '2016-03-05T21:29:29.243167252Z' })).toBe(true);
      expect(holds(rule, { v: '2016-03-05T21:29:29.243167253Z' })).toBe(false);
      expect(
        holds({ Variable: '$.v', TimestampEquals: '2016-03-05T21:29:29.5Z' }, { v: '2016-03-05T21:29:29.500Z' }),
      ).toBe(true);
    });

    it('is false for a value that is not a timestamp', () => {
      // v2_choice_operators_test_timestamp_operators__TestTimestamps_test_timestamp_equals_e0 … e13
      for (const value of [null, 0, 1.1, '', ' ', '2023-02-24 12:15:56.832957', [], {}, true, '2012-10-09T19:00:55']) {
        expect(holds({ Variable: '$.v', TimestampEquals: '2012-10-09T19:00:55Z' }, { v: value })).toBe(false);
      }
    });

    it('is false when a …Path operand is not a timestamp', () => {
      expect(holds({ Variable: '$.v', TimestampEqualsPath: '$.w' }, { v: '2012-10-09T19:00:55Z', w: 'soon' })).toBe(
        false,
      );
    });
  });

  describe('type tests', () => {
    it.each([
      ['IsNull', null, true],
      ['IsNull', 0, false],
      ['IsNumeric', 1.1, true],
      ['IsNumeric', '1', false],
      ['IsString', '', true],
      ['IsString', [''], false],
      ['IsBoolean', false, true],
      ['IsBoolean', 0, false],
      ['IsTimestamp', '2012-10-09T19:00:55Z', true],
      ['IsTimestamp', '2012-10-09T19:00:55+01:00', true],
      ['IsTimestamp', '2012-10-09T19:00:55', false],
      ['IsTimestamp', '2023-02-24', false],
    ])('%s on %j is %s', (operator, value, expected) => {
      expect(holds({ Variable: '$.v', [operator]: true }, { v: value })).toBe(expected);
      expect(holds({ Variable: '$.v', [operator]: false }, { v: value })).toBe(!expected);
    });
  });

  describe('scope', () => {
    it('reads the Context object through $$', () => {
      // v2_context_object_test_context_object__TestSnfBase_test_variable
      const context = { Execution: { Input: { 'input-value': 0 } } };
      expect(holds({ Variable: '$$.Execution.Input.input-value', NumericLessThanEquals: 0 }, {}, { context })).toBe(
        true,
      );
    });

    it('reads workflow variables through $name', () => {
      expect(holds({ Variable: '$limit', NumericGreaterThan: 5 }, {}, { variables: { limit: 6 } })).toBe(true);
      expect(holds({ Variable: '$.n', NumericLessThanPath: '$limit' }, { n: 1 }, { variables: { limit: 6 } })).toBe(
        true,
      );
    });

    it('tests the whole input with $', () => {
      // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_map_state_break_condition: items 1, "Hello", {}, 3.3, 3
      const rule = {
        And: [
          { IsPresent: true, Variable: '$' },
          {
            And: [
              { IsNumeric: true, Variable: '$' },
              { NumericEquals: 3, Variable: '$' },
            ],
          },
        ],
      };
      expect([1, 'Hello', {}, 3.3, 3].map((item) => holds(rule, item))).toEqual([false, false, false, false, true]);
    });
  });

  it('evaluates a top-level rule through its condition', () => {
    const rule = JsonPathChoiceRuleSchema.parse({ Variable: '$.value', NumericEquals: 0, Next: 'ValueIsZero' });
    expect(evaluateChoiceRule(rule, scopeOf({ value: 0 }))).toBe(true);
  });
});
