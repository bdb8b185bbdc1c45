import { describe, expect, it } from 'vitest';
import { evaluateJsonata, type JsonataEvaluationError } from '../../../src/asl/jsonata/index.js';
import { bindingsOf, NOW_MS, testEnv } from './fixtures.js';

async function run(text: string, input: unknown = {}, env = testEnv()): Promise<unknown> {
  return evaluateJsonata(text, bindingsOf(input), env, { field: 'Output' });
}

async function causeOf(text: string, input: unknown = {}): Promise<string | undefined> {
  try {
    await run(text, input);
  } catch (err) {
    return (err as JsonataEvaluationError).cause;
  }
  throw new Error(`expected ${text} to fail`);
}

const PARTITION = '{% $partition($states.input.FunctionInput.fst, $states.input.FunctionInput.snd) %}';

describe('$partition', () => {
  // v2_intrinsic_functions_test_array_jsonata__TestArrayJSONata_test_array_partition_e0 … e19
  it.each([
    ['e0', [0], 1, [[0]]],
    ['e1', [0], 2, [[0]]],
    ['e2', [0], 3, [[0]]],
    ['e3', [0], 4, [[0]]],
    ['e4', [0], 5, [[0]]],
    ['e5', [0, 1], 1, [[0], [1]]],
    ['e6', [0, 1], 2, [[0, 1]]],
    ['e7', [0, 1], 3, [[0, 1]]],
    ['e8', [0, 1], 4, [[0, 1]]],
    ['e9', [0, 1], 5, [[0, 1]]],
    ['e10', [0, 1, 2], 1, [[0], [1], [2]]],
    ['e11', [0, 1, 2], 2, [[0, 1], [2]]],
    ['e12', [0, 1, 2], 3, [[0, 1, 2]]],
    ['e13', [0, 1, 2], 4, [[0, 1, 2]]],
    ['e14', [0, 1, 2], 5, [[0, 1, 2]]],
    ['e15', [0, 1, 2, 3], 1, [[0], [1], [2], [3]]],
    [
      'e16',
      [0, 1, 2, 3],
      2,
      [
        [0, 1],
        [2, 3],
      ],
    ],
    ['e17', [0, 1, 2, 3], 3, [[0, 1, 2], [3]]],
    ['e18', [0, 1, 2, 3], 4, [[0, 1, 2, 3]]],
    ['e19', [0, 1, 2, 3], 5, [[0, 1, 2, 3]]],
  ])('returns the chunks recorded in test_array_partition_%s when given %j by %i', async (_id, fst, snd, expected) => {
    expect(await run(PARTITION, { FunctionInput: { fst, snd } })).toEqual(expected);
  });

  // Measured on AWS by the Floci project (floci-io/floci#2676): a negative chunk size is D3137.
  it('throws D3137 when the chunk size is negative', async () => {
    expect(await causeOf('{% $partition([1, 2], -2) %}')).toBe(
      "The JSONata expression '$partition([1, 2], -2)' specified for the field 'Output' threw an error during evaluation. D3137: Second argument must be zero or greater",
    );
  });

  it('returns the whole array as one chunk when the chunk size is missing', async () => {
    expect(await run('{% $partition([1, 2, 3]) %}')).toEqual([[1, 2, 3]]);
  });

  it('throws T0410 naming argument 2 when the chunk size is not a number', async () => {
    expect(await causeOf("{% $partition([1, 2], 'x') %}")).toMatch(
      /T0410: Argument 2 of function "partition" does not match function signature$/,
    );
  });
});

const RANGE =
  '{% $range($states.input.FunctionInput.fst, $states.input.FunctionInput.snd, $states.input.FunctionInput.trd) %}';

describe('$range', () => {
  // v2_intrinsic_functions_test_array_jsonata__TestArrayJSONata_test_array_range_e0 … e3
  it.each([
    ['e0', 0, 9, 3, [0, 3, 6, 9]],
    ['e1', 0, 10, 3, [0, 3, 6, 9]],
    ['e2', 1, 9, 9, 1],
    ['e3', 1, 9, 2, [1, 3, 5, 7, 9]],
  ])('returns the values recorded in test_array_range_%s for (%i, %i, %i)', async (_id, fst, snd, trd, expected) => {
    expect(await run(RANGE, { FunctionInput: { fst, snd, trd } })).toEqual(expected);
  });

  it('counts down when the step is negative', async () => {
    expect(await run('{% $range(10, 0, -5) %}')).toEqual([10, 5, 0]);
  });

  it('returns nothing when the step points away from the end', async () => {
    expect(await causeOf('{% $range(0, 10, -1) %}')).toMatch(/returned nothing \(undefined\)\.$/);
  });
});

describe('$parse', () => {
  // v2_intrinsic_functions_test_json_manipulation_jsonata__TestJsonManipulationJSONata_test_parse_e0 … e6
  it.each([
    ['e0', '-0', 0],
    ['e1', '1', 1],
    ['e2', '1.1', 1.1],
    ['e3', 'true', true],
    ['e4', '"HelloWorld"', 'HelloWorld'],
    ['e5', '[1, 2, "HelloWorld"]', [1, 2, 'HelloWorld']],
    ['e6', '{"Arg1": 1, "Arg2": []}', { Arg1: 1, Arg2: [] }],
  ])('returns the value recorded in test_parse_%s for %j', async (_id, text, expected) => {
    const value = await run('{% $parse($states.input.FunctionInput) %}', { FunctionInput: text });
    expect(value).toEqual(expected);
    expect(Object.is(value, -0)).toBe(false);
  });

  it('throws D3137 Invalid JSON when the text is not JSON or repeats a key', async () => {
    expect(await causeOf("{% $parse('{') %}")).toMatch(/\. D3137: Invalid JSON$/);
    expect(await causeOf('{% $parse(\'{"a": 1, "a": 2}\') %}')).toMatch(/\. D3137: Invalid JSON$/);
    expect(await causeOf("{% $parse('') %}")).toMatch(/\. D3137: Invalid JSON$/);
  });

  it('reads a nested JSON string so its fields can be selected', async () => {
    expect(await run('{% $parse($states.input.Output).a %}', { Output: '{"a":{"b":[1,2]}}' })).toEqual({ b: [1, 2] });
  });
});

