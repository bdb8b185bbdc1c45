import { describe, expect, it } from 'vitest';
import { expectInvalidArguments, failure, run } from './helpers.js';

describe('States.Array', () => {
  it('builds an array of the arguments when given literals', () => {
    // BASE_ASSIGN_FROM_INTRINSIC_FUNCTION: States.Array('a', 'b', 'c')
    expect(run("States.Array('a', 'b', 'c')")).toEqual(['a', 'b', 'c']);
    expect(run('States.Array()')).toEqual([]);
    expect(run("States.Array(false, '', 0, null)")).toEqual([false, '', 0, null]);
  });

  it('keeps path values and nested results as they are when arguments are paths or calls', () => {
    // AWS docs example: States.Array($.Id) with {"Id": 123456} gives [123456].
    expect(run('States.Array($.Id)', { Id: 123456 })).toEqual([123456]);
    expect(run('States.Array($.obj, States.Array(2, 3))', { obj: { k: 1 } })).toEqual([{ k: 1 }, [2, 3]]);
  });
});

describe('States.ArrayPartition', () => {
  it('cuts the array into chunks when the size divides it unevenly', () => {
    // BASE_ASSIGN_FROM_INTRINSIC_FUNCTION: [1..6] by 2; v2_…_TestArrayJSONata_test_array_partition_e11 shows the same chunking.
    expect(run('States.ArrayPartition($.inputArray, 2)', { inputArray: [1, 2, 3, 4, 5, 6] })).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(run('States.ArrayPartition($.a, 4)', { a: [1, 2, 3, 4, 5, 6, 7, 8, 9] })).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9],
    ]);
    expect(run('States.ArrayPartition($.a, 10)', { a: [1, 2, 3] })).toEqual([[1, 2, 3]]);
    expect(run('States.ArrayPartition($.a, 3)', { a: [] })).toEqual([]);
  });

  it('truncates a fractional size when the size is not an integer', () => {
    // Observed on AWS: 2.4 and 2.6 both partition by 2 (tiny-asl-machine States.ArrayPartition-008, -009).
    expect(run('States.ArrayPartition($.a, 2.6)', { a: [1, 2, 3, 4, 5] })).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('fails when the size is below 1 after truncation or not a number', () => {
    // Observed on AWS (States.ArrayPartition-010, -011, -016, -017, -018, -019).
    for (const size of ['0', '0.6', '-1', "'2'", 'null']) {
      expectInvalidArguments(`States.ArrayPartition($.a, ${size})`, 'States.ArrayPartition', { a: [1, 2, 3] });
    }
  });

  it('fails when the first argument is not an array', () => {
    expectInvalidArguments("States.ArrayPartition('not-array', 2)", 'States.ArrayPartition');
  });
});

describe('States.ArrayContains', () => {
  it.each([
    // v2_intrinsic_functions_test_array__TestArray_test_array_contains_e0 … e8
    [[], null, false],
    [[], [], false],
    [[], 1, false],
    [[[1, 2, 3], 2], null, false],
    [[[1, 2, 3], 2], [1, 2, 3], true],
    [[{ 1: 2, 2: [] }], [], false],
    [[{ 1: 2, 2: [] }], { 1: 2, 2: [] }, true],
    [[true, false], true, true],
    [[true, false], false, true],
  ])('searches %j for %j and answers %j', (fst, snd, expected) => {
    expect(run('States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)', { FunctionInput: { fst, snd } })).toBe(
      expected,
    );
  });

  it('compares by Java text when values have different JSON types', () => {
    // Observed on AWS (tiny-asl-machine States.ArrayContains-006, -019, -021): true matches "true",
    // a number matches its digits as a string, reordered keys do not match.
    expect(run('States.ArrayContains($.a, true)', { a: ['true', 'false'] })).toBe(true);
    expect(run('States.ArrayContains($.a, $.t)', { a: ['9007199254740991'], t: 9007199254740991 })).toBe(true);
    expect(run('States.ArrayContains($.a, $.t)', { a: [{ a: 1, b: 2 }], t: { b: 2, a: 1 } })).toBe(false);
    expect(run('States.ArrayContains($.a, false)', { a: [0, 1, -1, -1.5] })).toBe(false);
  });

  it('fails when the first argument is not an array', () => {
    expectInvalidArguments("States.ArrayContains('not-array', 'x')", 'States.ArrayContains');
  });
});

