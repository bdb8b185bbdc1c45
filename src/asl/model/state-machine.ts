/**
 * The state machine model: a top-level definition, a Parallel branch or a Map processor.
 *
 * @see https://states-language.net/spec.html#toplevelfields
 */
import { z } from 'zod';
import { MAX_STATE_NAME_LENGTH, QueryLanguageSchema } from './common.js';
import type { ChoiceState } from './states/choice.js';
import { ChoiceStateSchema } from './states/choice.js';
import type { FailState } from './states/fail.js';
import { FailStateSchema } from './states/fail.js';
import type { ItemProcessor, MapState } from './states/map.js';
import { mapStateSchema, ProcessorConfigSchema } from './states/map.js';
import type { ParallelState } from './states/parallel.js';
import { parallelStateSchema } from './states/parallel.js';
import type { PassState } from './states/pass.js';
import { PassStateSchema } from './states/pass.js';
import type { SucceedState } from './states/succeed.js';
import { SucceedStateSchema } from './states/succeed.js';
import type { TaskState } from './states/task.js';
import { TaskStateSchema } from './states/task.js';
import type { WaitState } from './states/wait.js';
import { WaitStateSchema } from './states/wait.js';

/** Any parsed state, discriminated by `Type`. */
export type State =
  | PassState
  | TaskState
  | ChoiceState
  | WaitState
  | SucceedState
  | FailState
  | ParallelState
  | MapState;

/** The eight state types. */
export type StateType = State['Type'];

/** A state machine: `StartAt` and `States`, and at the top level `Version`, `TimeoutSeconds`, `QueryLanguage`. */
export interface StateMachine {
  StartAt: string;
  States: Record<string, State>;
  Comment?: string | undefined;
  Version?: string | undefined;
  TimeoutSeconds?: number | undefined;
  QueryLanguage?: 'JSONPath' | 'JSONata' | undefined;
}

/** A state's name: 1 to 80 characters. */
const StateNameSchema = z
  .string()
  .min(1, 'a state name must not be empty')
  .max(MAX_STATE_NAME_LENGTH, `a state name must be at most ${MAX_STATE_NAME_LENGTH} characters`);

const stateSchemaCache: { value?: z.ZodType<State> } = {};

function statesOf(): z.ZodType<Record<string, State>> {
  return z.record(
    StateNameSchema,
    z.lazy(() => stateSchemaCache.value as z.ZodType<State>),
  );
}

/** A Parallel branch: a nested state machine. */
export const BranchSchema: z.ZodType<StateMachine> = z.lazy(() =>
  z.strictObject({
    StartAt: z.string().min(1),
    States: statesOf(),
    Comment: z.string().optional(),
  }),
);

/** A Map `ItemProcessor` (or legacy `Iterator`). */
export const ItemProcessorSchema: z.ZodType<ItemProcessor> = z.lazy(() =>
  z.strictObject({
    StartAt: z.string().min(1),
    States: statesOf(),
    Comment: z.string().optional(),
    ProcessorConfig: ProcessorConfigSchema.optional(),
  }),
);

/** Any state, discriminated by `Type`. */
export const StateSchema: z.ZodType<State> = z.discriminatedUnion('Type', [
  PassStateSchema,
  TaskStateSchema,
  ChoiceStateSchema,
  WaitStateSchema,
  SucceedStateSchema,
  FailStateSchema,
  parallelStateSchema(BranchSchema),
  mapStateSchema(ItemProcessorSchema),
]) as z.ZodType<State>;
stateSchemaCache.value = StateSchema;

/**
 * A top-level state machine definition.
 *
 * @example
 * StateMachineSchema.parse({ StartAt: 'Hello', States: { Hello: { Type: 'Pass', End: true } } });
 */
export const StateMachineSchema: z.ZodType<StateMachine> = z.strictObject({
  Comment: z.string().optional(),
  StartAt: z.string().min(1, 'must name the first state'),
  States: statesOf(),
  Version: z.string().optional(),
  TimeoutSeconds: z.number().int('must be a whole number').min(1).max(99999999).optional(),
  QueryLanguage: QueryLanguageSchema.optional(),
});
