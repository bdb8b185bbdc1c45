/**
 * Paging over an ordered list held in memory (the in-memory and SQLite adapters): the next token is
 * the offset of the next page, opaque to callers.
 */
import type { HistoryEvent } from '../engine/types.js';
import { InvalidToken } from './errors.js';
import type { HistoryPage, HistoryPageQuery, Page } from './ports.js';

/** A page of `items` from `nextToken` on, at most `limit` long (100 by default). */
export function pageOf<T>(
  items: readonly T[],
  query: { limit?: number | undefined; nextToken?: string | undefined },
): Page<T> {
  const start = query.nextToken === undefined ? 0 : offsetOf(query.nextToken);
  const limit = Math.max(1, query.limit ?? 100);
  const page = items.slice(start, start + limit);
  return start + limit < items.length ? { items: page, nextToken: tokenOf(start + limit) } : { items: page };
}

function tokenOf(offset: number): string {
  return numberToken('offset', offset);
}

function offsetOf(token: string): number {
  return numberOfToken('offset', token);
}

/**
 * A next token that names a number: `offset`, a place in a list; `id`, the event id a page of history
 * read by event id starts from.
 */
export function numberToken(kind: 'offset' | 'id', n: number): string {
  return Buffer.from(`${kind}:${n}`).toString('base64url');
}

/** The number a {@link numberToken} of `kind` names; `InvalidToken` for any other token. */
export function numberOfToken(kind: 'offset' | 'id', token: string): number {
  const match = new RegExp(`^${kind}:(\\d+)$`).exec(Buffer.from(token, 'base64url').toString());
  if (match === null) throw new InvalidToken(token);
  return Number(match[1]);
}

/**
 * A page of a history held in memory, ordered by id (the in-memory and SQLite adapters'
 * `readHistoryPage`, and the DynamoDB store's when it checks its index against the whole history).
 */
export function historyPageOf(sorted: readonly HistoryEvent[], query: HistoryPageQuery): HistoryPage {
  const limit = Math.max(1, query.limit);
  if (query.reverse === true) {
    // The last event with an id ≤ from, and the `limit` before it.
    const end = query.from === undefined ? sorted.length : firstAbove(sorted, query.from);
    const start = Math.max(0, end - limit);
    const events = sorted.slice(start, end).reverse();
    return start > 0 ? { events, next: (sorted[start - 1] as HistoryEvent).id } : { events };
  }
  const start = query.from === undefined ? 0 : firstAbove(sorted, query.from - 1);
  const events = sorted.slice(start, start + limit);
  const after = sorted[start + limit];
  return after === undefined ? { events } : { events, next: after.id };
}

/** The index of the first event whose id is above `id` (binary search). */
function firstAbove(sorted: readonly HistoryEvent[], id: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as HistoryEvent).id <= id) low = middle + 1;
    else high = middle;
  }
  return low;
}
