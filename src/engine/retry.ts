/**
 * Matching errors against `Retry` and `Catch` rules, and the back-off of a retry: written once for
 * Task, Parallel and Map.
 *
 * @see https://states-language.net/spec.html#errors
 */
import { StatesErrors } from '../asl/errors.js';
import type { Catcher, Retrier } from '../asl/model/index.js';

/**
 * True when an `ErrorEquals` list matches `error`. `States.ALL` matches every error but
 * `States.Runtime`; `States.TaskFailed` matches every error but `States.Timeout`.
 */
export function errorMatches(errorEquals: readonly string[], error: string): boolean {
  for (const name of errorEquals) {
    if (name === error) return true;
    if (name === StatesErrors.ALL && error !== StatesErrors.Runtime) return true;
    if (name === StatesErrors.TaskFailed && error !== StatesErrors.Timeout && error !== StatesErrors.Runtime)
      return true;
  }
  return false;
}

/** The first retrier that matches, with its index. */
export function findRetrier(
  retry: readonly Retrier[] | undefined,
  error: string,
): { retrier: Retrier; index: number } | undefined {
  if (retry === undefined) return undefined;
  for (let index = 0; index < retry.length; index++) {
    const retrier = retry[index]!;
    if (errorMatches(retrier.ErrorEquals, error)) return { retrier, index };
  }
  return undefined;
}

/** The first catcher that matches. */
export function findCatcher(catchers: readonly Catcher[] | undefined, error: string): Catcher | undefined {
  return catchers?.find((catcher) => errorMatches(catcher.ErrorEquals, error));
}

/**
 * The delay before retry number `attempt + 1` (attempt counts from 0), in milliseconds:
 * `IntervalSeconds × BackoffRate^attempt`, capped by `MaxDelaySeconds`, and with `JitterStrategy: FULL`
 * a uniformly random fraction of that.
 */
export function retryDelayMs(retrier: Retrier, attempt: number, random: () => number): number {
  let seconds = retrier.IntervalSeconds * retrier.BackoffRate ** attempt;
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  if (retrier.JitterStrategy === 'FULL') seconds *= random();
  return Math.round(seconds * 1000);
}
