// Why a mail whose time has come has not left yet, and until when: its sending window is closed,
// the app is paused, its account is disabled or asked by the provider to wait, or the account's own limits (per
// minute, per day) are used up. Read with the same pacing arithmetic the processor claims with,
// so the "next slot" shown is the one the processor will use.
import { eq } from 'drizzle-orm';
import type { EmailWait } from '../../../shared/domain';
import type { AccountService } from '../accounts/account-service';
import type { Clock } from '../clock';
import type { Db } from '../db/open-database';
import { emails } from '../db/schema';
import { AccountPace } from '../processor/pacing';
import type { SettingsStore } from '../settings-store';
import { windowWait } from '../windows/window-hold';

const iso = (ms: number): string => new Date(ms).toISOString();

export function waitReason(db: Db, accounts: AccountService, settings: SettingsStore, clock: Clock, emailId: number): EmailWait | null {
  const email = db.select().from(emails).where(eq(emails.id, emailId)).get();
  if (!email || (email.status !== 'queued' && email.status !== 'scheduled')) return null;
  const now = clock.now();
  // Outside its sending window (its account's or its batch's), whatever else: it leaves at the opening.
  const outside = windowWait(db, email, now);
  if (outside) return outside;
  if (email.nextAttemptAt > now) {
    // Not due yet: a retry waiting out its backoff says so; a scheduled time speaks for itself.
    return email.attempts > 0 ? { reason: 'retry-backoff', until: iso(email.nextAttemptAt) } : null;
  }
  if (settings.get().paused) return { reason: 'app-paused', until: null };
  const account = accounts.get(email.accountId);
  if (!account.active) return { reason: 'account-disabled', until: null };
  if (account.pausedUntil !== null && account.pausedUntil > now) return { reason: 'provider-pause', until: iso(account.pausedUntil) };
  const limits = accounts.limitsOf(account);
  const allowance = AccountPace.load(db, account.id, now).allowance(limits, 0, now);
  if (allowance.now > 0 && email.recipientCount <= allowance.recipientsLeft) return { reason: 'next-run', until: null };
  if (email.recipientCount > allowance.recipientsLeft) return { reason: 'per-day', until: allowance.nextAt === null ? null : iso(allowance.nextAt) };
  const until = allowance.nextAt === null ? null : iso(allowance.nextAt);
  return { reason: allowance.nextAt !== null && allowance.nextAt - now > 70_000 ? 'per-day' : 'per-minute', until };
}
