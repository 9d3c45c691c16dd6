// Migrations are code: an empty database migrates to the current schema, and a database left by
// the previous version (all migrations but the last) upgrades without losing its rows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationCount, migrationsBefore, olderMigrations as writeOlderMigrations } from '../../../../test/helpers/older-migrations';
import { openDatabase } from './open-database';

const olderMigrations = (count: number): string => writeOlderMigrations(tempDir(), count);

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facteur-migrate-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const tables = (file: string): string[] => {
  const db = openDatabase(file);
  const names = db.$client
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
    .all()
    .map((row) => (row as { name: string }).name);
  db.$client.close();
  return names;
};

describe('migrations', () => {
  it('migrate an empty database to every table, in WAL mode with foreign keys on', () => {
    const file = path.join(tempDir(), 'facteur.db');
    expect(tables(file)).toEqual(expect.arrayContaining(['accounts', 'attachment_blobs', 'attempts', 'email_attachments', 'email_contents', 'emails', 'locks', 'settings']));
    const db = openDatabase(file);
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    db.$client.close();
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('are idempotent: opening again applies nothing and keeps data', () => {
    const file = path.join(tempDir(), 'facteur.db');
    const db = openDatabase(file);
    db.$client.prepare("insert into settings (key, value, updated_at) values ('batchSize', '7', 0)").run();
    db.$client.close();
    const again = openDatabase(file);
    expect(again.$client.prepare("select value from settings where key = 'batchSize'").get()).toEqual({ value: '7' });
    again.$client.close();
  });

  it('upgrade a database from the previous version without losing rows', () => {
    const file = path.join(tempDir(), 'facteur.db');
    const previous = openDatabase(file, { migrationsFolder: olderMigrations(Math.max(1, migrationCount() - 1)) });
    previous.$client
      .prepare("insert into accounts (email, provider, secret_ref, created_at, updated_at) values ('a@example.com', 'smtp', 'ref-1', 0, 0)")
      .run();
    previous.$client.close();
    const current = openDatabase(file);
    expect(current.$client.prepare('select email from accounts').all()).toEqual([{ email: 'a@example.com' }]);
    const applied = current.$client.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
    expect(applied.n).toBe(migrationCount());
    current.$client.close();
  });

  it('rebuild the status-change indexes as partial ones holding exactly the rows their readers ask for', () => {
    const upTo = migrationsBefore('_status_change_indexes');
    const file = path.join(tempDir(), 'facteur.db');
    const previous = openDatabase(file, { migrationsFolder: olderMigrations(upTo) });
    previous.$client
      .prepare("insert into accounts (email, provider, secret_ref, created_at, updated_at) values ('a@example.com', 'smtp', 'ref-1', 0, 0)")
      .run();
    const insert = previous.$client.prepare(
      `insert into emails (uid, account_id, status, send_at, time_zone, next_attempt_at, message_id, subject, recipient_count, size_bytes,
         created_at, updated_at, sent_at, batch_id, series_id)
       values (?, 1, ?, 0, 'UTC', 0, ?, 's', 1, 10, 0, ?, ?, ?, ?)`,
    );
    const rows: Array<[string, number | null, number | null, number | null]> = [
      ['queued', null, null, null],
      ['queued', null, 7, null],
      ['sending', null, null, 3],
      ['sent', 1_000, null, null],
      ['sent', 2_000, 7, 3],
      ['failed', null, null, null],
      ['cancelled', null, 7, null],
      ['uncertain', null, null, null],
      ['held', null, null, null],
    ];
    rows.forEach(([status, sentAt, batchId, seriesId], i) => insert.run(`u${i}`, status, `<m${i}@x>`, 5_000 + i, sentAt, batchId, seriesId));
    previous.$client.close();

    const current = openDatabase(file);
    const count = (sql: string): number => (current.$client.prepare(sql).get() as { n: number }).n;
    expect(current.$client.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(count("select count(*) as n from emails indexed by emails_status_sent_at where status = 'sent'")).toBe(2);
    expect(count("select count(*) as n from emails indexed by emails_status_updated where status = 'failed' or status = 'cancelled' or status = 'uncertain'")).toBe(3);
    expect(count('select count(*) as n from emails indexed by emails_batch_status where batch_id is not null')).toBe(3);
    expect(count('select count(*) as n from emails indexed by emails_series where series_id is not null')).toBe(2);
    expect(count('select count(*) as n from emails indexed by emails_account_sent where sent_at is not null')).toBe(2);
    const conditions = current.$client
      .prepare("select name, sql from sqlite_master where type = 'index' and name in ('emails_status_sent_at', 'emails_status_updated', 'emails_batch_status', 'emails_series', 'emails_account_sent')")
      .all() as Array<{ name: string; sql: string }>;
    expect(conditions).toHaveLength(5);
    for (const index of conditions) expect(index.sql, index.name).toMatch(/ WHERE /u);
    current.$client.close();
  });

  it('drop the index on the random uid (never looked up) and keep every uid', () => {
    const upTo = migrationsBefore('_enqueue_without_uid_index');
    const file = path.join(tempDir(), 'facteur.db');
    const previous = openDatabase(file, { migrationsFolder: olderMigrations(upTo) });
    const indexes = (client: typeof previous.$client): string[] =>
      (client.prepare("select name from sqlite_master where type = 'index' and tbl_name = 'emails'").all() as Array<{ name: string }>).map((row) => row.name);
    expect(indexes(previous.$client)).toContain('emails_uid');
    previous.$client
      .prepare("insert into accounts (email, provider, secret_ref, created_at, updated_at) values ('a@example.com', 'smtp', 'ref-1', 0, 0)")
      .run();
    previous.$client
      .prepare(
        `insert into emails (uid, account_id, status, send_at, time_zone, next_attempt_at, message_id, subject, recipient_count, size_bytes, created_at, updated_at)
         values ('6f1c1e8e-2b0a-4d43-9c55-0b6a3c1f7d21', 1, 'queued', 0, 'UTC', 0, '<x@example.com>', 's', 1, 10, 0, 0)`,
      )
      .run();
    previous.$client.close();
    const current = openDatabase(file);
    expect(indexes(current.$client)).not.toContain('emails_uid');
    expect(current.$client.prepare('select uid from emails').all()).toEqual([{ uid: '6f1c1e8e-2b0a-4d43-9c55-0b6a3c1f7d21' }]);
    current.$client.close();
  });
});