describe('$hash', () => {
  // $hash is documented as the JSONata equivalent of States.Hash; the digests are those recorded for
  // v2_intrinsic_functions_test_hash_calculations__TestHashCalculations_test_hash_e0 … e4.
  it.each([
    ['MD5', '812f45842bc6d66ee14572ce20db8e86'],
    ['SHA-1', 'aaff4a450a104cd177d28d18d74485e8cae074b7'],
    ['SHA-256', 'b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3'],
    ['SHA-384', 'd28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562'],
    [
      'SHA-512',
      '6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4',
    ],
  ])('returns the %s digest AWS records for "input data"', async (algorithm, digest) => {
    expect(
      await run('{% $hash($states.input.data, $states.input.algorithm) %}', { data: 'input data', algorithm }),
    ).toBe(digest);
  });

  it('throws D3137 naming the accepted algorithms when the algorithm is unknown', async () => {
    expect(await causeOf("{% $hash('x', 'sha-256') %}")).toMatch(
      /\. D3137: Hash algorithm 'sha-256' must be one of SHA-1, SHA-384, SHA-256, SHA-512, MD5$/,
    );
  });

  it('throws T0410 naming argument 1 when the value is not a string', async () => {
    expect(await causeOf("{% $hash(1, 'MD5') %}")).toMatch(/T0410: Argument 1 of function "hash" does not match/);
  });
});

describe('$random', () => {
  // Measured on AWS by the Floci project (floci-io/floci#2662): $random(42) is java.util.Random(42).nextDouble().
  it('returns java.util.Random(seed).nextDouble() when given a seed', async () => {
    expect(await run('{% $random(42) %}')).toBe(0.7275636800328681);
  });

  it('returns the same number for the same seed', async () => {
    expect(await run('{% $random(7) = $random(7) %}')).toBe(true);
  });

  it('draws from the injected source when given no seed', async () => {
    expect(await run('{% $random() %}', {}, testEnv({ random: () => 0.125 }))).toBe(0.125);
  });

  // v2_intrinsic_functions_test_math_operations_jsonata__TestMathOperationsJSONata_test_math_random_seeded
  it('fails with T1006 when the workflow calls a function AWS does not define', async () => {
    const err = await evaluateJsonata(
      '{% $randomSeeded($states.input.FunctionInput.fst) %}',
      bindingsOf({ FunctionInput: 'fst' }),
      testEnv(),
      { field: 'Output/FunctionResult', state: { name: 'State_0', enteredEventId: 2 } },
    ).catch((e: unknown) => e as JsonataEvaluationError);
    expect(err).toMatchObject({
      error: 'States.QueryEvaluationError',
      cause:
        "An error occurred while executing the state 'State_0' (entered at the event id #2). The JSONata expression '$randomSeeded($states.input.FunctionInput.fst)' specified for the field 'Output/FunctionResult' threw an error during evaluation. T1006: Attempted to invoke a non-function",
    });
  });
});

describe('$uuid', () => {
  it('returns UUIDs from the injected source, in evaluation order', async () => {
    expect(await run('{% [$uuid(), $uuid()] %}')).toEqual([
      '00000000-0000-4000-8000-000000000001',
      '00000000-0000-4000-8000-000000000002',
    ]);
  });

  it('throws T0410 when given an argument', async () => {
    expect(await causeOf('{% $uuid(1) %}')).toMatch(/T0410: Argument 1 of function "uuid" does not match/);
  });
});

describe('$now and $millis', () => {
  it('return the engine clock, not the wall clock', async () => {
    expect(await run('{% $now() %}')).toBe('2024-01-02T03:04:05.006Z');
    expect(await run('{% $millis() %}')).toBe(NOW_MS);
  });

  it('format the engine clock with a picture', async () => {
    expect(await run("{% $now('[Y0001]-[M01]-[D01]') %}")).toBe('2024-01-02');
  });

  it('read the clock once per evaluation', async () => {
    let ticks = 0;
    const env = testEnv({ now: () => NOW_MS + ticks++ });
    expect(await run('{% $millis() = $millis() %}', {}, env)).toBe(true);
    expect(ticks).toBe(1);
  });

  it('fill a partial $toMillis picture from the engine clock', async () => {
    expect(await run("{% $toMillis('10:00', '[H01]:[m01]') %}")).toBe(Date.UTC(2024, 0, 2, 10, 0));
  });
});

describe('$eval', () => {
  // AWS disables $eval (AWS docs; measured by the Floci project as T1006).
  it('fails with T1006 because AWS disables it', async () => {
    expect(await causeOf("{% $eval('1 + 1') %}")).toBe(
      "The JSONata expression '$eval('1 + 1')' specified for the field 'Output' threw an error during evaluation. T1006: Attempted to invoke a non-function",
    );
  });
});

describe('$shuffle', () => {
  it('draws from the injected source, so the same source gives the same order', async () => {
    const env = testEnv({ random: () => 0 });
    expect(await run('{% $shuffle([1, 2, 3]) %}', {}, env)).toEqual([2, 3, 1]);
  });
});
