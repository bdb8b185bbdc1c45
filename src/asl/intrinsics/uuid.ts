/**
 * `States.UUID()`: a version 4 UUID, from the injected {@link IntrinsicEnv.uuid}.
 *
 * AWS ignores arguments given to it (`States.UUID('x')` still returns a UUID), and so does this.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#statesuuid
 */
import type { IntrinsicFunction } from './function.js';

/** `States.UUID`: no arguments (extra ones are ignored). */
export const statesUuid: IntrinsicFunction = {
  name: 'States.UUID',
  minArgs: 0,
  maxArgs: Number.POSITIVE_INFINITY,
  evaluate(_args, env) {
    return env.uuid();
  },
};
