/**
 * `StringMatches`: glob matching where `*` is the only wildcard.
 *
 * @see https://states-language.net/spec.html#choice-state
 */

/**
 * True when `value` matches a pattern already split at its wildcards (see
 * `splitStringMatchesPattern` in the model): the first piece must begin the value, the last must end
 * it, and the pieces between must appear in order without overlapping. Matching is case-sensitive and
 * `*` also matches line breaks.
 *
 * @param pieces the literal pieces between wildcards; one piece means no wildcard (exact match).
 * @example
 * matchesStringPattern('log-2024.txt', ['log-', '.txt']); // true
 * matchesStringPattern('foo*.log', ['foo*.log']); // true: an escaped * is literal
 */
export function matchesStringPattern(value: string, pieces: readonly string[]): boolean {
  const first = pieces[0] ?? '';
  if (pieces.length === 1) return value === first;
  const last = pieces[pieces.length - 1] ?? '';
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  const end = value.length - last.length;
  let position = first.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i] ?? '';
    const found = value.indexOf(piece, position);
    if (found === -1 || found + piece.length > end) return false;
    position = found + piece.length;
  }
  return true;
}
