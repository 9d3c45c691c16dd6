// When the next waiting mail can really leave — what `process-queue` reports as "the next at":
// its own next try, but no earlier than the end of its account's pause (a provider's 429) nor,
// once due, than the account's limits allow (per day, per minute), read with the same pacing
// arithmetic the processor claims with. Accounts disabled or to relink send nothing, so they add
// no time.
import type { AccountService } from '../accounts/account-service';
import type { Db } from '../db/open-database';
import { earliestWaitingByAccount } from '../db/waiting-counts';
import { AccountPace } from '../processor/pacing';

export function nextLeaveAt(db: Db, accounts: AccountService, now: number): number | null {
  let next: number | null = null;
  for (const row of earliestWaitingByAccount(db)) {
    if (row.due === null) continue;
    let at = Math.max(row.due, row.pausedUntil ?? 0);
    if (at <= now) {
      // Due now: the account's limits may still hold it back (one email's worth of allowance).
      const allowance = AccountPace.load(db, row.id, now).allowance(accounts.limitsOf(accounts.get(row.id)), 0, now);
      if (allowance.now === 0 && allowance.nextAt !== null) at = Math.max(at, allowance.nextAt);
    }
    if (next === null || at < next) next = at;
  }
  return next;
}
