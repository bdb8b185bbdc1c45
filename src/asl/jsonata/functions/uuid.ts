/**
 * `$uuid()`: Step Functions' JSONata equivalent of `States.UUID`, a version 4 UUID taken from the
 * engine's injected source. It takes no argument: one raises `T0410`.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */

import { rejectSurplusArguments } from './function-error.js';

/**
 * `$uuid` bound to an injected UUID source.
 *
 * @example
 * uuidFunction(() => '3c2e…')(); // '3c2e…'
 */
export function uuidFunction(source: () => string): (...args: unknown[]) => string {
  return (...args: unknown[]): string => {
    rejectSurplusArguments('uuid', args, 0);
    return source();
  };
}
