// A copy of drizzle/ holding only the first migrations, as an older release shipped them: lets a
// test build a database "from the previous version", or play an older Facteur on a newer file.
import fs from 'node:fs';
import path from 'node:path';
import { MIGRATIONS_FOLDER } from '../../src/main/core/db/open-database';

interface Journal {
  entries: Array<{ tag: string }>;
}

function readJournal(): Journal {
  return JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as Journal;
}

export function migrationCount(): number {
  return readJournal().entries.length;
}

/** Writes the first `count` migrations into `dir` (which must exist) and returns it. */
export function olderMigrations(dir: string, count: number): string {
  const journal = readJournal();
  const entries = journal.entries.slice(0, count);
  fs.mkdirSync(path.join(dir, 'meta'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  for (const entry of entries) fs.copyFileSync(path.join(MIGRATIONS_FOLDER, `${entry.tag}.sql`), path.join(dir, `${entry.tag}.sql`));
  return dir;
}

/** How many migrations come before the one whose tag ends with `tagSuffix` (`_search_recipients`). */
export function migrationsBefore(tagSuffix: string): number {
  const journal = readJournal();
  const index = journal.entries.findIndex((entry) => entry.tag.endsWith(tagSuffix));
  if (index <= 0) throw new Error(`no migration after the first ends with ${tagSuffix}`);
  return index;
}
