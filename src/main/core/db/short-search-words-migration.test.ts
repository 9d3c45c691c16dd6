// A database from the version before the word index (short searches scanned every email) upgrades:
// the word index is filled from existing mail, which is then found by one or two characters at the
// start of a word, newest first, Bcc left out; and writes after the upgrade keep it right.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../engine';
import { makeEngine, simpleMessage } from '../../../../test/helpers/engine';
import { upgradeScratch, writeOlderMail } from '../../../../test/helpers/search-upgrade';

const { tempDir, engines } = upgradeScratch(afterEach, 'facteur-words-upgrade-');

/** Mail written by the previous version (no word index yet), through its own triggers. */
function seedPreviousVersion(file: string): void {
  writeOlderMail(file, tempDir(), '_short_search_words', (sql) => {
    expect(sql.prepare("select count(*) as n from sqlite_schema where name = 'email_words'").get()).toEqual({ n: 0 });
  });
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
