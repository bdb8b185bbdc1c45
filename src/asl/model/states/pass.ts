import { z } from 'zod';
import {
  baseStateFields,
  JsonValueSchema,
  jsonataIoFields,
  jsonPathIoFields,
  NullablePathSchema,
  transitionFields,
} from '../common.js';

/**
 * A Pass state: passes its input to its output, optionally injecting a fixed `Result`.
 *
 * @see https://states-language.net/spec.html#pass-state
 */
export const PassStateSchema = z.strictObject({
  Type: z.literal('Pass'),
  ...baseStateFields,
  ...transitionFields,
  ...jsonPathIoFields,
  ...jsonataIoFields,
  Parameters: JsonValueSchema.optional(),
  Result: JsonValueSchema.optional(),
  ResultPath: NullablePathSchema.optional(),
});
/** A parsed Pass state. */
export type PassState = z.output<typeof PassStateSchema>;
