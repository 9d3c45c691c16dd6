// The schema version: the number of migrations applied, kept in `PRAGMA user_version` (the file
// header, readable without touching a table). A database ahead of this build was written by a
// newer Facteur, whose tables and triggers this code does not know: it is refused, never
// "migrated" backwards or written to. No query builder here: the command line's fast path uses it.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { FacteurError } from '../facteur-error';

/** drizzle/ at the package root: same relative place from src/ (tsx, vitest) and dist/ (build, asar). */
export const MIGRATIONS_FOLDER = path.resolve(__dirname, '..', '..', '..', '..', 'drizzle');

/** How many migrations this build ships (drizzle/meta/_journal.json). */
export function knownSchemaVersion(migrationsFolder: string): number {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}

export function schemaVersion(client: Database.Database): number {
  return client.pragma('user_version', { simple: true }) as number;
}

export function refuseIfNewer(file: string, version: number, known: number): void {
  if (version > known) {
    throw new FacteurError(
      'unavailable',
      `the database ${file} was written by a newer version of Facteur (schema ${version}; this version knows up to ${known}): ` +
        'update Facteur to use it, or set FACTEUR_DATA_DIR to another folder. Nothing was changed.',
    );
  }
}
