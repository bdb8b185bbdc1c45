import { describe, expect, it } from 'vitest';
import { evaluateJsonata, type JsonataEvaluationError } from '../../../src/asl/jsonata/index.js';
import { bindingsOf, testEnv } from './fixtures.js';

async function reasonOf(text: string): Promise<string | undefined> {
  try {
    await evaluateJsonata(text, bindingsOf({}), testEnv(), { field: 'Output/r' });
  } catch (err) {
    return (err as JsonataEvaluationError).reason;
  }
  return undefined;
}

// The bounds and messages below were measured on AWS by the Floci project (floci-io/floci#2737):
// "[1..900000] ~> $count()" and a 200-term "1+1+…" fail, with these messages and no JSONata code.
describe('JSONata evaluation limits', () => {
  it('refuses a value larger than 873,782 numbers', async () => {
    expect(await reasonOf('{% [1..873783] ~> $count() %}')).toBe(
      'threw an error during evaluation: Expression evaluation memory limit exceeded: Check for excessive memory usage',
    );
  });

  it('accepts a value of 873,782 numbers', async () => {
    expect(await evaluateJsonata('{% [1..873782] ~> $count() %}', bindingsOf({}), testEnv())).toBe(873782);
  });

  it('refuses evaluation nested deeper than 100', async () => {
    const expression = Array.from({ length: 200 }, () => '1').join('+');
    expect(await reasonOf(`{% ${expression} %}`)).toBe(
      'threw an error during evaluation: Stack overflow error: Check for non-terminating recursive function. Consider rewriting as tail-recursive.',
    );
  });

  it('accepts a moderately nested expression', async () => {
    const expression = Array.from({ length: 40 }, () => '1').join('+');
    expect(await evaluateJsonata(`{% ${expression} %}`, bindingsOf({}), testEnv())).toBe(40);
  });

  it('refuses a runaway recursion without relying on a clock', async () => {
    expect(await reasonOf('{% ($f := function($x){ $f($x + 1) }; $f(1)) %}')).toBe(
      'threw an error during evaluation: Expression evaluation timeout: Check for infinite loop',
    );
  });

  it('refuses a range too large to build before building it', async () => {
    expect(await reasonOf('{% $range(0, 100000000, 1) %}')).toBe(
      'threw an error during evaluation: Expression evaluation memory limit exceeded: Check for excessive memory usage',
    );
  });
});
