import { z } from 'zod';
import {
  baseStateFields,
  errorHandlingFields,
  JsonValueSchema,
  jsonataIoFields,
  jsonPathIoFields,
  NullablePathSchema,
  PathSchema,
  SecondsOrJsonataSchema,
  transitionFields,
} from '../common.js';

/**
 * A Task state: runs the work its `Resource` names (a Lambda function ARN, or an integration such as
 * `arn:aws:states:::lambda:invoke`, optionally `.waitForTaskToken`).
 *
 * @see https://states-language.net/spec.html#task-state
 */
export const TaskStateSchema = z.strictObject({
  Type: z.literal('Task'),
  ...baseStateFields,
  ...transitionFields,
  ...jsonPathIoFields,
  ...jsonataIoFields,
  ...errorHandlingFields,
  Resource: z.string().min(1, 'must name a resource'),
  Parameters: JsonValueSchema.optional(),
  ResultSelector: JsonValueSchema.optional(),
  ResultPath: NullablePathSchema.optional(),
  Arguments: JsonValueSchema.optional(),
  /** Seconds the task may run before `States.Timeout`. @default 99999999 */
  TimeoutSeconds: SecondsOrJsonataSchema.optional(),
  TimeoutSecondsPath: PathSchema.optional(),
  /** Seconds between heartbeats before `States.HeartbeatTimeout`. */
  HeartbeatSeconds: SecondsOrJsonataSchema.optional(),
  HeartbeatSecondsPath: PathSchema.optional(),
  /** Cross-account credentials: `{ RoleArn }` or `{ "RoleArn.$": path }`. */
  Credentials: z.record(z.string(), JsonValueSchema).optional(),
});
/** A parsed Task state. */
export type TaskState = z.output<typeof TaskStateSchema>;
