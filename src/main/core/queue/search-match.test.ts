// Which way a search inside a tab is answered, on a database whose newest email is number
// 1,000,000: the share of emails the term matches is read on the newest 2,000, and the tab is
// walked when that is cheaper than sorting every match — sooner in tabs that run newest first.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDataDir, removeDataDir } from '../../../../test/helpers/data-dir';
import { openDatabase, type Db } from '../db/open-database';
import { searchMatch, walkTabIsCheaper } from './search-match';

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.$client.close();
  for (const dir of dirs.splice(0)) removeDataDir(dir);
});

const NEWEST = 1_000_000;

/** The newest email is NEWEST; of the 2,000 newest, the first `k` mention "urgent". */
function database(k: number): Db {
  const dir = makeDataDir();
  dirs.push(dir);
  const db = openDatabase(path.join(dir, 'facteur.db'));
  dbs.push(db);
  const sql = db.$client;
  sql.prepare("insert into accounts (id, email, provider, secret_ref, created_at, updated_at) values (1, 'me@example.com', 'smtp', 'ref-1', 0, 0)").run();
  sql.prepare(
    `insert into emails (id, uid, account_id, status, send_at, time_zone, next_attempt_at, message_id, subject, recipient_count, size_bytes, created_at, updated_at)
     values (?, 'uid', 1, 'sent', 0, 'UTC', 0, '<m@example.com>', 'Newest', 1, 100, 0, 0)`,
  ).run(NEWEST);
  // The older emails' index rows alone: the estimate reads only the indexes.
  const words = sql.prepare('insert into email_words (rowid, subject, recipients) values (?, ?, ?)');
  const trigrams = sql.prepare('insert into email_search (rowid, subject, recipients) values (?, ?, ?)');
  sql.transaction(() => {
    for (let i = 1; i < 2_000; i += 1) {
      const subject = i <= k ? 'Relevé urgent' : 'Relevé mensuel';
      words.run(i - NEWEST, subject, 'ann@client.example');
      trigrams.run(i - NEWEST, subject, 'ann@client.example');
    }
  })();
  return db;
}

describe('walking a tab or sorting the matches', () => {
  it.each(['ur', 'urgent'])('walks for "%s" in every email, whichever way the tab runs', (term) => {
    const db = database(2_000);
    expect(walkTabIsCheaper(db, searchMatch(term), 50, true)).toBe(true);
    expect(walkTabIsCheaper(db, searchMatch(term), 50, false)).toBe(true);
  });

  it.each(['ur', 'urgent'])('walks for "%s" in 15 %% of emails only in a tab that runs newest first', (term) => {
    const db = database(300);
    expect(walkTabIsCheaper(db, searchMatch(term), 50, true)).toBe(true);
    expect(walkTabIsCheaper(db, searchMatch(term), 50, false)).toBe(false);
    // A deeper page walks further: past some offset, sorting wins again.
    expect(walkTabIsCheaper(db, searchMatch(term), 5_000, true)).toBe(false);
  });

  it.each(['ur', 'urgent'])('sorts for "%s" in 1 %% of emails, and for a term in none', (term) => {
    expect(walkTabIsCheaper(database(20), searchMatch(term), 50, true)).toBe(false);
    expect(walkTabIsCheaper(database(20), searchMatch(term), 50, false)).toBe(false);
    expect(walkTabIsCheaper(database(2_000), searchMatch('zq'), 50, true)).toBe(false);
    expect(walkTabIsCheaper(database(2_000), searchMatch('@'), 50, true)).toBe(false);
  });
});