describe('States.ArrayRange', () => {
  it.each([
    // v2_intrinsic_functions_test_array__TestArray_test_array_range_e0 … e3
    [0, 9, 3, [0, 3, 6, 9]],
    [0, 10, 3, [0, 3, 6, 9]],
    [1, 9, 9, [1]],
    [1, 9, 2, [1, 3, 5, 7, 9]],
  ])('ranges from %j to %j by %j', (fst, snd, trd, expected) => {
    expect(
      run('States.ArrayRange($.FunctionInput.fst, $.FunctionInput.snd, $.FunctionInput.trd)', {
        FunctionInput: { fst, snd, trd },
      }),
    ).toEqual(expected);
  });

  it('counts down when the step is negative and gives [] when the step points away', () => {
    // Observed on AWS (tiny-asl-machine States.ArrayRange-007, -008, -009).
    expect(run('States.ArrayRange(5, 1, -2)')).toEqual([5, 3, 1]);
    expect(run('States.ArrayRange(5, 1, 1)')).toEqual([]);
    expect(run('States.ArrayRange(1, 5, -1)')).toEqual([]);
    expect(run('States.ArrayRange(3, 3, -1)')).toEqual([3]);
  });

  it('truncates fractional arguments when they are not integers', () => {
    // Observed on AWS: (1.4, 5.6, 2.2) -> [1, 3, 5]; (1.6, 1.4, 1) -> [1]; (5.4, -0.6, -2.4) -> [5, 3, 1].
    expect(run('States.ArrayRange(1.4, 5.6, 2.2)')).toEqual([1, 3, 5]);
    expect(run('States.ArrayRange(1.6, 1.4, 1)')).toEqual([1]);
    expect(run('States.ArrayRange(5.4, -0.6, -2.4)')).toEqual([5, 3, 1]);
  });

  it('allows exactly 1000 items and fails beyond', () => {
    // AWS docs: "The newly generated array can't contain more than 1000 items"; observed on AWS (States.ArrayRange-017, -018, -020).
    const thousand = run('States.ArrayRange(1, 1000, 1)') as number[];
    expect(thousand).toHaveLength(1000);
    expect(thousand[999]).toBe(1000);
    expect(run('States.ArrayRange(1000, 1, -1)')).toHaveLength(1000);
    expectInvalidArguments('States.ArrayRange(1, 1001, 1)', 'States.ArrayRange');
    expectInvalidArguments('States.ArrayRange(1001, 1, -1)', 'States.ArrayRange');
  });

  it('fails when the step is zero, truncates to zero or an argument is not a number', () => {
    expectInvalidArguments('States.ArrayRange(1, 10, 0)', 'States.ArrayRange');
    expectInvalidArguments('States.ArrayRange(1, 10, 0.49)', 'States.ArrayRange');
    expectInvalidArguments("States.ArrayRange('a', 5, 1)", 'States.ArrayRange');
  });

  it('fails at run time when the third argument is missing', () => {
    // Observed on AWS (States.ArrayRange-021): accepted at creation, "Invalid arguments" when run.
    expectInvalidArguments('States.ArrayRange(1, 5)', 'States.ArrayRange');
  });
});

