// Removing an account: refused while it has mail waiting to go (unless forced, which cancels that
// mail) and always while it is sending; its keychain entry and its rows go all or nothing.
import { eq, sql } from 'drizzle-orm';
import { writeTransaction, type Db } from '../db/open-database';
import { accounts, batches, emails, series } from '../db/schema';
import { FacteurError } from '../errors';
import type { Logger } from '../logger';
import type { SecretStore } from '../secrets/secret-store';
import type { AccountRow } from './account-service';

/** Statuses of mail that has not left yet: removing the account would drop it. */
const PENDING = ['scheduled', 'queued', 'sending', 'held', 'uncertain', 'paused'] as const;

/**
 * Deletes `row`'s account, its mail, series and batches, and (`hasSecret`) its keychain entry.
 * Returns how many unsent emails were cancelled with it.
 */
export async function removeAccount(deps: { db: Db; secrets: SecretStore; log: Logger }, row: AccountRow, hasSecret: boolean, force: boolean): Promise<number> {
  const { db, secrets, log } = deps;
  const byStatus = new Map(
    db
      .select({ status: emails.status, count: sql<number>`count(*)` })
      .from(emails)
      .where(eq(emails.accountId, row.id))
      .groupBy(emails.status)
      .all()
      .map((entry) => [entry.status, entry.count]),
  );
  const waiting = PENDING.reduce((sum, status) => sum + (byStatus.get(status) ?? 0), 0);
  if (waiting > 0 && !force) {
    throw new FacteurError('conflict', `account ${row.email} still has ${waiting} unsent email(s); cancel them first or remove with --force`, 'account');
  }
  if ((byStatus.get('sending') ?? 0) > 0) {
    throw new FacteurError('conflict', `account ${row.email} is sending right now; try again in a moment`, 'account');
  }
  // All or nothing with respect to the keychain: its entry goes first (a keychain that does not
  // answer stops the removal before anything changed); if the rows then cannot be deleted, the
  // entry is put back.
  const secret = hasSecret ? await secrets.get(row.secretRef) : null;
  if (secret !== null) await secrets.delete(row.secretRef);
  try {
    writeTransaction(db, () => {
      db.delete(emails).where(eq(emails.accountId, row.id)).run();
      db.delete(series).where(eq(series.accountId, row.id)).run();
      db.delete(batches).where(eq(batches.accountId, row.id)).run();
      db.delete(accounts).where(eq(accounts.id, row.id)).run();
    });
  } catch (error) {
    if (secret !== null) await secrets.set(row.secretRef, secret).catch(() => undefined);
    throw error;
  }
  log.info({ accountId: row.id, cancelled: waiting }, 'account removed');
  return waiting;
}
