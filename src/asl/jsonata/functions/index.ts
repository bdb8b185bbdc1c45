/**
 * The functions Step Functions adds to JSONata (`$partition`, `$range`, `$hash`, `$random`,
 * `$uuid`, `$parse`), the clock functions rebound to the engine's time (`$now`, `$millis`),
 * `$shuffle` rebound to the engine's random source, and
 * `$eval`, which AWS disables: calling it raises `T1006: Attempted to invoke a non-function`
 * (measured by the Floci project).
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */

import type { JsonataEnv } from '../types.js';
import { notAFunctionError } from './function-error.js';
import { hash } from './hash.js';
import { parse } from './parse.js';
import { partition } from './partition.js';
import { randomFunction } from './random.js';
import { range } from './range.js';
import { shuffleFunction } from './shuffle.js';
import { uuidFunction } from './uuid.js';

/** What jsonata passes as `this` to a native function: the calling frame and the context item. */
export interface JsonataFocus {
  readonly environment: { lookup(name: string): unknown };
  readonly input: unknown;
}

/**
 * A function value in jsonata's own shape (`_jsonata_function`), so that the library calls it
 * with a focus and errors thrown inside it get the call's position. jsonata writes `token` and
 * `position` onto the object when it calls it, so a fresh one is made per evaluation.
 */
export interface JsonataNativeFunction {
  readonly _jsonata_function: true;
  readonly implementation: (this: JsonataFocus, ...args: unknown[]) => unknown;
  /** How many arguments a higher-order function (`$map`, `$filter`) passes it. */
  readonly arity: number;
}

function native(
  arity: number,
  implementation: (this: JsonataFocus, ...args: unknown[]) => unknown,
): JsonataNativeFunction {
  return { _jsonata_function: true, implementation, arity };
}

/**
 * `$now([picture [, timezone]])` at a fixed engine time: formatted by JSONata's own
 * `$fromMillis`, so it is an ISO 8601 timestamp with milliseconds unless a picture says otherwise.
 */
function nowFunction(nowMs: number): JsonataNativeFunction {
  return native(2, function (this: JsonataFocus, ...args: unknown[]) {
    const fromMillis = this.environment.lookup('fromMillis') as JsonataNativeFunction | undefined;
    if (fromMillis === undefined) return new Date(nowMs).toISOString();
    return fromMillis.implementation.call(this, nowMs, ...args);
  });
}

/**
 * The bindings that shadow or extend JSONata's function library for one evaluation.
 *
 * @param env the engine's injected sources (UUIDs and unseeded random numbers)
 * @param nowMs the engine's time for this evaluation, epoch ms, for `$now()` and `$millis()`
 */
export function stepFunctionsFunctions(env: JsonataEnv, nowMs: number): Record<string, unknown> {
  const random = (): number => env.random();
  return {
    partition: native(2, partition),
    range: native(3, range),
    hash: native(2, hash),
    random: native(1, randomFunction(random)),
    shuffle: native(1, shuffleFunction(random)),
    uuid: native(
      0,
      uuidFunction(() => env.uuid()),
    ),
    parse: native(1, parse),
    now: nowFunction(nowMs),
    millis: native(0, () => nowMs),
    // A binding that raises T1006, as calling an unbound name does: an undefined binding would
    // fall through to the library's own $eval, and a null one breaks the library's error path.
    eval: native(1, () => {
      throw notAFunctionError();
    }),
  };
}
