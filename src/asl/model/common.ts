/**
 * Fields and building blocks shared by several ASL state types.
 *
 * The schemas describe the JSON exactly as the Amazon States Language defines it — field names stay
 * verbatim — and fill in the defaults the specification gives, so that nothing downstream reads raw
 * definition JSON.
 *
 * @see https://states-language.net/spec.html
 */
import { z } from 'zod';

/** The two query languages of ASL. */
export const QueryLanguageSchema = z.enum(['JSONPath', 'JSONata']);
/** `JSONPath` (the default) or `JSONata`. */
export type QueryLanguage = z.infer<typeof QueryLanguageSchema>;

/** AWS's limit on the length of a state name. */
export const MAX_STATE_NAME_LENGTH = 80;

/** A JSONata expression string: `{% … %}`, the whole string. */
export const JSONATA_EXPRESSION = /^\{%[\s\S]*%\}$/;

/** A string that holds a JSONata expression (`{% … %}`). Its syntax is checked by validation. */
export const JsonataStringSchema = z.string().regex(JSONATA_EXPRESSION, 'must be a JSONata expression {% … %}');

/** A JSONPath (its syntax is checked by validation, which knows the field's kind of path). */
export const PathSchema = z.string();

/** `InputPath`/`OutputPath`/`ResultPath`: a path, or `null` to discard. */
export const NullablePathSchema = z.string().nullable();

/** Any JSON value: payload templates, `Result`, `Output`, `Arguments`, `Assign` values. */
export const JsonValueSchema: z.ZodType<unknown> = z.unknown();

/** A positive whole number of seconds, as timeouts and intervals take them (AWS caps them at 99999999). */
export const PositiveSecondsSchema = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(99999999);

/** A non-negative whole number (`MaxConcurrency`, `ToleratedFailureCount`, …). */
export const NonNegativeIntSchema = z
  .number()
  .int('must be a whole number')
  .min(0, 'must not be negative')
  .max(99999999);

/** `Assign`: variable names to values (JSONPath templates or JSONata expressions). */
export const AssignSchema = z.record(z.string(), JsonValueSchema);

/**
 * A `Retry` rule (a retrier).
 *
 * @see https://states-language.net/spec.html#retrying-after-error
 */
export const RetrierSchema = z.strictObject({
  ErrorEquals: z.array(z.string().min(1)).min(1, 'must name at least one error'),
  /** Seconds before the first retry. @default 1 */
  IntervalSeconds: PositiveSecondsSchema.default(1),
  /** Retries after the first attempt; 0 means never retry. @default 3 */
  MaxAttempts: NonNegativeIntSchema.default(3),
  /** Multiplier of the interval after each attempt. @default 2.0 */
  BackoffRate: z.number().min(1, 'must be at least 1.0').default(2),
  /** Cap on any single interval, in seconds. */
  MaxDelaySeconds: z.number().int('must be a whole number').min(1).max(31622400).optional(),
  /** `FULL` randomises each interval between 0 and its computed value. @default 'NONE' */
  JitterStrategy: z.enum(['FULL', 'NONE']).default('NONE'),
  Comment: z.string().optional(),
});
/** A retrier with the specification's defaults filled in. */
export type Retrier = z.output<typeof RetrierSchema>;

/**
 * A `Catch` rule (a catcher).
 *
 * @see https://states-language.net/spec.html#fallback-states
 */
export const CatcherSchema = z.strictObject({
  ErrorEquals: z.array(z.string().min(1)).min(1, 'must name at least one error'),
  Next: z.string().min(1),
  ResultPath: NullablePathSchema.optional(),
  Output: JsonValueSchema.optional(),
  Assign: AssignSchema.optional(),
  Comment: z.string().optional(),
});
/** A catcher. */
export type Catcher = z.output<typeof CatcherSchema>;

/** Fields every state has. */
export const baseStateFields = {
  Comment: z.string().optional(),
  QueryLanguage: QueryLanguageSchema.optional(),
};

/** `Next` and `End`: exactly one is required on non-terminal states (checked by validation). */
export const transitionFields = {
  Next: z.string().min(1).optional(),
  End: z.boolean().optional(),
};

/** JSONPath input and output processing. */
export const jsonPathIoFields = {
  InputPath: NullablePathSchema.optional(),
  OutputPath: NullablePathSchema.optional(),
};

/** JSONata output and variables. */
export const jsonataIoFields = {
  Output: JsonValueSchema.optional(),
  Assign: AssignSchema.optional(),
};

/** Retry and Catch, on Task, Parallel and Map. */
export const errorHandlingFields = {
  Retry: z.array(RetrierSchema).optional(),
  Catch: z.array(CatcherSchema).optional(),
};

/** A whole number of seconds, or a JSONata expression that yields one (JSONata states). */
export const SecondsOrJsonataSchema = z.union([PositiveSecondsSchema, JsonataStringSchema]);
