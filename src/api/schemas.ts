/**
 * The API's request members, with the constraints Step Functions' API reference gives them
 * (lengths, ranges, enumerations). A request that breaks one is answered `ValidationException`;
 * a member of the wrong JSON type `SerializationException` (see http.ts).
 */
import { z } from 'zod';
import type { ActionDefinition } from './action.js';

/** An ARN member (1–256 characters in the reference; 2048 accepted). */
export const arn = z.string().min(1).max(2048);
/** A task token (1–2048). */
export const taskToken = z.string().min(1).max(2048);
/** A state machine, execution or activity name (checked by InvalidName rules too). */
export const name = z.string().min(1).max(80);
/** `maxResults` (0 means the default). */
export const maxResults = z.number().int().min(0).max(1000).optional();
/** `nextToken`. */
export const nextToken = z.string().min(1).max(1024).optional();
/** An execution input or task output: JSON text up to 256 KiB. */
export const payload = z.string().max(262_144);
/** An error name. */
export const error = z.string().max(256).optional();
/** An error cause. */
export const cause = z.string().max(32_768).optional();
/** A definition: JSON text up to 1 MiB. */
export const definition = z.string().min(1).max(1_048_576);
/** A state machine type. */
export const stateMachineType = z.enum(['STANDARD', 'EXPRESS']);
/** An execution status. */
export const executionStatus = z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']);
/** `tags`: key/value pairs. */
export const tags = z.array(z.object({ key: z.string().min(1).max(128), value: z.string().max(256) })).max(50);
/** A `routingConfiguration`. */
export const routingConfiguration = z
  .array(z.object({ stateMachineVersionArn: arn, weight: z.number().int().min(0).max(100) }))
  .min(1)
  .max(2);
/** A description (of a version or an alias). */
export const description = z.string().max(256).optional();
/** `loggingConfiguration`, kept as given. */
export const loggingConfiguration = z
  .object({
    level: z.enum(['ALL', 'ERROR', 'FATAL', 'OFF']).optional(),
    includeExecutionData: z.boolean().optional(),
    destinations: z
      .array(z.object({ cloudWatchLogsLogGroup: z.object({ logGroupArn: z.string() }).partial() }).partial())
      .optional(),
  })
  .optional();
/** `tracingConfiguration`, kept as given. */
export const tracingConfiguration = z.object({ enabled: z.boolean().optional() }).optional();

/** Defines an action: its request schema and what it does. */
export function action<S extends z.ZodType>(
  request: S,
  run: ActionDefinition<z.infer<S>>['run'],
): ActionDefinition<z.infer<S>> {
  return { request: request as unknown as z.ZodType<z.infer<S>, unknown>, run };
}

/** `maxResults` as a page size: 0 and absent mean the default (100). */
export function pageSize(value: number | undefined): number | undefined {
  return value === undefined || value === 0 ? undefined : value;
}

/** Tags in the API's list shape to a record. */
export function tagRecord(list: readonly { key: string; value: string }[] | undefined): Record<string, string> {
  return Object.fromEntries((list ?? []).map((t) => [t.key, t.value]));
}
