/**
 * One API action: the zod schema of its request and the function that runs it.
 */
import type { z } from 'zod';
import type { ApiContext } from './context.js';

/** An action of the API. */
export interface ActionDefinition<Request> {
  readonly request: z.ZodType<Request, unknown>;
  run(context: ApiContext, request: Request): Promise<unknown>;
}

/** Step Functions' JSON protocol sends timestamps as epoch seconds. */
export function epochSeconds(iso: string): number {
  return Date.parse(iso) / 1000;
}

/** `epochSeconds` of an optional date. */
export function optionalEpochSeconds(iso: string | undefined): number | undefined {
  return iso === undefined ? undefined : epochSeconds(iso);
}
