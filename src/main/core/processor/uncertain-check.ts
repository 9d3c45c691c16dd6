// Before each run: asks providers that can tell (e.g. Graph's Sent Items by Message-ID) what
// became of uncertain mail. Only clear answers change anything — "sent" → sent, "not-sent" →
// queued again; "unknown" leaves the decision to the user. Checked a little after the failure,
// because a provider's sent folder can lag.
import { and, eq, lte, sql } from 'drizzle-orm';
import type { AccountService } from '../accounts/account-service';
import type { AttachmentStore } from '../attachments/attachment-store';
import type { Clock } from '../clock';
import { writeTransaction, type Db } from '../db/open-database';
import { emails } from '../db/schema';
import type { Logger } from '../logger';
import type { ProviderAccount } from '../providers/email-provider';
import { loadOutgoingMessage } from './outgoing-message';

/** How long after an interrupted send the provider is asked about it (sent folders can lag). */
export const UNCERTAIN_CHECK_DELAY_MS = 60_000;

export async function resolveUncertain(
  db: Db,
  accounts: AccountService,
  store: AttachmentStore,
  clock: Clock,
  log: Logger,
  onChanged: (emailId: number) => void,
): Promise<void> {
  const now = clock.now();
  const rows = db
    .select()
    .from(emails)
    // The status as a literal: emails_status_updated holds only failed/cancelled/uncertain rows,
    // and SQLite matches that condition when it prepares the statement, not from a bound value.
    .where(and(sql`${emails.status} = 'uncertain'`, lte(emails.updatedAt, now - UNCERTAIN_CHECK_DELAY_MS)))
    .orderBy(emails.updatedAt)
    .limit(20)
    .all();
  for (const email of rows) {
    let account: ProviderAccount;
    try {
      account = accounts.toProviderAccount(accounts.get(email.accountId));
    } catch {
      continue;
    }
    const provider = accounts.provider(account.provider);
    if (!provider.verifySent) continue;
    let answer: 'sent' | 'not-sent' | 'unknown';
    try {
      // The whole message, not the remaining envelope: the provider looks for what was sent.
      const { envelopeTo: _remaining, ...message } = loadOutgoingMessage(db, store, email, account, now).message;
      answer = await provider.verifySent(message, account, log);
    } catch (error) {
      log.warn({ err: error, emailId: email.id }, 'could not check an uncertain email with its provider');
      continue;
    }
    if (answer === 'unknown') continue;
    const at = clock.now();
    writeTransaction(db, () => {
      const still = and(eq(emails.id, email.id), eq(emails.status, 'uncertain'));
      if (answer === 'sent') {
        db.update(emails).set({ status: 'sent', sentAt: at, lastError: null, lastErrorCode: null, updatedAt: at }).where(still).run();
      } else {
        db.update(emails).set({ status: 'queued', nextAttemptAt: at, transmitStartedAt: null, updatedAt: at }).where(still).run();
      }
    });
    log.info({ emailId: email.id, answer }, 'uncertain email resolved by its provider');
    onChanged(email.id);
  }
}
