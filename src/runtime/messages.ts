/**
 * Step messages on the wire: JSON, validated on receipt so that a malformed body is a clear poison
 * message, never a crash in the middle of a step.
 */
import { z } from 'zod';
import type { StepMessage } from './ports.js';

const base = { executionArn: z.string().min(1) };
const framed = { ...base, frameId: z.string().min(1), version: z.number().int().min(0) };

const StepMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('run'), ...framed }),
  z.object({ kind: z.literal('timer'), ...framed, dueAt: z.number() }),
  z.object({ kind: z.literal('taskTimeout'), ...framed, dueAt: z.number(), heartbeat: z.boolean() }),
  z.object({
    kind: z.literal('job'),
    ...framed,
    resource: z.string().min(1),
    job: z.unknown(),
    poll: z.number().int().min(0).optional(),
  }),
  z.object({ kind: z.literal('callback'), ...framed, token: z.string().min(1) }),
  z.object({ kind: z.literal('join'), ...framed }),
  z.object({ kind: z.literal('executionTimeout'), ...base, dueAt: z.number() }),
  z.object({
    kind: z.literal('historyLimit'),
    ...base,
    limit: z.number().int().min(1),
    frameId: z.string().min(1).optional(),
  }),
]);

/** A message body that is not a step message. */
export class MalformedMessageError extends Error {
  constructor(reason: string) {
    super(`Malformed step message: ${reason}`);
    this.name = 'MalformedMessageError';
  }
}

/** Parses a message body; throws {@link MalformedMessageError} with the reason. */
export function parseStepMessage(body: string): StepMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new MalformedMessageError(`not JSON (${(error as Error).message})`);
  }
  const parsed = StepMessageSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MalformedMessageError(`${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data as StepMessage;
}

/** Serialises a message body. */
export function serializeStepMessage(message: StepMessage): string {
  return JSON.stringify(message);
}
