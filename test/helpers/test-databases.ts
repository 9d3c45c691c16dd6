// Fresh database files for a test file, and search-index rows written straight into them: what
// the search tests need when only the indexes matter, not the emails behind them.
import path from 'node:path';
import { afterEach } from 'vitest';
import { openDatabase, type Db } from '../../src/main/core/db/open-database';
import { makeDataDir, removeDataDir } from './data-dir';

/** A function that opens a fresh, migrated database file; each is closed and removed after its test. */
export function useTestDatabases(): () => Db {
  const dirs: string[] = [];
  const dbs: Db[] = [];
  afterEach(() => {
    for (const db of dbs.splice(0)) db.$client.close();
    for (const dir of dirs.splice(0)) removeDataDir(dir);
  });
  return () => {
    const dir = makeDataDir();
    dirs.push(dir);
    const db = openDatabase(path.join(dir, 'facteur.db'));
    dbs.push(db);
    return db;
  };
}

/**
 * Puts each email into both search indexes (rowid = minus its id, as the triggers do), with
 * `recipients` as its recipient text, in one transaction. No email row is written.
 */
export function addToSearchIndexes(db: Db, emails: Iterable<{ id: number; subject: string }>, recipients = 'ann@client.example'): void {
  const words = db.$client.prepare('insert into email_words (rowid, subject, recipients) values (?, ?, ?)');
  const trigrams = db.$client.prepare('insert into email_search (rowid, subject, recipients) values (?, ?, ?)');
  db.$client.transaction(() => {
    for (const { id, subject } of emails) {
      words.run(-id, subject, recipients);
      trigrams.run(-id, subject, recipients);
    }
  })();
}
