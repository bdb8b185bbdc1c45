import { z } from 'zod';
import { baseStateFields, PathSchema } from '../common.js';

/**
 * A Fail state: ends the execution with an error and a cause, fixed or taken from the input.
 *
 * @see https://states-language.net/spec.html#fail-state
 */
export const FailStateSchema = z.strictObject({
  Type: z.literal('Fail'),
  ...baseStateFields,
  Error: z.string().optional(),
  ErrorPath: PathSchema.optional(),
  Cause: z.string().optional(),
  CausePath: PathSchema.optional(),
});
/** A parsed Fail state. */
export type FailState = z.output<typeof FailStateSchema>;
