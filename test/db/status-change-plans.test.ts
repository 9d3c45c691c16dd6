// The indexes a status change would otherwise rewrite are partial (schema.ts): each holds only the
// rows its readers ask for. This reads the plans of the statements the app really runs against
// those indexes — recorded while the real services do their work (a mail merge with its own
// window, paused, resumed and cancelled; a repeating mail stopped; the accounts' list; the
// uncertain check; lease recovery) — on a database carrying a million rows' statistics: each
// must still find its rows through the index, never by reading the table.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/main/core/clock';
import { recoverOrphans } from '../../src/main/core/processor/recovery';
import { resolveUncertain } from '../../src/main/core/processor/uncertain-check';
import { listQuery } from '../../src/main/core/queue/list-query';
import { ensureOccurrences, pendingOccurrence } from '../../src/main/core/series/occurrences';
import { useBigStatsDatabases } from '../helpers/big-database-stats';
import { addSmtpAccount, makeEngine, simpleMessage, type TestEngine } from '../helpers/engine';
import { mergePeople, WEDNESDAY_AFTERNOONS } from '../helpers/merge-people';
import { planWithPlaceholders, recordPrepared } from '../helpers/recorded-statements';

const bigStatsDb = useBigStatsDatabases();
let engine: TestEngine | undefined;
afterEach(() => {
  engine?.dispose();
  engine = undefined;
});

/** Every statement on `emails` prepared while the services touch batches, series, sends and uncertain mail. */
async function statementsOnEmails(): Promise<string[]> {
  const clock = new FakeClock(Date.parse('2030-01-07T09:00:00Z')); // a Monday
  const e = (engine = makeEngine({ clock }));
  const recorded = await recordPrepared(e.db.$client, async () => {
    const accountId = await addSmtpAccount(e, 9);
    const merged = await mergePeople(e, accountId, WEDNESDAY_AFTERNOONS);
    const batchId = merged.batch ?? 0;
    e.batches.list();
    e.batches.get(batchId);
    e.batches.pause(batchId);
    e.batches.resume(batchId);
    listQuery(e.db, { batchId, limit: 50 }).all();
    e.batches.cancel(batchId);
    const repeating = await e.queue.queueEmail(simpleMessage(), accountId, { sendAt: '2030-03-18T09:00', timeZone: 'Europe/Paris', repeat: 'FREQ=WEEKLY;BYDAY=MO' });
    pendingOccurrence(e.db.$client, 1);
    ensureOccurrences(e.db, clock.now());
    e.series.stop(repeating);
    e.accounts.list();
    await resolveUncertain(e.db, e.accounts, e.attachments, clock, e.log, () => undefined);
    recoverOrphans(e.db, clock, 'run-1', e.log);
  });
  return [...new Set(recorded)].filter((source) => /\bemails\b/u.test(source));
}

const READERS: Array<[string, RegExp, RegExp]> = [
  ["a batch's counts by status", /where batch_id = \? group by status/u, /USING COVERING INDEX emails_batch_status \(batch_id=\?\)/u],
  ['pausing a batch', /set status = 'paused'.*where batch_id = @id/su, /emails_batch_status \(batch_id=\? AND status=\?\)/u],
  ['resuming a batch', /where batch_id = @id and status = 'paused'/u, /emails_batch_status \(batch_id=\? AND status=\?\)/u],
  ['cancelling a batch', /set status = 'cancelled'.*where batch_id = @id/su, /emails_batch_status \(batch_id=\? AND status=\?\)/u],
  // The window's holds read the due mail by time (the plan they had before the index was partial).
  ["holding a batch's due mail at its window", /where batch_id = :batch and status = 'queued' and next_attempt_at <= :now/u, /emails_due \(status=\? AND next_attempt_at<\?\)/u],
  ['whether a batch waits for its opening', /where batch_id = :batch and status = 'queued' and next_attempt_at <= :opening/u, /emails_due \(status=\? AND next_attempt_at<\?\)/u],
  ["releasing a batch's held mail", /where batch_id = :batch and status = 'queued' and attempts = 0/u, /emails_due \(status=\? AND next_attempt_at>\?\)/u],
  ['batches with a window and mail waiting', /e\.batch_id = b\.id and e\.status in/u, /SEARCH e (EXISTS )?USING COVERING INDEX emails_batch_status \(batch_id=\? AND status=\?\)/u],
  ["a batch's mail in the list", /"emails"\."batch_id" = \?/u, /SEARCH emails USING INDEX emails_batch_status \(batch_id=\?\)/u],
  ["a series' waiting occurrence", /from emails where series_id = \? and \(status in/u, /SEARCH emails USING INDEX emails_series \(series_id=\?\)/u],
  ['series without a waiting occurrence', /e\.series_id = s\.id and \(e\.status in/u, /SEARCH e USING INDEX emails_series \(series_id=\?\)/u],
  ['stopping a series', /set status = 'cancelled'.*where series_id = \?/su, /emails_series \(series_id=\? AND status=\?\)/u],
  ['sends per account in the last day', /"sent_at" > \? group by "emails"\."account_id"/u, /USING COVERING INDEX emails_account_sent \(.*sent_at>\?\)/u],
  ['uncertain mail to check with its provider', /"status" = 'uncertain' and "emails"\."updated_at" <= \?/u, /USING INDEX emails_status_updated \(status=\? AND updated_at<\?\)/u],
  ['leases to recover (a run that died)', /"status" = \? and \("emails"\."lease_owner" is null/u, /SEARCH emails USING (COVERING )?INDEX emails_\w+ \(status=\?\)/u],
];

describe('statements on the partial indexes at a million rows', () => {
  it.each(READERS)('%s reads its rows through the index', async (_name, statement, expected) => {
    const sources = (await statementsOnEmails()).filter((source) => statement.test(source.replace(/\s+/gu, ' ')));
    expect(sources, 'the service no longer runs this statement: update the table').not.toHaveLength(0);
    const big = bigStatsDb();
    for (const source of sources) {
      const plan = planWithPlaceholders(big.$client, source);
      expect(plan).toMatch(expected);
      expect(plan).not.toMatch(/\bSCAN (emails|e)\b/u);
    }
  }, 30_000);
});
