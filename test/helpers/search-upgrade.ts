// Mail written by an older Facteur, for the tests that upgrade a database across a migration of
// the search indexes: three emails inserted straight into the tables of the schema as it was just
// before that migration, so that schema's own triggers index them as the older release did.
import type Database from 'better-sqlite3';
import { openDatabase } from '../../src/main/core/db/open-database';
import { makeDataDir, removeDataDir } from './data-dir';
import type { TestEngine } from './engine';
import { migrationsBefore, olderMigrations } from './older-migrations';

type Recipients = unknown[];

/** Subject, To, Cc, Bcc of emails 1, 2 and 3 (a named To, a Cc with an accent, a Bcc). */
export const UPGRADE_MAIL: Array<[string, Recipients, Recipients, Recipients]> = [
  ['Budget', [{ address: 'ann@client.example', name: 'Ann Smith' }], [], []],
  ['Planning', [{ address: 'bob@other.example', name: null }], [{ address: 'carla@cc.example', name: 'Carla Díaz' }], []],
  ['Relevé', [{ address: 'dan@third.example' }], [], [{ address: 'secret@hidden.example', name: 'Hidden Person' }]],
];

/** Temporary data dirs and engines, removed after each test (call at the top of a test file). */
export function upgradeScratch(afterEach: (fn: () => void) => void, prefix: string) {
  const dirs: string[] = [];
  const engines: TestEngine[] = [];
  afterEach(() => {
    for (const engine of engines.splice(0)) engine.dispose();
    for (const dir of dirs.splice(0)) removeDataDir(dir);
  });
  const tempDir = (): string => {
    const dir = makeDataDir(prefix);
    dirs.push(dir);
    return dir;
  };
  return { tempDir, engines };
}

/**
 * Creates `file` at the schema before the migration tagged `…tagSuffix` (its older migrations
 * copied into `scratchDir`), writes account 1 and UPGRADE_MAIL, lets `check` look at what the old
 * triggers made, and closes it.
 */
export function writeOlderMail(file: string, scratchDir: string, tagSuffix: string, check: (client: Database.Database) => void = () => undefined): void {
  const db = openDatabase(file, { migrationsFolder: olderMigrations(scratchDir, migrationsBefore(tagSuffix)) });
  const sql = db.$client;
  sql.prepare("insert into accounts (id, email, provider, secret_ref, created_at, updated_at) values (1, 'me@example.com', 'smtp', 'ref-1', 0, 0)").run();
  const email = sql.prepare(
    `insert into emails (id, uid, account_id, status, send_at, time_zone, next_attempt_at, message_id, subject, recipient_count, size_bytes, created_at, updated_at)
     values (?, ?, 1, 'queued', 0, 'UTC', 0, ?, ?, 1, 100, 0, 0)`,
  );
  const content = sql.prepare("insert into email_contents (email_id, to_json, cc_json, bcc_json, text_body) values (?, ?, ?, ?, 'body')");
  UPGRADE_MAIL.forEach(([subject, to, cc, bcc], index) => {
    const id = index + 1;
    email.run(id, `uid-${id}`, `<m${id}@example.com>`, subject);
    content.run(id, JSON.stringify(to), JSON.stringify(cc), JSON.stringify(bcc));
  });
  check(sql);
  sql.close();
}