describe('States.ArrayGetItem', () => {
  it('returns the item at the index when the index is inside the array', () => {
    // v2_intrinsic_functions_test_array__TestArray_test_array_get_item; BASE_ASSIGN_FROM_INTRINSIC_FUNCTION
    expect(
      run('States.ArrayGetItem($.FunctionInput.fst, $.FunctionInput.snd)', {
        FunctionInput: { fst: [1, 2, 3, 4, 5, 6, 7, 8, 9], snd: 5 },
      }),
    ).toBe(6);
    expect(run('States.ArrayGetItem($.inputArray, 2)', { inputArray: [1, 2, 3, 4, 5, 6] })).toBe(3);
    expect(run('States.ArrayGetItem($.a, 1)', { a: [{ a: 1 }, { b: 2 }] })).toEqual({ b: 2 });
  });

  it('truncates a fractional index and gives null for an empty array', () => {
    // Observed on AWS: index 1.2 reads item 1; [] with index 999 gives null (tiny-asl-machine States.ArrayGetItem-012, -014).
    expect(run('States.ArrayGetItem($.a, 1.2)', { a: [10, 20, 30] })).toBe(20);
    expect(run('States.ArrayGetItem($.a, 999)', { a: [] })).toBeNull();
  });

  it('fails when the index is outside a non-empty array or not a number', () => {
    // Observed on AWS (States.ArrayGetItem-009, -010, -011, -013).
    expectInvalidArguments('States.ArrayGetItem($.arr, 3)', 'States.ArrayGetItem', { arr: [10, 20, 30] });
    expectInvalidArguments('States.ArrayGetItem($.arr, -1)', 'States.ArrayGetItem', { arr: [10, 20, 30] });
    expectInvalidArguments("States.ArrayGetItem($.arr, '1')", 'States.ArrayGetItem', { arr: [10, 20, 30] });
    expectInvalidArguments("States.ArrayGetItem('not-array', 0)", 'States.ArrayGetItem');
  });
});

describe('States.ArrayLength', () => {
  it('counts the items when given an array', () => {
    // v2_intrinsic_functions_test_array__TestArray_test_array_length and …_test_array_unique
    expect(run('States.ArrayLength($.FunctionInput)', { FunctionInput: [1, 2, 3, 4, 5, 6, 7, 8, 9] })).toBe(9);
    const twenty = [
      null,
      null,
      true,
      true,
      false,
      false,
      1,
      1,
      1.1,
      0,
      0,
      'HelloWorld',
      'HelloWorld',
      [],
      [],
      [null],
      [null],
    ];
    expect(
      run('States.ArrayLength($.FunctionInput)', {
        FunctionInput: [...twenty, { a: 1, b: 2 }, { a: 1, b: 2 }, { a: 1, b: 1 }],
      }),
    ).toBe(20);
    expect(run('States.ArrayLength(States.Array())')).toBe(0);
  });

  it('fails when the argument is not an array', () => {
    // Observed on AWS: a nested JsonToString result is a string (Feature.IntrinsicComposition-003).
    const text = 'States.ArrayLength(States.JsonToString($.items))';
    expect(failure(text, { items: [1, 2, 3] }).cause).toBe(
      `There was an error while evaluating the intrinsic function: ${text}. Invalid arguments in States.ArrayLength`,
    );
    expectInvalidArguments('States.ArrayLength($.obj)', 'States.ArrayLength', { obj: { k: 1 } });
  });
});

describe('States.ArrayUnique', () => {
  it('removes duplicates when values repeat', () => {
    // BASE_ASSIGN_FROM_INTRINSIC_FUNCTION: [1, 2, 2, 3, 3, 4] -> [1, 2, 3, 4]
    expect(run('States.ArrayUnique($.duplicateArray)', { duplicateArray: [1, 2, 2, 3, 3, 4] })).toEqual([1, 2, 3, 4]);
    expect(run('States.ArrayUnique($.a)', { a: ['a', 'b', 'a', 'c', 'b'] })).toEqual(['a', 'b', 'c']);
  });

  it("returns values in a Java HashSet's order when first-seen order differs", () => {
    // Observed on AWS (tiny-asl-machine States.ArrayUnique-004, -005, -009).
    expect(run('States.ArrayUnique($.a)', { a: [true, false, true, false] })).toEqual([false, true]);
    expect(run('States.ArrayUnique($.a)', { a: [null, null, 1, null] })).toEqual([null, 1]);
    expect(
      run('States.ArrayUnique($.a)', {
        a: [
          [1, 2],
          [1, 2],
          [2, 1],
        ],
      }),
    ).toEqual([
      [2, 1],
      [1, 2],
    ]);
  });

  it('treats objects with reordered keys as duplicates', () => {
    // Observed on AWS (States.ArrayUnique-008).
    expect(
      run('States.ArrayUnique($.a)', {
        a: [
          { a: 1, b: 2 },
          { b: 2, a: 1 },
        ],
      }),
    ).toEqual([{ a: 1, b: 2 }]);
  });

  it('fails when the argument is not an array', () => {
    expectInvalidArguments("States.ArrayUnique('not-array')", 'States.ArrayUnique');
  });
});
