// A search inside a tab answered by walking the tab (list-query.ts chooses it for terms common
// enough, search-match.ts): the tab's own index gives its emails in the tab's order, a chunk at a
// time, and the search index says which emails of each chunk match; the walk stops once the page
// is full. Asking per chunk instead of per email is what keeps it fast on a big queue: one read of
// the chunk's id range costs about what a single lookup does.
import type { Db } from '../db/open-database';
import { matchedAmong, type SearchMatch } from './search-match';

/** The most emails of the tab read at once (the chunks double up to it). */
const MAX_CHUNK = 4_096;

/**
 * The ids of the first `wanted` emails of the tab that the term matches, in the tab's order.
 * `tab(limit, offset)` reads the tab's ids in its order; `share` is the share of emails the term
 * is expected to match, which sizes the first chunk to fill the page at once.
 */
export function walkTab(
  db: Db,
  match: SearchMatch,
  share: number,
  wanted: number,
  tab: (limit: number, offset: number) => number[],
): number[] {
  const found: number[] = [];
  let chunk = Math.min(MAX_CHUNK, Math.ceil(wanted / Math.max(share, 1 / MAX_CHUNK) * 1.25) + 8);
  for (let offset = 0; found.length < wanted; offset += chunk, chunk = Math.min(MAX_CHUNK, chunk * 2)) {
    const ids = tab(chunk, offset);
    const matched = matchedAmong(db, match, ids, share);
    for (const id of ids) {
      if (matched.has(id)) found.push(id);
      if (found.length === wanted) break;
    }
    if (ids.length < chunk) break;
  }
  return found;
}
