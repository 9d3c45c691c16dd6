// What needs the user: failed, held and uncertain mail, and mail sent with some recipients
// refused. Also each recipient's outcome as `show` and the detail view present it.
import { and, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { RecipientOutcome } from '../../../shared/domain';
import { isPermanentFailure } from '../../../shared/failure-kind';
import type { Recipient } from '../../../shared/message-schema';
import type { Db } from '../db/open-database';
import { REFUSAL_NEEDS_USER } from '../db/refusal-rule';
import { emails, recipientOutcomes } from '../db/schema';

/** Refused recipients of the email row in the query (a correlated count, index-backed). */
export const refusedCountSql = sql<number>`(select count(*) from recipient_outcomes r where r.email_id = ${emails.id} and ${sql.raw(REFUSAL_NEEDS_USER)})`;

/** The emails counted in `attention`. */
export function attentionCondition(): SQL {
  return or(
    inArray(emails.status, ['failed', 'held', 'uncertain']),
    // A refusal the user already sent again to (resent_as) no longer needs them.
    and(eq(emails.status, 'sent'), sql`exists (select 1 from recipient_outcomes r where r.email_id = ${emails.id} and ${sql.raw(REFUSAL_NEEDS_USER)})`),
  ) as SQL;
}

/**
 * Every recipient with what happened to it. Without a stored outcome: sent mail reached it;
 * failed mail was refused when a server said no for good (the email's error says why); mail that
 * never got an answer (server unreachable, busy until the attempts ran out) or expired before it
 * left was refused by nobody, so its recipients are still pending — the email's error says why.
 */
export function recipientsOf(
  db: Db,
  email: Pick<typeof emails.$inferSelect, 'id' | 'status' | 'lastError' | 'lastErrorCode'>,
  lists: { to: Recipient[]; cc: Recipient[]; bcc: Recipient[] },
): RecipientOutcome[] {
  const stored = new Map(
    db
      .select({ address: recipientOutcomes.address, outcome: recipientOutcomes.outcome, reason: recipientOutcomes.reason, resentAs: recipientOutcomes.resentAs })
      .from(recipientOutcomes)
      .where(eq(recipientOutcomes.emailId, email.id))
      .all()
      .map((row) => [row.address, row]),
  );
  const fallback = (): Pick<RecipientOutcome, 'outcome' | 'reason'> =>
    email.status === 'sent'
      ? { outcome: 'accepted', reason: null }
      : email.status === 'failed' && email.lastErrorCode !== 'expired' && isPermanentFailure(email.lastErrorCode)
        ? { outcome: 'refused', reason: email.lastError }
        : { outcome: 'pending', reason: null };
  const kinds = [
    ['to', lists.to],
    ['cc', lists.cc],
    ['bcc', lists.bcc],
  ] as const;
  return kinds.flatMap(([kind, list]) =>
    list.map((recipient) => {
      const row = stored.get(recipient.address);
      return {
        address: recipient.address,
        kind,
        ...(row ? { outcome: row.outcome, reason: row.reason } : fallback()),
        ...(row?.resentAs ? { resentAs: row.resentAs } : {}),
      };
    }),
  );
}

/**
 * Before failed or edited mail is tried again: forget refusals (the user fixed or retried them),
 * keep who already has the message unless the message itself changed.
 */
export function forgetRefusals(db: Db, emailIds: number[] | 'all-failed', everything = false): void {
  const scope =
    emailIds === 'all-failed'
      ? inArray(recipientOutcomes.emailId, db.select({ id: emails.id }).from(emails).where(eq(emails.status, 'failed')))
      : inArray(recipientOutcomes.emailId, emailIds);
  db.delete(recipientOutcomes)
    .where(everything ? scope : and(scope, ne(recipientOutcomes.outcome, 'accepted')))
    .run();
}
