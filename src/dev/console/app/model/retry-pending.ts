/**
 * Whether a state's Retry would have tried again after its last failed attempt — which tells a task
 * that failed from one stopped in its back-off when a Map or Parallel around it failed first (the
 * history records no event for a retry that never came). Display only: the engine applies Retry from
 * the parsed model (src/engine/).
 *
 * @see https://states-language.net/spec.html#retrying-after-error
 */

/** Errors `States.ALL` does not match: they cannot be retried. */
const NOT_RETRIABLE = new Set(['States.Runtime', 'States.DataLimitExceeded']);

/**
 * Whether the retrier matching the last of `errors` (one per failed attempt, in order) allows
 * another attempt, given the attempts before it that the same retrier matched.
 */
export function retryPending(definition: Readonly<Record<string, unknown>>, errors: readonly string[]): boolean {
  const last = errors.at(-1);
  if (last === undefined || !Array.isArray(definition.Retry)) return false;
  const retriers = definition.Retry.map((r) =>
    r !== null && typeof r === 'object' ? (r as Record<string, unknown>) : {},
  );
  const matching = (error: string) => retriers.findIndex((r) => matches(r.ErrorEquals, error));
  const retrier = matching(last);
  if (retrier < 0) return false;
  const maxAttempts =
    typeof retriers[retrier]?.MaxAttempts === 'number' ? (retriers[retrier].MaxAttempts as number) : 3;
  const used = errors.filter((error) => matching(error) === retrier).length;
  return used <= maxAttempts;
}

function matches(errorEquals: unknown, error: string): boolean {
  if (!Array.isArray(errorEquals)) return false;
  return errorEquals.some(
    (name) =>
      name === error ||
      (name === 'States.ALL' && !NOT_RETRIABLE.has(error)) ||
      (name === 'States.TaskFailed' && error !== 'States.Timeout' && !NOT_RETRIABLE.has(error)),
  );
}
