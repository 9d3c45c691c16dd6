// The walk behind a search inside a tab (tab-walk.ts), on its own: when the first chunk holds too
// few matches (the share was overestimated), it reads further chunks, each from where the last
// stopped and twice as big, keeps the tab's order, and stops at the page or at the tab's end.
import { describe, expect, it } from 'vitest';
import { addToSearchIndexes, useTestDatabases } from '../../../../test/helpers/test-databases';
import type { Db } from '../db/open-database';
import { searchMatch } from './search-match';
import { walkTab } from './tab-walk';

const open = useTestDatabases();

const EMAILS = 3_000;

/** Emails 1 … EMAILS in the search indexes; every tenth mentions "urgent". */
function database(): Db {
  const db = open();
  addToSearchIndexes(db, Array.from({ length: EMAILS }, (_, index) => ({ id: index + 1, subject: (index + 1) % 10 === 0 ? 'Relevé urgent' : 'Relevé mensuel' })));
  return db;
}

/** A tab in an order unrelated to the ids, read like the tab's index: `limit` from `offset`. */
function tabOf(order: number[], reads: Array<[number, number]>) {
  return (limit: number, offset: number): number[] => {
    reads.push([limit, offset]);
    return order.slice(offset, offset + limit);
  };
}

describe('walking a tab for a search', () => {
  const order = Array.from({ length: EMAILS }, (_, i) => ((i * 7_919) % EMAILS) + 1);
  const matching = order.filter((id) => id % 10 === 0);

  it.each(['ur', 'urgent'])('reads further, bigger chunks when the first holds too few matches of "%s"', (term) => {
    const reads: Array<[number, number]> = [];
    // The share guessed as 1 (every email): the first chunk is sized for 45 matches, finds ~7, and
    // the page fills in the middle of the third.
    expect(walkTab(database(), searchMatch(term), 1, 45, tabOf(order, reads))).toEqual(matching.slice(0, 45));
    expect(reads.length).toBeGreaterThan(1);
    reads.forEach(([limit, offset], i) => {
      if (i === 0) return expect(offset).toBe(0);
      const [previousLimit, previousOffset] = reads[i - 1] ?? [0, 0];
      expect(offset).toBe(previousOffset + previousLimit);
      expect(limit).toBe(previousLimit * 2);
    });
  });

  it('returns every match and stops at the end of the tab when the page is bigger', () => {
    const reads: Array<[number, number]> = [];
    expect(walkTab(database(), searchMatch('urgent'), 0.1, 1_000, tabOf(order, reads))).toEqual(matching);
    const [limit, offset] = reads.at(-1) ?? [0, 0];
    expect(offset + limit).toBeGreaterThanOrEqual(EMAILS);
  });

  it('finds nothing for a term in no email, having read the whole tab once', () => {
    const reads: Array<[number, number]> = [];
    expect(walkTab(database(), searchMatch('zq'), 0.5, 50, tabOf(order, reads))).toEqual([]);
    expect(reads.reduce((sum, [limit]) => sum + limit, 0)).toBeGreaterThanOrEqual(EMAILS);
  });
});
