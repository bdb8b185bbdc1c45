/** Shared fixtures for the intrinsic function tests. */
import { expect } from 'vitest';
import { StatesError } from '../../../src/asl/errors.js';
import { evaluateIntrinsic, type IntrinsicEnv } from '../../../src/asl/intrinsics/index.js';

/** A fixed environment: every UUID is the same, every random draw is 0.5. */
export const fixedEnv: IntrinsicEnv = {
  uuid: () => '0d553bbc-e4c4-492f-9196-382a58481210',
  random: () => 0.5,
};

/** Evaluates `text` with `input` as `$`, a Context object whose Execution.Input is `input`. */
export function run(
  text: string,
  input: unknown = {},
  options: { context?: unknown; variables?: Record<string, unknown>; env?: IntrinsicEnv } = {},
): unknown {
  const context = options.context ?? { Execution: { Input: input } };
  return evaluateIntrinsic(text, { input, context, variables: options.variables ?? {} }, options.env ?? fixedEnv);
}

/** The StatesError that evaluating `text` throws. */
export function failure(text: string, input: unknown = {}): StatesError {
  try {
    run(text, input);
  } catch (error) {
    expect(error).toBeInstanceOf(StatesError);
    return error as StatesError;
  }
  throw new Error(`expected ${text} to fail`);
}

/** Asserts that `text` fails as AWS's `Invalid arguments in <name>` for the whole expression. */
export function expectInvalidArguments(text: string, name: string, input: unknown = {}): void {
  const error = failure(text, input);
  expect(error.error).toBe('States.Runtime');
  expect(error.cause).toBe(
    `There was an error while evaluating the intrinsic function: ${text}. Invalid arguments in ${name}`,
  );
}
