import type { JsonataBindings, JsonataEnv } from '../../../src/asl/jsonata/index.js';

/** 2024-01-02T03:04:05.006Z, the engine clock in these tests. */
export const NOW_MS = Date.UTC(2024, 0, 2, 3, 4, 5, 6);

/** A deterministic environment: fixed clock, a counter of UUIDs, a fixed random number. */
export function testEnv(overrides: Partial<JsonataEnv> = {}): JsonataEnv {
  let uuids = 0;
  return {
    uuid: () => `00000000-0000-4000-8000-${String(++uuids).padStart(12, '0')}`,
    random: () => 0.25,
    now: () => NOW_MS,
    ...overrides,
  };
}

/** Bindings with the given input, variables and extra `$states` members. */
export function bindingsOf(
  input: unknown,
  variables: Record<string, unknown> = {},
  states: Partial<JsonataBindings['states']> = {},
): JsonataBindings {
  return { states: { input, context: { Execution: { Id: 'exec-1' } }, ...states }, variables };
}
