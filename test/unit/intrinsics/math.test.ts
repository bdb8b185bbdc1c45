import { describe, expect, it } from 'vitest';
import { expectInvalidArguments, fixedEnv, run } from './helpers.js';

describe('States.MathAdd', () => {
  it('adds two integers when given numbers', () => {
    // BASE_ASSIGN_FROM_INTRINSIC_FUNCTION: 5 + 3; v2_scenarios_…_test_map_state_config_distributed_reentrant: MathAdd($.Iterations, -1)
    expect(run('States.MathAdd($.value1, $.value2)', { value1: 5, value2: 3 })).toBe(8);
    expect(run('States.MathAdd($.Iterations, -1)', { Iterations: 1 })).toBe(0);
    expect(run('States.MathAdd(States.MathAdd($.x, 1), 2)', { x: 5 })).toBe(8);
  });

  it('rounds fractional operands to the nearest integer before adding', () => {
    // AWS docs: non-integers are rounded; observed on AWS: 1.6 + 2.7 = 5, 0.1 + 0.2 = 0 (tiny-asl-machine States.MathAdd-005, -006).
    expect(run('States.MathAdd($.a, $.b)', { a: 1.6, b: 2.7 })).toBe(5);
    expect(run('States.MathAdd($.a, $.b)', { a: 0.1, b: 0.2 })).toBe(0);
  });

  it('accepts the 32-bit bounds and fails when an operand or the sum leaves them', () => {
    // AWS docs: integers between -2147483648 and 2147483647; observed on AWS (States.MathAdd-009 … -016).
    expect(run('States.MathAdd(2147483646, 1)')).toBe(2147483647);
    expect(run('States.MathAdd(-2147483647, -1)')).toBe(-2147483648);
    expectInvalidArguments('States.MathAdd(2147483647, 1)', 'States.MathAdd');
    expectInvalidArguments('States.MathAdd(-2147483648, -1)', 'States.MathAdd');
    expectInvalidArguments('States.MathAdd(3000000000, 1)', 'States.MathAdd');
  });

  it('fails when an operand is not a number', () => {
    // Observed on AWS (States.MathAdd-017, -019, -020, -031).
    for (const text of [
      "States.MathAdd('a', 1)",
      'States.MathAdd(null, 1)',
      'States.MathAdd(true, 1)',
      "States.MathAdd('-1', 2)",
    ]) {
      expectInvalidArguments(text, 'States.MathAdd');
    }
  });

  it('fails at run time when an argument is missing', () => {
    // Observed on AWS (States.MathAdd-021).
    expectInvalidArguments('States.MathAdd(1)', 'States.MathAdd');
  });
});

describe('States.MathRandom', () => {
  it('draws start + floor(random * (end - start)) from the injected source when no seed is given', () => {
    // AWS docs: a random number between start (inclusive) and end (exclusive).
    expect(run('States.MathRandom($.start, $.end)', { start: 1, end: 999 })).toBe(500);
    expect(run('States.MathRandom(1, 10)', {}, { env: { ...fixedEnv, random: () => 0 } })).toBe(1);
    expect(run('States.MathRandom(1, 10)', {}, { env: { ...fixedEnv, random: () => 0.999999 } })).toBe(9);
  });

  it('truncates fractional bounds when they are not integers', () => {
    // Observed on AWS: (1.6, 5.4) can give 1, (1.4, 1.6) fails (tiny-asl-machine States.MathRandom-007, -008).
    expect(run('States.MathRandom(1.6, 5.4)', {}, { env: { ...fixedEnv, random: () => 0 } })).toBe(1);
    expectInvalidArguments('States.MathRandom(1.4, 1.6)', 'States.MathRandom');
  });

  it('gives the same number for the same seed whatever the injected source says', () => {
    // AWS docs: "if you use this function with the same seed value, it returns identical numbers".
    // With a seed the draw is new java.util.Random(seed).nextInt(end - start): JDK 17 gives 0 for seed 42, bound 10.
    const a = run('States.MathRandom(1, 11, 42)', {}, { env: { ...fixedEnv, random: () => 0.1 } });
    const b = run('States.MathRandom(1, 11, 42)', {}, { env: { ...fixedEnv, random: () => 0.9 } });
    expect(a).toBe(1);
    expect(b).toBe(1);
    expect(run('States.MathRandom(0, 1000, -10)')).toBe(283);
  });

  it('fails when the bounds are equal or reversed or an argument is not a number', () => {
    // Observed on AWS (States.MathRandom-004, -005, -010, -012, -018).
    for (const text of [
      'States.MathRandom(1, 1)',
      'States.MathRandom(10, 5)',
      "States.MathRandom('a', 10)",
      "States.MathRandom(1, 10, 'seed')",
      'States.MathRandom(1, 10, null)',
    ]) {
      expectInvalidArguments(text, 'States.MathRandom');
    }
  });
});
