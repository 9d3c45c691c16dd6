// Every list the window and the CLI show reads its first page by walking an index in the page's
// order — checked on the plan SQLite makes with a million-row database's statistics, because a
// plan that sorts every row is fast at a thousand rows and takes seconds at a million.
import { describe, expect, it } from 'vitest';
import type { EmailStatus } from '../../../shared/domain';
import { queryPlan, useBigStatsDatabases } from '../../../../test/helpers/big-database-stats';
import type { Db } from '../db/open-database';
import { listQuery, type ListFilter, type ListQueryOptions } from './list-query';

const bigStatsDb = useBigStatsDatabases();

function plan(db: Db, filter: ListFilter, options: ListQueryOptions = {}): string[] {
  const { sql, params } = listQuery(db, filter, options).toSQL();
  return queryPlan(db.$client, sql, params);
}

const TABS: Array<[EmailStatus, string]> = [
  ['queued', 'emails_due'],
  ['scheduled', 'emails_due'],
  ['held', 'emails_due'],
  ['sent', 'emails_status_sent_at'],
  ['failed', 'emails_status_updated'],
  ['uncertain', 'emails_status_updated'],
  ['cancelled', 'emails_status_updated'],
];

describe('list plans at a million rows', () => {
  it('the "all" tab, newest first, walks the emails backwards and looks each account up', () => {
    const steps = plan(bigStatsDb(), { limit: 50 });
    expect(steps[0]).toMatch(/^SCAN (emails|e)\b/u);
    expect(steps.join('\n')).not.toContain('TEMP B-TREE');
    expect(steps.join('\n')).toMatch(/SEARCH accounts USING INTEGER PRIMARY KEY/u);
  });

  it.each(TABS)('the %s tab, by its own clock, walks %s in order', (status, index) => {
    const steps = plan(bigStatsDb(), { status, order: 'leaving', limit: 50 });
    expect(steps[0]).toContain(`USING INDEX ${index} (status=?)`);
    expect(steps.join('\n')).not.toContain('TEMP B-TREE');
  });

  it('`list --status queued` (newest first) walks the status index backwards', () => {
    const steps = plan(bigStatsDb(), { status: 'queued', limit: 50 });
    expect(steps[0]).toMatch(/USING (COVERING )?INDEX emails_status_newest \(status=\?\)/u);
    expect(steps.join('\n')).not.toContain('TEMP B-TREE');
  });

  // FTS5 reports its plan as a number of flags: 64 = ordered by rowid, +128 = descending. The
  // index's rowid is minus the email id, so newest first must be the forward walk (64): stepping
  // the common trigrams' doclists backwards (192) cost 3–9 ms for one address at a million rows,
  // forwards under 1 ms.
  it.each(['Dupont', 'client777@', 'réunion'])('a search for "%s" walks the search index forwards, newest first', (search) => {
    const steps = plan(bigStatsDb(), { search, limit: 50 });
    expect(steps[0]).toMatch(/^SCAN email_search VIRTUAL TABLE INDEX 64:/u);
    expect(steps[1]).toMatch(/^SEARCH emails USING INTEGER PRIMARY KEY/u);
    expect(steps.join('\n')).not.toContain('TEMP B-TREE');
  });

  // A term of 1–2 characters is too short for a trigram: it is looked up as the start of a word in
  // the word index (same rowid convention), never by reading every email's subject and recipients
  // (1.6 s at a million rows for a term that matches nothing).
  it.each(['zq', 'yv', 'cl', 'é', '7@'])('a short search for "%s" walks the word index forwards, newest first', (search) => {
    const steps = plan(bigStatsDb(), { search, limit: 50 });
    expect(steps[0]).toMatch(/^SCAN email_words VIRTUAL TABLE INDEX 64:/u);
    expect(steps[1]).toMatch(/^SEARCH emails USING INTEGER PRIMARY KEY/u);
    expect(steps.join('\n')).not.toMatch(/^SCAN (emails|email_contents)\b/mu);
    expect(steps.join('\n')).not.toContain('TEMP B-TREE');
  });

  // Inside a tab, a term common enough (search-match.test.ts: here forced) walks the tab's index a
  // chunk at a time (tab-walk.ts): sorting every match of "co" or "compte" would read a million rows.
  it.each(TABS)('a common search in the %s tab walks %s in order, a chunk at a time', (status, index) => {
    for (const search of ['co', 'compte']) {
      const steps = plan(bigStatsDb(), { status, order: 'leaving', search, limit: 50 }, { walkTab: true });
      expect(steps[0], search).toContain(`USING COVERING INDEX ${index} (status=?)`);
      expect(steps.join('\n'), search).not.toContain('TEMP B-TREE');
    }
  });

  it.each(TABS)('the %s tab names its status as a literal: the partial index is chosen when the query is prepared', (status, index) => {
    const db = bigStatsDb();
    const { sql, params } = listQuery(db, { status, order: 'leaving', limit: 50 }).toSQL();
    expect(sql).toContain(`"emails"."status" = '${status}'`);
    expect(params).not.toContain(status);
    // Planned with nothing bound: what SQLite decides at prepare, before any value is known.
    const steps = db.$client.prepare(`explain query plan ${sql}`).all(...params.map(() => null)) as Array<{ detail: string }>;
    expect(steps[0]?.detail).toContain(`USING INDEX ${index} (status=?)`);
  });

  it('refuses a status that is not one, naming the field, before any SQL', () => {
    expect(() => listQuery(bigStatsDb(), { status: "sent' or 1=1 --" as EmailStatus })).toThrow(/^status: "sent' or 1=1 --" is not one of/u);
  });
});
