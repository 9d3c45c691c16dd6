// Migrations only add (STYLE.md #15): a freshly migrated database is diffed against the committed
// snapshot (schema-snapshot.json), every migration is checked against the one before, and fixture
// migrations that drop, rename or retype prove the guard fails on each. A database newer than
// this build is refused by the command line with both schema versions named, and left untouched.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/open-database';
import { DATABASE_FILE } from '../../src/main/core/config';
import { runCli } from '../helpers/cli';
import { migrationCount, olderMigrations } from '../helpers/older-migrations';
import { migratedShape, nonAdditiveChanges, readSnapshot } from './schema-shape';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facteur-guard-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** This build's migrations plus one more, as a later release might ship it. */
function withExtraMigration(statements: string[]): string {
  const dir = olderMigrations(tempDir(), migrationCount());
  const journalFile = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: Array<Record<string, unknown>> };
  journal.entries.push({ idx: journal.entries.length, version: '6', when: Date.now(), tag: '9999_fixture', breakpoints: true });
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  fs.writeFileSync(path.join(dir, '9999_fixture.sql'), statements.join('\n--> statement-breakpoint\n'));
  return dir;
}

describe('the migrated schema', () => {
  it('is the committed snapshot (after an additive migration: npm run schema:snapshot)', () => {
    const snapshot = readSnapshot();
    const current = migratedShape();
    expect(nonAdditiveChanges(snapshot, current), 'migrations must only add: add a table or column instead').toEqual([]);
    expect(current, 'the schema grew: run `npm run schema:snapshot` and commit test/db/schema-snapshot.json').toEqual(snapshot);
  });

  it('grew only by additions, migration after migration', () => {
    const shapes = Array.from({ length: migrationCount() }, (_, index) => migratedShape(olderMigrations(tempDir(), index + 1)));
    const problems = shapes.slice(1).flatMap((shape, index) => nonAdditiveChanges(shapes[index] ?? shape, shape).map((problem) => `migration ${index + 2}: ${problem}`));
    expect(problems).toEqual([]);
  });
});

describe('the additive guard', () => {
  const current = () => readSnapshot();

  it('accepts a new table, a nullable column and a defaulted NOT NULL column', () => {
    const shape = migratedShape(
      withExtraMigration([
        'CREATE TABLE `labels` (`id` integer PRIMARY KEY NOT NULL, `name` text NOT NULL)',
        'ALTER TABLE `emails` ADD `label_id` integer',
        "ALTER TABLE `settings` ADD `scope` text DEFAULT 'app' NOT NULL",
      ]),
    );
    expect(nonAdditiveChanges(current(), shape)).toEqual([]);
    expect(shape).not.toEqual(current());
  });

  it('fails a renamed column and a renamed table', () => {
    const shape = migratedShape(withExtraMigration(['ALTER TABLE `attempts` RENAME COLUMN `message` TO `text`', 'ALTER TABLE `locks` RENAME TO `leases`']));
    expect(nonAdditiveChanges(current(), shape)).toEqual(['column attempts.message was dropped or renamed', 'table locks was dropped or renamed']);
  });

  it('fails a dropped column', () => {
    const shape = migratedShape(withExtraMigration(['ALTER TABLE `batches` DROP COLUMN `delimiter`']));
    expect(nonAdditiveChanges(current(), shape)).toEqual(['column batches.delimiter was dropped or renamed']);
  });

  it('fails a changed type and a new NOT NULL column without a default (a table rebuilt)', () => {
    const shape = migratedShape(
      withExtraMigration([
        'CREATE TABLE `locks_new` (`name` text PRIMARY KEY NOT NULL, `owner` text NOT NULL, `pid` text NOT NULL, `host` text NOT NULL, `expires_at` integer NOT NULL, `note` text NOT NULL)',
        'DROP TABLE `locks`',
        'ALTER TABLE `locks_new` RENAME TO `locks`',
      ]),
    );
    expect(nonAdditiveChanges(current(), shape)).toEqual([
      'column locks.pid changed from integer not null to text not null',
      'new column locks.note is NOT NULL without a default: an older version cannot insert rows',
    ]);
  });
});

describe('a database written by a newer Facteur, from the command line', () => {
  it.each([['process-queue'], ['list', '--json'], ['status']])('`facteur %s` refuses it, naming both schema versions, and leaves it untouched', async (...args) => {
    const dataDir = tempDir();
    const file = path.join(dataDir, DATABASE_FILE);
    const db = openDatabase(file);
    const known = migrationCount();
    db.$client.pragma(`user_version = ${known + 3}`);
    db.$client.close();
    const before = fs.readFileSync(file);
    const result = await runCli(args, { dataDir, timeoutMs: 90_000 });
    expect(result.code, result.stderr).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`was written by a newer version of Facteur (schema ${known + 3}; this version knows up to ${known})`);
    expect(result.stderr).toMatch(/update Facteur to use it, or set FACTEUR_DATA_DIR to another folder\. Nothing was changed\./u);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});
