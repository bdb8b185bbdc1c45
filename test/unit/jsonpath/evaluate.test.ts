import { describe, expect, it } from 'vitest';
import { compilePath, NOT_FOUND, readPath } from '../../../src/asl/jsonpath/index.js';

const read = (path: string, document: unknown): unknown => readPath(compilePath(path), document);

const items = { items: Array.from({ length: 11 }, (_, i) => ({ item_key: i })) };

// The store document of the Jayway README, the reference for Jayway's semantics.
const store = {
  store: {
    book: [
      { category: 'reference', author: 'Nigel Rees', title: 'Sayings of the Century', price: 8.95 },
      { category: 'fiction', author: 'Evelyn Waugh', title: 'Sword of Honour', price: 12.99 },
      { category: 'fiction', author: 'Herman Melville', title: 'Moby Dick', isbn: '0-553-21311-3', price: 8.99 },
      {
        category: 'fiction',
        author: 'J. R. R. Tolkien',
        title: 'The Lord of the Rings',
        isbn: '0-395-19395-8',
        price: 22.99,
      },
    ],
    bicycle: { color: 'red', price: 19.95 },
  },
  expensive: 10,
};

describe('readPath', () => {
  it('returns the element when a definite path indexes an array', () => {
    // v2_base_test_base__TestSnfBase_test_json_path_array_access_.items_0
    expect(read('$.items[0]', items)).toEqual({ item_key: 0 });
  });

  it('returns an empty array when an indefinite path meets missing members', () => {
    // v2_base_test_base__TestSnfBase_test_json_path_array_wildcard_or_slice_with_no_input_* (input {}, output [])
    for (const path of [
      '$.items[*]',
      '$.items[*].itemValue',
      '$.items[1:]',
      '$.items[1:].itemValue',
      '$.items[:1].itemValue',
      '$.item.items[*]',
      '$.item.items[1:]',
      '$.item.items[:1]',
      '$.item.items[1:5]',
      '$.item.items[1:5].itemValue',
    ]) {
      expect(read(path, {}), path).toEqual([]);
    }
  });

  it('returns NOT_FOUND when a definite path names a missing member', () => {
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_invalid_jsonpath_INVALID_JSONPATH_IN_STRING_EXPR_JSONPATH
    expect(read('$.no_such_jsonpath', { 'int-literal': 0 })).toBe(NOT_FOUND);
    expect(read('$.no.such.result.path', {})).toBe(NOT_FOUND);
  });

  it('returns the whole document for $', () => {
    expect(read('$', { a: 1 })).toEqual({ a: 1 });
    expect(read('$', 'text')).toBe('text');
  });

  it('returns null rather than NOT_FOUND when a member holds null', () => {
    // v2_assign_test_assign_base__TestAssignBase_test_base_cases_BASE_VAR: `$constant_null` assigns null.
    expect(read('$.a', { a: null })).toBeNull();
  });

  it('selects nothing when an index is negative', () => {
    // AWS fails `$.array[-1].name` with "could not be found in the input" (zenn.dev/sotaro8181, 2024).
    expect(read('$.array[-1].name', { array: [{ name: 'hoge' }] })).toBe(NOT_FOUND);
  });

  it('selects the last element when the index is [(@.length-1)]', () => {
    // The workaround AWS accepts for the last element (same source).
    expect(read('$.array[(@.length-1)]', { array: [{ name: 'a' }, { name: 'b' }] })).toEqual({ name: 'b' });
    expect(read('$.array[(@.size()-2)].name', { array: [{ name: 'a' }, { name: 'b' }] })).toBe('a');
  });

  it('selects nothing when a path calls a function such as length() or sum()', () => {
    // AWS: `$.list.length()` fails "Property ['length()'] not found"; `$.Jobs.sum()` "could not be found".
    expect(read('$.list.length()', { list: [1, 2] })).toBe(NOT_FOUND);
    expect(read('$.Jobs.sum()', { Jobs: [0, 1] })).toBe(NOT_FOUND);
  });

  it('merges the named members into one object when a multi-property step is the leaf', () => {
    // gist deric4/733eb129 (AWS console): InputPath "$['a', 'b']" yields {"a":{"v":1},"b":{"v":2}}.
    const input = { a: { v: 1 }, b: { v: 2 }, c: { v: 3 } };
    expect(read("$['a', 'b']", input)).toEqual({ a: { v: 1 }, b: { v: 2 } });
  });

  it('fails when a multi-property step is not the leaf', () => {
    // Same source: "$['a', 'b'].v" fails with "Multi properties can only be used as path leafs".
    expect(read("$['a', 'b'].v", { a: { v: 1 }, b: { v: 2 } })).toBe(NOT_FOUND);
  });

  it('collects every match of a wildcard over an array', () => {
    expect(read('$.store.book[*].author', store)).toEqual([
      'Nigel Rees',
      'Evelyn Waugh',
      'Herman Melville',
      'J. R. R. Tolkien',
    ]);
  });

  it('collects the values of every member when the wildcard is applied to an object', () => {
    expect(read('$.store.bicycle.*', store)).toEqual(['red', 19.95]);
  });

  it('finds members at every depth, parents first, when using recursive descent', () => {
    expect(read('$.store..price', store)).toEqual([8.95, 12.99, 8.99, 22.99, 19.95]);
    expect(read('$..author', store)).toHaveLength(4);
  });

  it('applies the token after .. to every array found by recursive descent', () => {
    expect(read('$..book[2].title', store)).toEqual(['Moby Dick']);
    expect(read('$..book[-1:].title', store)).toEqual(['The Lord of the Rings']);
  });

  it('selects the listed elements in order when an index union is given', () => {
    expect(read('$.store.book[0,2].title', store)).toEqual(['Sayings of the Century', 'Moby Dick']);
  });

  it('skips union indexes that are out of range', () => {
    expect(read('$.a[0,5]', { a: ['x', 'y'] })).toEqual(['x']);
  });

  it('slices with Jayway bounds when a slice is given', () => {
    const a = { a: [0, 1, 2, 3, 4] };
    expect(read('$.a[1:3]', a)).toEqual([1, 2]);
    expect(read('$.a[:2]', a)).toEqual([0, 1]);
    expect(read('$.a[2:]', a)).toEqual([2, 3, 4]);
    expect(read('$.a[-2:]', a)).toEqual([3, 4]);
    expect(read('$.a[:-1]', a)).toEqual([0, 1, 2, 3]);
    expect(read('$.a[1:10]', a)).toEqual([1, 2, 3, 4]);
    // [from:to] does not count a negative `to` from the end in Jayway.
    expect(read('$.a[1:-1]', a)).toEqual([]);
  });

  it('selects nothing when a definite index runs past the end', () => {
    expect(read('$.a[3]', { a: [1] })).toBe(NOT_FOUND);
  });

  it('selects nothing when a name is applied to an array or a scalar', () => {
    expect(read('$.a.b', { a: [1] })).toBe(NOT_FOUND);
    expect(read('$.a.b', { a: 'x' })).toBe(NOT_FOUND);
    expect(read('$.a.b', { a: null })).toBe(NOT_FOUND);
  });

  it('does not treat inherited members as present', () => {
    expect(read('$.toString', {})).toBe(NOT_FOUND);
    expect(read('$.constructor', { a: 1 })).toBe(NOT_FOUND);
  });
});
