import { describe, expect, it } from 'vitest';
import { type PathScope, resolvePathExpression } from '../../../src/asl/jsonpath/index.js';

const context = {
  Execution: { Id: 'arn:aws:states:us-east-1:111111111111:execution:sm:run', Input: { 'input-value': 0 } },
  State: { Name: 'TestState', RetryCount: 0 },
};
const scope = (input: unknown, variables: Record<string, unknown> = {}): PathScope => ({ input, context, variables });

describe('resolvePathExpression', () => {
  it('evaluates $ paths against the input', () => {
    expect(resolvePathExpression('$.a.b[0]', scope({ a: { b: [7] } }))).toEqual({ found: true, value: 7 });
  });

  it('evaluates $$ paths against the Context object', () => {
    // v2_context_object_test_context_object__TestSnfBase_test_variable reads `$$.Execution.Input.input-value`.
    expect(resolvePathExpression('$$.Execution.Input.input-value', scope({}))).toEqual({ found: true, value: 0 });
    expect(resolvePathExpression('$$', scope({}))).toEqual({ found: true, value: context });
  });

  it('reports nothing found when a $$ path misses', () => {
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_invalid_jsonpath_INVALID_JSONPATH_IN_STRING_EXPR_CONTEXTPATH
    expect(resolvePathExpression('$$.Execution.Input.no_such_jsonpath', scope({}))).toEqual({ found: false });
  });

  it('evaluates $name paths against the variable of that name', () => {
    // v2_assign_test_assign_base__TestAssignBase_test_base_cases_BASE_VAR: "$constant_obj.in_obj_constant_lst".
    const variables = { constant_obj: { in_obj_constant_lst: [null, 0] }, constant_null: null };
    expect(resolvePathExpression('$constant_obj.in_obj_constant_lst', scope({}, variables))).toEqual({
      found: true,
      value: [null, 0],
    });
    expect(resolvePathExpression('$constant_null', scope({}, variables))).toEqual({ found: true, value: null });
  });

  it('returns a whole variable when the expression is just its name', () => {
    // v2_assign_test_assign_reference_variables__…_BASE_REFERENCE_IN_OUTPUTPATH: OutputPath "$theAnswer" gives 42.
    expect(resolvePathExpression('$theAnswer', scope({}, { theAnswer: 42 }))).toEqual({ found: true, value: 42 });
  });

  it('reports nothing found when the variable is not set', () => {
    expect(resolvePathExpression('$noSuchVar', scope({}))).toEqual({ found: false });
    expect(resolvePathExpression('$noSuchVar.noSuchMember', scope({}))).toEqual({ found: false });
  });

  it('reports nothing found when the text is not a path expression', () => {
    expect(resolvePathExpression('$.a[', scope({ a: [1] }))).toEqual({ found: false });
    expect(resolvePathExpression('plain text', scope({}))).toEqual({ found: false });
  });

  it('returns the same results when one expression is evaluated many times', () => {
    const s = scope({ a: [{ n: 1 }, { n: 2 }] });
    for (let i = 0; i < 3; i++) {
      expect(resolvePathExpression('$.a[?(@.n > 1)].n', s)).toEqual({ found: true, value: [2] });
    }
  });
});
