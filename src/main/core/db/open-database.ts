// The one way to open Facteur's database, used by the app, the CLI and the tests.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { FacteurError } from '../errors';
import * as schema from './schema';
import { asStorageError } from './storage-errors';
import { MIGRATIONS_FOLDER, knownSchemaVersion, refuseIfNewer, schemaVersion } from './schema-version';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export { MIGRATIONS_FOLDER } from './schema-version';

export interface OpenOptions {
  /** How long a writer waits for another process's write lock before giving up (ms). */
  busyTimeoutMs?: number;
  migrationsFolder?: string;
}

/**
 * Opens (creating if needed) the database at `file` — or `:memory:` — in WAL mode with foreign
 * keys on, and applies pending migrations.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, { timeout: options.busyTimeoutMs ?? 10_000 });
  } catch (error) {
    const storage = asStorageError(error, file);
    if (storage !== error) throw storage;
    throw new FacteurError('unavailable', `cannot open the database ${file}: ${(error as Error).message}`, undefined, {
      cause: error,
    });
  }
  // A damaged file fails here or in the migrations: it is reported (exit 3) and left untouched.
  try {
    sqlite.pragma('journal_mode = WAL');
    if (file !== ':memory:') restrictToOwner(file);
    // FULL: a row marked "sent" must survive a power cut, or the mail could be sent twice.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
  } catch (error) {
    sqlite.close();
    throw asStorageError(asDatabaseError(error), file);
  }
  const db = drizzle(sqlite, { schema }) as Db;
  try {
    bringSchemaUpToDate(db, file, options.migrationsFolder ?? MIGRATIONS_FOLDER);
  } catch (error) {
    sqlite.close();
    throw asStorageError(asDatabaseError(error), file);
  }
  return db;
}

/** Applies what this build has and the file lacks (schema-version.ts says why newer is refused). */
function bringSchemaUpToDate(db: Db, file: string, migrationsFolder: string): void {
  const known = knownSchemaVersion(migrationsFolder);
  const version = schemaVersion(db.$client);
  refuseIfNewer(file, version, known);
  if (version === known) return;
  // Databases from before the version stamp: count what drizzle's own log says was applied.
  refuseIfNewer(file, appliedMigrations(db), known);
  migrate(db, { migrationsFolder });
  db.$client.pragma(`user_version = ${known}`);
}

function appliedMigrations(db: Db): number {
  const table = db.$client.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  if (!table) return 0;
  return (db.$client.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n;
}

/** The queue holds people's mail: only the owner may read the database and its WAL files. */
function restrictToOwner(file: string): void {
  for (const candidate of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(candidate, 0o600);
    } catch {
      // -wal / -shm may not exist yet; Windows ignores modes.
    }
  }
}

/** SQLITE_BUSY past the timeout is "unavailable" (exit 3), not a crash. */
export function asDatabaseError(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))) {
    return new FacteurError('unavailable', 'the database is locked by another process (timed out waiting)', undefined, {
      cause: error,
    });
  }
  return error;
}

declare const insideWriteTransaction: unique symbol;

/**
 * The database as writeTransaction hands it to its work: a function that writes several rows
 * which must land together takes a WriteTx instead of a Db, so it cannot be called outside one.
 */
export type WriteTx = Db & { readonly [insideWriteTransaction]: true };

/** Runs `work` in a BEGIN IMMEDIATE transaction: takes the write lock up front, no upgrade deadlocks. */
export function writeTransaction<T>(db: Db, work: (tx: WriteTx) => T): T {
  try {
    return db.$client.transaction(() => work(db as WriteTx)).immediate();
  } catch (error) {
    throw asDatabaseError(error);
  }
}
