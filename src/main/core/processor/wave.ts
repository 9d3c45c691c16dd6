// The claim of the next wave, run inside the turn's transaction (turn-commit.ts): picks due mail,
// earliest due first (ties: order queued), that each account's limits allow right now, and leases
// it, marks it transmitting when the account's provider is ready, and opens its attempt row — all
// on prepared statements (hot-statements.ts).
//
// Wave size and mark-ahead: a wave is exactly the free concurrency slots of each account (16 for a
// provider allowing 16 in flight), never more — nothing is leased "ahead" of a free slot. For an
// account whose provider is ready, the transmit mark is written in the claim itself, so the lease,
// the mark and the in-flight attempt are durable before the provider call at the cost of no extra
// fsync. The price: a hard crash between this commit and the provider call makes that wave
// "uncertain" rather than queued — at most one wave per account (its concurrency), the same bound
// as the sends genuinely in flight, and the safe side (never sent twice blindly). Claiming a
// second wave ahead would halve the fsyncs again but double what a crash leaves uncertain.
import { eq } from 'drizzle-orm';
import type { AccountService } from '../accounts/account-service';
import type { Db } from '../db/open-database';
import { accounts } from '../db/schema';
import type { ProviderAccount } from '../providers/email-provider';
import { hotStatements, type EmailRow, type HotStatements } from '../db/hot-statements';
import { AccountPace } from './pacing';
import { windowHold } from '../windows/window-hold';

export const LEASE_MS = 10 * 60_000;
/** How far past the wanted rows a claim looks for mail small enough for the recipients left. */
const RECIPIENT_LOOKAHEAD = 20;

interface Budget {
  left: number;
  recipientsLeft: number;
}

export interface Wave {
  claimed: EmailRow[];
  accountsById: Map<number, ProviderAccount>;
  /** When something may become claimable, if nothing is now. */
  nextAt: number | null;
}

export const EMPTY_WAVE: Wave = { claimed: [], accountsById: new Map(), nextAt: null };

/** What the claim keeps between turns of one run. */
export interface WaveState {
  owner: string;
  paces: Map<number, AccountPace>;
  /** Emails in flight per account. */
  perAccount: Map<number, number>;
  /** Accounts whose provider is ready to send at once (prepared, or nothing to prepare). */
  ready: Set<number>;
  /** Provider view of each account, kept while its row's `updated_at` does not move. */
  known: Map<number, { updatedAt: number; account: ProviderAccount | null }>;
}

export function claimWave(db: Db, accountService: AccountService, state: WaveState, now: number, room: number): Wave {
  const accountsById = new Map<number, ProviderAccount>();
  let nextAt: number | null = null;
  const claimed: EmailRow[] = [];
  if (room <= 0) return { claimed, accountsById, nextAt };
  const later = (at: number | null): void => {
    if (at !== null && (nextAt === null || at < nextAt)) nextAt = at;
  };
  const statements = hotStatements(db);
  const hasDue = (accountId: number, at: number): boolean => statements.hasDue.get({ accountId, at }) !== undefined;
  const budgets = new Map<number, Budget>();
  for (const row of statements.eligibleAccounts.all()) {
    if (row.pausedUntil !== null && row.pausedUntil > now) {
      // Mail held back by the pause (including the email that was told to wait) is still due:
      // the run comes back for it when the pause ends, if that is before the deadline.
      if (hasDue(row.id, row.pausedUntil)) later(row.pausedUntil);
      continue;
    }
    // Sending window (windows/window-hold.ts): due mail outside it moves to the opening, which the run treats like a pause end.
    const held = windowHold(db, row.id, now);
    later(held.nextAt);
    if (held.closed) continue;
    const account = providerAccount(db, accountService, state, row.id, row.updatedAt);
    if (!account) continue; // provider not in this build: its mail waits
    accountsById.set(row.id, account);
    let pace = state.paces.get(row.id);
    if (!pace) {
      pace = AccountPace.load(db, row.id, now);
      state.paces.set(row.id, pace);
    }
    const allowed = pace.allowance(account.limits, state.perAccount.get(row.id) ?? 0, now);
    budgets.set(row.id, { left: allowed.now, recipientsLeft: allowed.recipientsLeft });
    if (allowed.now === 0 && hasDue(row.id, now)) later(allowed.nextAt);
  }
  if (![...budgets.values()].some((budget) => budget.left > 0)) return { claimed, accountsById, nextAt };
  // Each open account's picks, in its own order (earliest due, then order queued), merged earliest
  // first across accounts; the wave is the first `room` of them.
  const candidates: EmailRow[] = [];
  for (const [id, budget] of budgets) {
    if (budget.left > 0) candidates.push(...pickForAccount(statements, id, now, Math.min(room, budget.left), budget.recipientsLeft));
  }
  candidates.sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.id - b.id);
  for (const email of candidates.slice(0, room)) {
    const budget = budgets.get(email.accountId) as Budget;
    budget.left -= 1;
    budget.recipientsLeft -= email.recipientCount;
    claimed.push(email);
  }
  // Accounts whose budget ran out with mail still due come back when pacing frees a slot.
  for (const [id, budget] of budgets) {
    if (budget.left === 0 && hasDue(id, now)) later(now + 250);
  }
  for (const email of claimed) {
    const transmitAt = state.ready.has(email.accountId) ? now : null;
    statements.lease.run({ owner: state.owner, leaseExpiresAt: now + LEASE_MS, transmitStartedAt: transmitAt, now, emailId: email.id });
    email.status = 'sending';
    email.transmitStartedAt = transmitAt;
    email.attempts += 1;
    statements.startAttempt.run({ emailId: email.id, accountId: email.accountId, attempt: email.attempts, startedAt: now });
    state.paces.get(email.accountId)?.started(email.id, now, email.recipientCount);
  }
  return { claimed, accountsById, nextAt };
}

/**
 * Up to `want` of the account's due mail, in order, that fit what is left of its day's recipients.
 * Reads exactly `want` rows: each row read costs about as much as leasing it, and mail too big
 * for the recipients left is rare. Only when some was skipped for that reason does it read
 * further (a bounded look-ahead, so a long run of big mail cannot make a claim slow).
 */
function pickForAccount(statements: HotStatements, accountId: number, now: number, want: number, recipientsLeftToday: number): EmailRow[] {
  const pick = (limit: number): { picked: EmailRow[]; read: number } => {
    const rows = statements.dueForAccount.all({ accountId, now, limit });
    const picked: EmailRow[] = [];
    let recipientsLeft = recipientsLeftToday;
    for (const email of rows) {
      if (picked.length >= want) break;
      if (email.recipientCount > recipientsLeft) continue;
      recipientsLeft -= email.recipientCount;
      picked.push(email);
    }
    return { picked, read: rows.length };
  };
  const first = pick(want);
  if (first.picked.length < want && first.read === want) return pick(want * 2 + RECIPIENT_LOOKAHEAD).picked;
  return first.picked;
}

function providerAccount(db: Db, accountService: AccountService, state: WaveState, id: number, updatedAt: number): ProviderAccount | null {
  const known = state.known.get(id);
  if (known && known.updatedAt === updatedAt) return known.account;
  const row = db.select().from(accounts).where(eq(accounts.id, id)).get();
  let account: ProviderAccount | null = null;
  if (row) {
    try {
      account = accountService.toProviderAccount(row);
    } catch {
      account = null;
    }
  }
  state.known.set(id, { updatedAt, account });
  return account;
}
