// A database written by Facteur 0.1.0 (first migration only, with mail in it) upgrades to the
// indexed schema: the per-status counts and the search index are filled from the existing rows,
// and every later write keeps them right. And a database from a newer Facteur is refused.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../engine';
import { makeDataDir, removeDataDir } from '../../../../test/helpers/data-dir';
import { makeEngine, simpleMessage, type TestEngine } from '../../../../test/helpers/engine';
import { migrationCount, olderMigrations } from '../../../../test/helpers/older-migrations';
import { runCli } from '../../../../test/helpers/cli';
import { openDatabase } from './open-database';

const dirs: string[] = [];
const engines: TestEngine[] = [];
const tempDir = (): string => {
  const dir = makeDataDir('facteur-upgrade-');
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const engine of engines.splice(0)) engine.dispose();
  for (const dir of dirs.splice(0)) removeDataDir(dir);
});

/** Fills a 0.1.0 database the way 0.1.0 wrote it: accounts, emails and their contents. */
function seedRelease010(file: string): void {
  const db = openDatabase(file, { migrationsFolder: olderMigrations(tempDir(), 1) });
  const sql = db.$client;
  sql.prepare("insert into accounts (id, email, provider, secret_ref, created_at, updated_at) values (1, 'me@example.com', 'smtp', 'ref-1', 0, 0)").run();
  const email = sql.prepare(
    `insert into emails (id, uid, account_id, status, send_at, time_zone, next_attempt_at, message_id, subject, recipient_count, size_bytes, created_at, updated_at)
     values (?, ?, 1, ?, 0, 'UTC', 0, ?, ?, 1, 100, 0, 0)`,
  );
  const content = sql.prepare("insert into email_contents (email_id, to_json, cc_json, bcc_json, text_body) values (?, ?, '[]', '[]', 'body')");
  const rows: Array<[string, string, string]> = [
    ['queued', 'Rapport trimestriel', 'ana@client.example'],
    ['queued', 'Invitation', 'bob@client.example'],
    ['sent', 'Facture 2026-001', 'compta@fournisseur.example'],
    ['sent', 'Facture 2026-002', 'compta@fournisseur.example'],
    ['sent', 'Bonjour', 'ana@client.example'],
    ['failed', 'Relance facture', 'zoe@ailleurs.example'],
  ];
  rows.forEach(([status, subject, to], index) => {
    const id = index + 1;
    email.run(id, `uid-${id}`, status, `<m${id}@example.com>`, subject);
    content.run(id, JSON.stringify([{ address: to, name: null }]));
  });
  sql.pragma('user_version = 0'); // 0.1.0 did not stamp a version
  sql.close();
}

const ids = (engine: TestEngine, search: string, status?: 'sent' | 'queued'): number[] =>
  engine.queue.list({ search, ...(status ? { status } : {}) }).map((item) => item.id);

describe('upgrading a 0.1.0 database', () => {
  it('fills the counts and the search index from existing mail, and keeps them right afterwards', async () => {
    const dataDir = tempDir();
    seedRelease010(path.join(dataDir, DATABASE_FILE));
    const engine = makeEngine({ dataDir });
    engines.push(engine);
    expect(engine.db.$client.pragma('user_version', { simple: true })).toBe(migrationCount());

    expect(engine.queue.counts()).toMatchObject({ queued: 2, sent: 3, failed: 1, scheduled: 0, sending: 0 });
    // Subjects and recipients, any substring of three or more characters, any case; newest first.
    expect(ids(engine, 'facture')).toEqual([6, 4, 3]);
    expect(ids(engine, 'FACTURE', 'sent')).toEqual([4, 3]);
    expect(ids(engine, 'ana@client')).toEqual([5, 1]);
    expect(ids(engine, '2026-00')).toEqual([4, 3]);
    expect(ids(engine, 'nothing like this')).toEqual([]);
    // Too short for the index: still found, by a scan.
    expect(ids(engine, 'Bo')).toEqual([5, 2]);
    // Quotes and FTS operators are text, not syntax.
    expect(ids(engine, '"facture" OR *')).toEqual([]);

    // New mail is counted and searchable.
    const added = await engine.queue.queueEmail({ ...simpleMessage('newcomer@client.example'), subject: 'Devis signé' }, 1);
    expect(engine.queue.counts().queued).toBe(3);
    expect(ids(engine, 'devis')).toEqual([added]);
    expect(ids(engine, 'newcomer')).toEqual([added]);
    // An edit replaces what is indexed: the old subject and recipient are no longer found.
    await engine.queue.edit(added, { ...simpleMessage('other@client.example'), subject: 'Devis révisé' });
    expect(ids(engine, 'signé')).toEqual([]);
    expect(ids(engine, 'newcomer')).toEqual([]);
    expect(ids(engine, 'révisé')).toEqual([added]);
    // Status changes move the counts.
    engine.queue.cancel(added);
    engine.queue.retry(6);
    expect(engine.queue.counts()).toMatchObject({ queued: 3, cancelled: 1, failed: 0, sent: 3 });
    expect(engine.queue.dueCount()).toBe(3);
    // Removing the account removes its mail from the counts and the index.
    await engine.accounts.remove(1, true);
    expect(Object.values(engine.queue.counts()).reduce((a, b) => a + b, 0)).toBe(0);
    expect(ids(engine, 'facture')).toEqual([]);
  });
});

describe('a database written by a newer Facteur', () => {
  it('is refused on open with a message saying so, and left untouched', () => {
    const file = path.join(tempDir(), DATABASE_FILE);
    openDatabase(file).$client.close();
    const before = fs.readFileSync(file);
    expect(() => openDatabase(file, { migrationsFolder: olderMigrations(tempDir(), 1) })).toThrow(
      /written by a newer version of Facteur \(schema \d+; this version knows up to 1\)/u,
    );
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    const again = openDatabase(file);
    expect(again.$client.pragma('user_version', { simple: true })).toBe(migrationCount());
    again.$client.close();
  });

  it('makes `facteur status` exit 3 with that message instead of reading or writing it', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, DATABASE_FILE);
    const db = openDatabase(file);
    db.$client.pragma(`user_version = ${migrationCount() + 1}`);
    db.$client.close();
    const result = await runCli(['status', '--json'], { dataDir, timeoutMs: 60_000 });
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/newer version of Facteur.*update Facteur/u);
  });
});
