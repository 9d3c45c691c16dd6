// Which way a search inside a tab is answered, on a database whose newest email is number
// 1,000,000: the share of emails the term matches is read on the newest 2,000, and the tab is
// walked when that is cheaper than sorting every match — less often in a tab that holds few of the
// emails, whose chunks span wide id ranges. And the walk's question, which emails of a chunk match,
// gets the same answer whichever way it is asked.
import { describe, expect, it } from 'vitest';
import { addToSearchIndexes, useTestDatabases } from '../../../../test/helpers/test-databases';
import type { Db } from '../db/open-database';
import { matchDensity, matchedAmong, searchMatch, walkTabIsCheaper } from './search-match';

const open = useTestDatabases();

const NEWEST = 1_000_000;

/** The newest email is NEWEST; of the 2,000 newest, the first `k` mention "urgent". */
function database(k: number): Db {
  const db = open();
  db.$client.prepare("insert into accounts (id, email, provider, secret_ref, created_at, updated_at) values (1, 'me@example.com', 'smtp', 'ref-1', 0, 0)").run();
  db.$client.prepare(
    `insert into emails (id, uid, account_id, status, send_at, time_zone, next_attempt_at, message_id, subject, recipient_count, size_bytes, created_at, updated_at)
     values (?, 'uid', 1, 'sent', 0, 'UTC', 0, '<m@example.com>', 'Newest', 1, 100, 0, 0)`,
  ).run(NEWEST);
  // The older emails' index rows alone: the estimate reads only the indexes.
  addToSearchIndexes(db, Array.from({ length: 1_999 }, (_, index) => ({ id: NEWEST - index - 1, subject: index < k ? 'Relevé urgent' : 'Relevé mensuel' })));
  return db;
}

const walks = (db: Db, term: string, rows: number, tabEmails: number): boolean =>
  walkTabIsCheaper(matchDensity(db, searchMatch(term)), rows, tabEmails);

describe('walking a tab or sorting the matches', () => {
  it.each(['ur', 'urgent'])('walks for "%s" in every email, in a tab of any size', (term) => {
    const db = database(2_000);
    for (const tab of [800_000, 100_000, 5_000]) expect(walks(db, term, 50, tab), `tab of ${tab}`).toBe(true);
  });

  it.each(['ur', 'urgent'])('walks for "%s" in 15 %% of emails unless the tab is tiny or the page deep', (term) => {
    const db = database(300);
    expect(walks(db, term, 50, 800_000)).toBe(true);
    expect(walks(db, term, 50, 1_000)).toBe(true);
    // A tab of 100 emails in a million: a chunk's id range holds thousands of matches, and a lookup
    // per email costs more than sorting the 150,000.
    expect(walks(db, term, 50, 100)).toBe(false);
    expect(walks(db, term, 5_000, 100_000)).toBe(false);
  });

  it.each(['ur', 'urgent'])('sorts for "%s" in 0.5 %% of emails, and for a term in none', (term) => {
    expect(walks(database(10), term, 50, 800_000)).toBe(false);
    expect(walks(database(2_000), 'zq', 50, 800_000)).toBe(false);
    expect(walks(database(2_000), '@', 50, 800_000)).toBe(false);
  });
});

describe('which emails of a chunk match', () => {
  it.each(['ur', 'urgent'])('gives the same emails for "%s" by one read of the range or by a lookup each', (term) => {
    const db = database(300);
    const match = searchMatch(term);
    // Emails 1,000,000 − 1 … − 300 mention "urgent" (index rows i = 1 … 300, rowid i − NEWEST).
    const near = Array.from({ length: 60 }, (_, i) => NEWEST - 1 - i * 7);
    const expected = near.filter((id) => NEWEST - id <= 300);
    expect(expected.length).toBeGreaterThan(10);
    expect(expected.length).toBeLessThan(near.length);
    // Close together: one range read. Far apart (a lone old id widens the range to a million):
    // a lookup each. Same answer.
    expect([...matchedAmong(db, match, near, 0.15)].sort()).toEqual(expected.sort());
    expect([...matchedAmong(db, match, [...near, 1], 0.15)].sort()).toEqual(expected.sort());
    expect(matchedAmong(db, searchMatch('zq'), near, 0.15).size).toBe(0);
  });
});
