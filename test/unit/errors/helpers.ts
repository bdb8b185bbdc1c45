/**
 * Helpers of the tests that check AWS's error wording on the embedded engine.
 */
import { expect } from 'vitest';
import { type TaskStub, type TestExecution, testWorkflow } from '../../../src/testing.js';

/** AWS's opening sentence of a state-scoped cause (the state was entered at event #2 in these tests). */
export function inState(state: string, cause: string, enteredEventId = 2): string {
  return `An error occurred while executing the state '${state}' (entered at the event id #${enteredEventId}). ${cause}`;
}

/** A machine of one state `S` (plus anything in `more`), run on `input`. */
export async function runOne(
  state: Record<string, unknown>,
  input: unknown,
  options: {
    language?: 'JSONPath' | 'JSONata';
    more?: Record<string, unknown>;
    tasks?: Record<string, TaskStub>;
  } = {},
): Promise<TestExecution> {
  const definition = {
    ...(options.language === undefined ? {} : { QueryLanguage: options.language }),
    StartAt: 'S',
    States: { S: state, ...options.more },
  };
  return testWorkflow(definition).run(input, { tasks: options.tasks ?? {} });
}

/** Asserts that the execution failed with `error` and exactly `cause`. */
export function expectFailure(execution: TestExecution, error: string, cause: string | undefined): void {
  expect({ status: execution.status, error: execution.error, cause: execution.cause }).toEqual({
    status: 'FAILED',
    error,
    cause,
  });
}
