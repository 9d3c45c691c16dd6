// A database from the version before the word index (short searches scanned every email) upgrades:
// the word index is filled from existing mail, which is then found by one or two characters at the
// start of a word, newest first, Bcc left out; and writes after the upgrade keep it right.
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
  const dir = makeDataDir('facteur-words-upgrade-');
  dirs.push(dir);
  return dir;
};

/** How many migrations came before the one that adds the word index. */
function migrationsBefore(): number {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> };
  const index = journal.entries.findIndex((entry) => entry.tag.endsWith('_short_search_words'));
  expect(index).toBeGreaterThan(0);
  return index;
}

const MAIL: Array<[string, unknown[], unknown[], unknown[]]> = [
  ['Budget', [{ address: 'ann@client.example', name: 'Ann Smith' }], [], []],
  ['Planning', [{ address: 'bob@other.example', name: null }], [{ address: 'carla@cc.example', name: 'Carla Díaz' }], []],
  ['Relevé', [{ address: 'dan@third.example' }], [], [{ address: 'secret@hidden.example', name: 'Hidden Person' }]],
];

/** Mail written by the previous version, through its own triggers. */
function seedPreviousVersion(file: string): void {
  const db = openDatabase(file, { migrationsFolder: olderMigrations(tempDir(), migrationsBefore()) });
  const sql = db.$client;
  expect(sql.prepare("select count(*) as n from sqlite_schema where name = 'email_words'").get()).toEqual({ n: 0 });
  sql.prepare("insert into accounts (id, email, provider, secret_ref, created_at, updated_at) values (1, 'me@example.com', 'smtp', 'ref-1', 0, 0)").run();
  const email = sql.prepare(
    `insert into emails (id, uid, account_id, status, send_at, time_zone, next_attempt_at, message_id, subject, recipient_count, size_bytes, created_at, updated_at)
     values (?, ?, 1, 'queued', 0, 'UTC', 0, ?, ?, 1, 100, 0, 0)`,
  );
  const content = sql.prepare("insert into email_contents (email_id, to_json, cc_json, bcc_json, text_body) values (?, ?, ?, ?, 'body')");
  MAIL.forEach(([subject, to, cc, bcc], index) => {
    const id = index + 1;
    email.run(id, `uid-${id}`, `<m${id}@example.com>`, subject);
    content.run(id, JSON.stringify(to), JSON.stringify(cc), JSON.stringify(bcc));
  });
  sql.close();
}

describe('upgrading to the word index for short searches', () => {
  it('fills it from existing mail and keeps it with later writes', async () => {
    const dataDir = tempDir();
    seedPreviousVersion(path.join(dataDir, DATABASE_FILE));
    const engine = makeEngine({ dataDir });
    engines.push(engine);
    const ids = (search: string): number[] => engine.queue.list({ search }).map((item) => item.id);

    expect(ids('an')).toEqual([1]); // Ann
    expect(ids('cl')).toEqual([1]); // ann@client.example
    expect(ids('bu')).toEqual([1]); // the subject
    expect(ids('ot')).toEqual([2]); // bob@other.example
    expect(ids('dí')).toEqual([2]); // Díaz, a Cc
    expect(ids('di')).toEqual([2]);
    expect(ids('re')).toEqual([3]); // Relevé
    expect(ids('ex')).toEqual([3, 2, 1]); // newest first
    for (const term of ['se', 'hi', 'pe', 'nu', 'ad', 'na']) expect(ids(term), term).toEqual([]); // Bcc; "null", "address", "name" of the JSON

    const added = await engine.queue.queueEmail({ ...simpleMessage('eve@new.example'), subject: 'Devis' }, 1);
    expect(ids('ev')).toEqual([added]);
    expect(ids('ex')).toEqual([added, 3, 2, 1]);
    await engine.queue.edit(added, { ...simpleMessage('fay@new.example'), subject: 'Offre' });
    expect(ids('ev')).toEqual([]);
    expect(ids('de')).toEqual([]);
    expect(ids('fa')).toEqual([added]);
    expect(ids('of')).toEqual([added]);
    await engine.accounts.remove(1, true);
    expect(ids('ex')).toEqual([]);
  });
});
