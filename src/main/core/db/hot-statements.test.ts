// The run's per-email and per-turn statements read by key or walk one index, whatever the size of
// the queue — checked on SQLite's plans with a million-row database's statistics.
import { describe, expect, it } from 'vitest';
import { queryPlan, useBigStatsDatabases } from '../../../../test/helpers/big-database-stats';
import type { Db } from './open-database';
import { hotStatements } from './hot-statements';

const bigStatsDb = useBigStatsDatabases();

function plan(db: Db, sql: string, params: Record<string, unknown>): string {
  return queryPlan(db.$client, sql, [params]).join('\n');
}

describe('hot statements at a million rows', () => {
  it("the claim reads an account's due mail in order on emails_account_due", () => {
    const db = bigStatsDb();
    const steps = plan(db, hotStatements(db).dueForAccount.source, { accountId: 3, now: 0, limit: 52 });
    expect(steps).toMatch(/SEARCH emails USING INDEX emails_account_due \(account_id=\? AND status=\? AND next_attempt_at<\?\)/u);
    expect(steps).not.toContain('TEMP B-TREE');
  });

  it('one read per email: the content by key, attachments and earlier outcomes probed by index', () => {
    const db = bigStatsDb();
    const steps = plan(db, hotStatements(db).messageParts.source, { emailId: 1 });
    expect(steps).toMatch(/SEARCH c USING INTEGER PRIMARY KEY \(rowid=\?\)/u);
    expect(steps).toMatch(/SEARCH a USING (COVERING INDEX|PRIMARY KEY).*\(email_id=\?\)/u);
    expect(steps).toMatch(/SEARCH r USING (COVERING INDEX|PRIMARY KEY).*\(email_id=\?\)/u);
    expect(steps).not.toMatch(/SCAN (c|a|r)\b/u);
  });
});
