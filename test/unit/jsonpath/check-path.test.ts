import { describe, expect, it } from 'vitest';
import { checkPath, isValidVariableName } from '../../../src/asl/jsonpath/index.js';

describe('checkPath', () => {
  it('accepts every path form the recorded cases use', () => {
    for (const path of [
      '$',
      '$$',
      '$.items[0]',
      '$.item.items[1:5].itemValue',
      '$.users[?(@.status == 0)]',
      '$$.Map.Item.Value',
      '$$.Execution.Input.input-value',
      '$constant_obj.in_obj_constant_lst',
      '$theAnswer',
    ]) {
      expect(checkPath(path, 'path'), path).toBeUndefined();
    }
  });

  it('accepts names and single indexes as reference paths', () => {
    // ResultPath values from the recorded cases: "$.detail.shipped_output", "$.Payload", "$".
    for (const path of ['$', '$.detail.shipped_output', "$['a b'][0].c", '$$.State.Name', '$x.y']) {
      expect(checkPath(path, 'reference'), path).toBeUndefined();
    }
  });

  it('rejects wildcards, slices, unions, filters and .. in a reference path', () => {
    // ASL spec "Reference Paths": only `.`/`[]` steps that identify a single node.
    for (const path of ['$.a[*]', '$.a.*', '$.a[1:2]', '$.a[0,1]', '$..a', '$.a[?(@.b)]', "$['a','b']"]) {
      expect(checkPath(path, 'reference'), path).toMatch(/is not a reference path/);
    }
  });

  it('names the problem when the path does not compile', () => {
    expect(checkPath('$.a[', 'path')).toMatch(/^'\$\.a\[' is not a valid JSONPath: /);
    expect(checkPath('a.b', 'path')).toMatch(/must start with '\$'/);
  });
});

describe('isValidVariableName', () => {
  it('accepts identifiers and rejects other names', () => {
    for (const name of ['x', 'theAnswerVar', 'constant_str_var_expr', '_tmp', 'café']) {
      expect(isValidVariableName(name), name).toBe(true);
    }
    for (const name of ['', '9lives', 'a-b', 'a b', 'x'.repeat(81)])
      expect(isValidVariableName(name), name).toBe(false);
  });
});
