import { describe, expect, it } from 'vitest';
import { isJsonataExpression, jsonataBody } from '../../../src/asl/jsonata/index.js';

describe('isJsonataExpression', () => {
  it('accepts a string that starts with {% and ends with %}', () => {
    expect(isJsonataExpression('{% $states.input %}')).toBe(true);
  });

  it('accepts whitespace inside the delimiters, or none', () => {
    expect(isJsonataExpression('{%$states.input%}')).toBe(true);
    expect(isJsonataExpression('{%   1   %}')).toBe(true);
  });

  // v2_arguments_test_arguments__TestArgumentsBase_test_base_cases_BASE_LAMBDA_LITERALS and
  // v2_outputdecl_test_output__TestArgumentsBase_test_base_cases_BASE_LITERALS: " {% states.input %} " is
  // passed through as a literal.
  it('rejects an expression with whitespace outside the delimiters', () => {
    expect(isJsonataExpression(' {% states.input %} ')).toBe(false);
    expect(isJsonataExpression(' {% $x %}')).toBe(false);
    expect(isJsonataExpression('{% $x %} ')).toBe(false);
  });

  it('rejects a string that merely contains {%', () => {
    expect(isJsonataExpression('total: {% $x %}')).toBe(false);
    expect(isJsonataExpression('{% $x')).toBe(false);
  });

  // Same recorded cases: JSONPath-looking and intrinsic-looking strings are literals in JSONata states.
  it('rejects JSONPath and intrinsic-function strings', () => {
    expect(isJsonataExpression('$states.input')).toBe(false);
    expect(isJsonataExpression("States.Format('Format:{}', 101)")).toBe(false);
  });

  it('rejects non-strings and the too-short string {%}', () => {
    expect(isJsonataExpression(42)).toBe(false);
    expect(isJsonataExpression(null)).toBe(false);
    expect(isJsonataExpression('{%}')).toBe(false);
  });
});

describe('jsonataBody', () => {
  // v2_assign_test_assign_reference_variables__TestAssignReferenceVariables_test_undefined_reference_BASE_UNDEFINED_ASSIGN:
  // "{% $doesNotExist %}" is quoted as '$doesNotExist' in the cause.
  it('strips the delimiters and trims the expression when it is wrapped', () => {
    expect(jsonataBody('{% $doesNotExist %}')).toBe('$doesNotExist');
    expect(jsonataBody('{%\n  $a\n%}')).toBe('$a');
  });

  it('throws when the text is not wrapped in delimiters', () => {
    expect(() => jsonataBody('$a')).toThrow(/Not a JSONata expression/);
  });
});
