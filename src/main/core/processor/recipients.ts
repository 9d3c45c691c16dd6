// Per-recipient outcomes of a send. A server may accept a message for some recipients and refuse
// others: refused for good (5xx) is recorded and counted in "attention"; refused for now (4xx) is
// retried for those recipients only, with the same Message-ID, as a mail server would.
import type Database from 'better-sqlite3';
import type { Db } from '../db/open-database';
import type { RecipientResult } from '../providers/email-provider';
import type { RecipientOutcomeKind } from '../../../shared/outcomes';

export type StoredOutcome = RecipientOutcomeKind;

export interface RecipientRow {
  address: string;
  outcome: StoredOutcome;
  reason: string | null;
}

export interface RecipientVerdict {
  /** Rows to write for this attempt's envelope. */
  rows: RecipientRow[];
  /** Recipients that have the message now (this attempt and earlier ones). */
  accepted: number;
  /** Recipients refused for good by this attempt (including deferrals given up on). */
  refusedNow: number;
  /** Recipients still to be tried. */
  pending: string[];
  /** Every recipient refused so far, for the email's last error. */
  refused: RecipientRow[];
  /** Envelope size over all attempts. */
  total: number;
}

interface Statements {
  select: Database.Statement<[number], RecipientRow>;
  upsert: Database.Statement<[number, string, string, string | null, number]>;
}
const statements = new WeakMap<object, Statements>();

function prepared(db: Db): Statements {
  let found = statements.get(db.$client);
  if (!found) {
    found = {
      select: db.$client.prepare<[number], RecipientRow>('select address, outcome, reason from recipient_outcomes where email_id = ?'),
      upsert: db.$client.prepare<[number, string, string, string | null, number]>(
        `insert into recipient_outcomes (email_id, address, outcome, reason, updated_at) values (?, ?, ?, ?, ?)
         on conflict (email_id, address) do update set outcome = excluded.outcome, reason = excluded.reason, updated_at = excluded.updated_at`,
      ),
    };
    statements.set(db.$client, found);
  }
  return found;
}

/** What earlier attempts recorded for this email, by address (empty for almost every email). */
export function priorOutcomes(db: Db, emailId: number): Map<string, RecipientRow> {
  const rows = prepared(db).select.all(emailId);
  return new Map(rows.map((row) => [row.address, row]));
}

/** Addresses the next attempt must go to, or undefined when it goes to everyone. */
export function remainingEnvelope(prior: Map<string, RecipientRow>): string[] | undefined {
  if (prior.size === 0) return undefined;
  return [...prior.values()].filter((row) => row.outcome === 'pending').map((row) => row.address);
}

export function writeRecipientRows(db: Db, emailId: number, rows: RecipientRow[], now: number): void {
  const { upsert } = prepared(db);
  for (const row of rows) upsert.run(emailId, row.address, row.outcome, row.reason, now);
}

/**
 * Folds this attempt's results into what earlier attempts recorded. With `final`, recipients
 * still deferred are given up on and count as refused.
 */
export function judgeRecipients(results: RecipientResult[], prior: Map<string, RecipientRow>, final: boolean, attempts: number): RecipientVerdict {
  const rows = results.map((result): RecipientRow => {
    if (result.outcome === 'deferred') {
      return final
        ? { address: result.address, outcome: 'refused', reason: `gave up after ${attempts} attempts: ${result.reason ?? 'deferred'}` }
        : { address: result.address, outcome: 'pending', reason: result.reason };
    }
    return { address: result.address, outcome: result.outcome, reason: result.reason };
  });
  const all = new Map(prior);
  for (const row of rows) all.set(row.address, row);
  const values = [...all.values()];
  return {
    rows,
    accepted: values.filter((row) => row.outcome === 'accepted').length,
    refusedNow: rows.filter((row) => row.outcome === 'refused').length,
    pending: values.filter((row) => row.outcome === 'pending').map((row) => row.address),
    refused: values.filter((row) => row.outcome === 'refused'),
    total: values.length,
  };
}

/** Pending recipients of an email that will not be tried again, as refused with `reason`. */
export function givenUp(prior: Map<string, RecipientRow>, reason: string): RecipientRow[] {
  return [...prior.values()].filter((row) => row.outcome === 'pending').map((row) => ({ ...row, outcome: 'refused' as const, reason }));
}

/** "sent to 2 of 3 — x@y refused: 550 …" for the email's last error. */
export function describeVerdict(verdict: Pick<RecipientVerdict, 'accepted' | 'total' | 'refused' | 'pending'>): string {
  const parts = [`sent to ${verdict.accepted} of ${verdict.total}`];
  for (const row of verdict.refused) parts.push(`${row.address} refused: ${row.reason ?? 'no reason given'}`);
  if (verdict.pending.length > 0) parts.push(`${verdict.pending.join(', ')} to be tried again`);
  return parts.join(' — ');
}
