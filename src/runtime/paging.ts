/**
 * Paging over an ordered list held in memory (the in-memory and SQLite adapters): the next token is
 * the offset of the next page, opaque to callers.
 */
import { InvalidToken } from './errors.js';
import type { Page } from './ports.js';

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
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

/** The offset a token names; `InvalidToken` for a token this module did not make. */
function offsetOf(token: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  if (match === null) throw new InvalidToken(token);
  return Number(match[1]);
}
