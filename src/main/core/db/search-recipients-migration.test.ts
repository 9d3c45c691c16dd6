// A database from the version before the recipients were indexed as text (its search index holds
// the To/Cc JSON) upgrades: the index is rebuilt from existing mail, which is then found by name
// and by address, newest first, and no longer by the JSON's keys.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../engine';
import { makeDataDir, removeDataDir } from '../../../../test/helpers/data-dir';
import { makeEngine, simpleMessage, type TestEngine } from '../../../../test/helpers/engine';
import { olderMigrations } from '../../../../test/helpers/older-migrations';
import { MIGRATIONS_FOLDER, openDatabase } from './open-database';

const dirs: string[] = [];
const engines: TestEngine[] = [];
afterEach(() => {
  for (const engine of engines.splice(0)) engine.dispose();
  for (const dir of dirs.splice(0)) removeDataDir(dir);
});
const tempDir = (): string => {
  const dir = makeDataDir('facteur-search-upgrade-');
  dirs.push(dir);
  return dir;
};

/** How many migrations came before the one that indexes recipients as text. */
function migrationsBefore(): number {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> };
  const index = journal.entries.findIndex((entry) => entry.tag.endsWith('_search_recipients'));
  expect(index).toBeGreaterThan(0);
  return index;
}

const RECIPIENTS: Array<[string, unknown[], unknown[], unknown[]]> = [
  ['Budget', [{ address: 'ann@client.example', name: 'Ann Smith' }], [], []],
  ['Planning', [{ address: 'bob@other.example', name: null }], [{ address: 'carla@cc.example', name: 'Carla Díaz' }], []],
  ['Relevé', [{ address: 'dan@third.example' }], [], [{ address: 'secret@hidden.example', name: 'Hidden Person' }]],
];

/** Mail written by the previous version, through its own triggers (which indexed the JSON). */
function seedPreviousVersion(file: string): void {
  const db = openDatabase(file, { migrationsFolder: olderMigrations(tempDir(), migrationsBefore()) });
  const sql = db.$client;
  sql.prepare("insert into accounts (id, email, provider, secret_ref, created_at, updated_at) values (1, 'me@example.com', 'smtp', 'ref-1', 0, 0)").run();
  const email = sql.prepare(
    `insert into emails (id, uid, account_id, status, send_at, time_zone, next_attempt_at, message_id, subject, recipient_count, size_bytes, created_at, updated_at)
     values (?, ?, 1, 'queued', 0, 'UTC', 0, ?, ?, 1, 100, 0, 0)`,
  );
  const content = sql.prepare("insert into email_contents (email_id, to_json, cc_json, bcc_json, text_body) values (?, ?, ?, ?, 'body')");
  RECIPIENTS.forEach(([subject, to, cc, bcc], index) => {
    const id = index + 1;
    email.run(id, `uid-${id}`, `<m${id}@example.com>`, subject);
    content.run(id, JSON.stringify(to), JSON.stringify(cc), JSON.stringify(bcc));
  });
  // The previous index matched the JSON keys: every email came back for "address".
  expect(sql.prepare(`select count(*) as n from email_search where email_search match '"address"'`).get()).toEqual({ n: 3 });
  sql.close();
}

describe('upgrading the search index to recipients as text', () => {
  it('rebuilds it from existing mail: names and addresses found, JSON keys not, Bcc not', async () => {
    const dataDir = tempDir();
    seedPreviousVersion(path.join(dataDir, DATABASE_FILE));
    const engine = makeEngine({ dataDir });
    engines.push(engine);
    const ids = (search: string): number[] => engine.queue.list({ search }).map((item) => item.id);

    expect(ids('Ann Smith')).toEqual([1]);
    expect(ids('smith ann@client')).toEqual([1]);
    expect(ids('bob@other')).toEqual([2]);
    expect(ids('Carla Díaz carla@')).toEqual([2]);
    expect(ids('dan@third')).toEqual([3]);
    expect(ids('.example')).toEqual([3, 2, 1]); // newest first
    expect(ids('Relevé')).toEqual([3]); // subjects too
    for (const term of ['address', 'name', '":"', 'null', 'secret@hidden', 'Hidden Person']) expect(ids(term), term).toEqual([]);

    // Writes after the upgrade keep it right: new mail, an edit, a removal.
    const added = await engine.queue.queueEmail({ ...simpleMessage('eve@new.example'), subject: 'Devis' }, 1);
    expect(ids('eve@new')).toEqual([added]);
    expect(ids('.example')).toEqual([added, 3, 2, 1]);
    await engine.queue.edit(added, { ...simpleMessage('fay@new.example'), subject: 'Devis révisé' });
    expect(ids('eve@new')).toEqual([]);
    expect(ids('fay@new')).toEqual([added]);
    expect(ids('révisé')).toEqual([added]);
    await engine.accounts.remove(1, true);
    expect(ids('.example')).toEqual([]);
  });
});
