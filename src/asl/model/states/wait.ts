import { z } from 'zod';
import {
  baseStateFields,
  JsonataStringSchema,
  jsonataIoFields,
  jsonPathIoFields,
  PathSchema,
  transitionFields,
} from '../common.js';

/**
 * A Wait state: waits a number of seconds or until a timestamp; exactly one of `Seconds`,
 * `SecondsPath`, `Timestamp`, `TimestampPath` (checked by validation).
 *
 * @see https://states-language.net/spec.html#wait-state
 */
export const WaitStateSchema = z.strictObject({
  Type: z.literal('Wait'),
  ...baseStateFields,
  ...transitionFields,
  ...jsonPathIoFields,
  ...jsonataIoFields,
  Seconds: z
    .union([z.number().int('must be a whole number').min(0, 'must not be negative').max(99999999), JsonataStringSchema])
    .optional(),
  SecondsPath: PathSchema.optional(),
  /** An RFC 3339 timestamp, e.g. `2026-01-01T00:00:00Z`, or a JSONata expression. */
  Timestamp: z.string().optional(),
  TimestampPath: PathSchema.optional(),
});
/** A parsed Wait state. */
export type WaitState = z.output<typeof WaitStateSchema>;
