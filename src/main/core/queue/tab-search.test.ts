// A search inside a tab, in the tab's own order, is answered two ways: the matches are read from
// the search index and sorted, or the tab's index is walked a chunk at a time, the search index
// saying which emails of each chunk match (list-query.ts, tab-walk.ts; search-match.test.ts for
// which is chosen). Both must give the same page,
// for short (word) and long (trigram) terms, in every tab, at every offset.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmailStatus } from '../../../shared/domain';
import { addSmtpAccount, makeEngine, type TestEngine } from '../../../../test/helpers/engine';
import { listQuery, type ListFilter } from './list-query';

let engine: TestEngine;
beforeEach(async () => {
  engine = makeEngine();
  const accountId = await addSmtpAccount(engine, 9);
  const names = ['Ann Smith', 'Carla Díaz', 'Claude Roux', 'Bob'];
  const ids = await engine.queue.queueEmails(
    Array.from({ length: 48 }, (_, i) => ({
      message: { to: [{ address: `c${i}@client${i % 3}.example`, name: names[i % 4] }], subject: `Relevé ${i % 5 === 0 ? 'urgent' : 'mensuel'} ${i}`, text: 'body' },
      accountRef: accountId,
    })),
  );
  // Spread them over the tabs, each tab's clock running against the id order.
  const statuses: EmailStatus[] = ['queued', 'sent', 'failed', 'cancelled', 'sent', 'uncertain'];
  const set = engine.db.$client.prepare('update emails set status = ?, next_attempt_at = ?, sent_at = ?, updated_at = ? where id = ?');
  ids.forEach((id, i) => {
    const status = statuses[i % statuses.length] ?? 'queued';
    const clock = 1_000_000 - ((i * 7) % 48) * 1000;
    set.run(status, clock, status === 'sent' ? clock : null, clock, id);
  });
});
afterEach(() => engine.dispose());

const page = (filter: ListFilter, walkTab: boolean): number[] =>
  listQuery(engine.db, filter, { walkTab }).all().map((row) => row.email.id);
const drivenBy = (filter: ListFilter, walkTab?: boolean): string =>
  /\bfrom "(\w+)"/u.exec(listQuery(engine.db, filter, walkTab === undefined ? {} : { walkTab }).toSQL().sql)?.[1] ?? '';

describe('a search inside a tab', () => {
  const TERMS = ['cl', 'c', 'ré', 'Dí', 'ann', 'urgent', 'client1', 'zz', '@'];

  it.each(['queued', 'sent', 'failed', 'cancelled', 'uncertain'] as const)('gives the same page in the %s tab whether it walks the tab or sorts the matches', (status) => {
    for (const search of TERMS) {
      for (const [limit, offset] of [[50, 0], [3, 0], [3, 2], [2, 5]] as const) {
        const filter: ListFilter = { status, order: 'leaving', search, limit, offset };
        expect(drivenBy(filter, true)).toBe('emails');
        expect(drivenBy(filter, false)).toMatch(/^email_(search|words)$/u);
        expect(page(filter, true), `${search} ${limit}/${offset}`).toEqual(page(filter, false));
      }
    }
    // Not vacuous: the terms find mail in this tab, in the tab's order (not the id order).
    const found = page({ status, order: 'leaving', search: 'cl', limit: 50 }, true);
    expect(found.length).toBeGreaterThan(1);
    const tab = page({ status, order: 'leaving', limit: 50 }, true);
    expect(found).toEqual(tab.filter((id) => found.includes(id)));
    expect(found).not.toEqual([...found].sort((a, b) => b - a));
  });

  it('sorts the matches of a few hundred emails (sorting is cheaper than any walk there)', () => {
    expect(drivenBy({ status: 'sent', order: 'leaving', search: 'cl', limit: 50 })).toBe('email_words');
    expect(drivenBy({ status: 'sent', order: 'leaving', search: 'client', limit: 50 })).toBe('email_search');
  });
});
