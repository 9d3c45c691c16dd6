// A database from the version before the recipients were indexed as text (its search index holds
// the To/Cc JSON) upgrades: the index is rebuilt from existing mail, which is then found by name
// and by address, newest first, and no longer by the JSON's keys.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../engine';
import { makeEngine, simpleMessage } from '../../../../test/helpers/engine';
import { upgradeScratch, writeOlderMail } from '../../../../test/helpers/search-upgrade';

const { tempDir, engines } = upgradeScratch(afterEach, 'facteur-search-upgrade-');

/** Mail written by the previous version, through its own triggers (which indexed the JSON). */
function seedPreviousVersion(file: string): void {
  writeOlderMail(file, tempDir(), '_search_recipients', (sql) => {
    // The previous index matched the JSON keys: every email came back for "address".
    expect(sql.prepare(`select count(*) as n from email_search where email_search match '"address"'`).get()).toEqual({ n: 3 });
  });
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
