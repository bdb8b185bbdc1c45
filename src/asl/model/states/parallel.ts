import { z } from 'zod';
import {
  baseStateFields,
  errorHandlingFields,
  JsonValueSchema,
  jsonataIoFields,
  jsonPathIoFields,
  NullablePathSchema,
  transitionFields,
} from '../common.js';
import type { StateMachine } from '../state-machine.js';

/** The fields of a Parallel state; `Branches` holds nested state machines. */
export function parallelStateSchema(branch: z.ZodType<StateMachine>) {
  return z.strictObject({
    Type: z.literal('Parallel'),
    ...baseStateFields,
    ...transitionFields,
    ...jsonPathIoFields,
    ...jsonataIoFields,
    ...errorHandlingFields,
    Branches: z.array(branch).min(1, 'must hold at least one branch'),
    Parameters: JsonValueSchema.optional(),
    ResultSelector: JsonValueSchema.optional(),
    ResultPath: NullablePathSchema.optional(),
    Arguments: JsonValueSchema.optional(),
  });
}

/**
 * A Parallel state: runs every branch on the same input and outputs the array of their outputs.
 *
 * @see https://states-language.net/spec.html#parallel-state
 */
export type ParallelState = Omit<z.output<ReturnType<typeof parallelStateSchema>>, 'Branches'> & {
  Branches: StateMachine[];
};
