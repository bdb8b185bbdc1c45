import { z } from 'zod';
import { ChoiceRuleSchema } from '../choice-rule.js';
import { AssignSchema, baseStateFields, JsonValueSchema, jsonPathIoFields } from '../common.js';

/**
 * A Choice state: picks the first rule that matches, else `Default`, else fails with
 * `States.NoChoiceMatched`.
 *
 * @see https://states-language.net/spec.html#choice-state
 */
export const ChoiceStateSchema = z.strictObject({
  Type: z.literal('Choice'),
  ...baseStateFields,
  ...jsonPathIoFields,
  Choices: z.array(ChoiceRuleSchema).min(1, 'must hold at least one rule'),
  Default: z.string().min(1).optional(),
  Output: JsonValueSchema.optional(),
  Assign: AssignSchema.optional(),
});
/** A parsed Choice state. */
export type ChoiceState = z.output<typeof ChoiceStateSchema>;
