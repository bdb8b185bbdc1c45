import { z } from 'zod';
import { AssignSchema, baseStateFields, JsonValueSchema, jsonPathIoFields } from '../common.js';

/**
 * A Succeed state: ends the execution (or the branch or iteration) successfully.
 *
 * @see https://states-language.net/spec.html#succeed-state
 */
export const SucceedStateSchema = z.strictObject({
  Type: z.literal('Succeed'),
  ...baseStateFields,
  ...jsonPathIoFields,
  Output: JsonValueSchema.optional(),
  Assign: AssignSchema.optional(),
});
/** A parsed Succeed state. */
export type SucceedState = z.output<typeof SucceedStateSchema>;
