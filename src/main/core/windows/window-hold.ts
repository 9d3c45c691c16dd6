// Sending windows in the engine: mail of an account (or of a batch with a window of its own) that
// is due while its window is closed is not claimed; its next try moves to the window's opening,
// so `list` shows when it will leave and the exact-time scheduler wakes for it. Mail already in
// flight when a window closes is not touched: it finishes.
//
// The processor calls `windowHold` for each account next to its provider-pause check; the
// account service calls `applyWindow` when a window is set, changed or cleared.
import type Database from 'better-sqlite3';
import { nextOpeningOfAll, sendingWindowSchema, wallLabel, type SendingWindow } from '../../../shared/sending-window';
import type { EmailWait } from '../../../shared/domain';
import type { Db } from '../db/open-database';

/** How far ahead a window that never opens parks its mail (then it is looked at again). */
const NEVER_MS = 7 * 24 * 60 * 60_000;

/** The stored JSON as a window; null when there is none (or it no longer reads as one). */
export function readWindow(json: string | null | undefined): SendingWindow | null {
  if (!json) return null;
  try {
    const parsed = sendingWindowSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function prepare(client: Database.Database) {
  return {
    /** The account's window, and whether any of its batches with a window of their own still has mail waiting. */
    windowsOf: client.prepare<[number, number], { window: string | null; batched: number | null }>(
      `select sending_window as window,
              (select 1 from batches b where b.account_id = ? and b.sending_window is not null
                 and exists (select 1 from emails e where e.batch_id = b.id and e.status in ('queued', 'scheduled')) limit 1) as batched
       from accounts where id = ?`,
    ),
    batchWindows: client.prepare<[number], { id: number; window: string }>(
      `select b.id, b.sending_window as window from batches b
       where b.account_id = ? and b.sending_window is not null
         and exists (select 1 from emails e where e.batch_id = b.id and e.status in ('queued', 'scheduled'))`,
    ),
    holdAccount: client.prepare<{ account: number; now: number; opening: number }>(
      `update emails set next_attempt_at = :opening
       where account_id = :account and status = 'queued' and next_attempt_at <= :now`,
    ),
    holdBatch: client.prepare<{ batch: number; now: number; opening: number }>(
      `update emails set next_attempt_at = :opening
       where batch_id = :batch and status = 'queued' and next_attempt_at <= :now`,
    ),
    waitsFor: client.prepare<{ account: number; opening: number }, { id: number }>(
      `select id from emails where account_id = :account and status = 'queued' and next_attempt_at <= :opening limit 1`,
    ),
    batchWaitsFor: client.prepare<{ batch: number; opening: number }, { id: number }>(
      `select id from emails where batch_id = :batch and status = 'queued' and next_attempt_at <= :opening limit 1`,
    ),
    /** Mail moved to an opening that is no longer the rule: back to its own time; the next claim re-holds it. */
    release: client.prepare<{ account: number; now: number }>(
      `update emails set next_attempt_at = max(send_at, :now)
       where account_id = :account and status = 'queued' and attempts = 0 and next_attempt_at > :now`,
    ),
    /** Accounts a window may be holding mail for: a window of their own, or a batch with one; and their pause. */
    windowed: client.prepare<{ now: number }, { id: number; window: string | null; pausedUntil: number }>(
      `select a.id, a.sending_window as window, coalesce(case when a.paused_until > :now then a.paused_until end, 0) as pausedUntil
       from accounts a
       where a.sending_window is not null
          or exists (select 1 from batches b where b.account_id = a.id and b.sending_window is not null)`,
    ),
    /** Mail at its send time that a hold moved to `:opening` (mail a pause holds is the pause's to count). */
    heldAt: client.prepare<{ account: number; now: number; opening: number; pausedUntil: number }, { n: number }>(
      `select count(*) as n from emails
       where account_id = :account and status = 'queued' and next_attempt_at = :opening
         and next_attempt_at > :pausedUntil and send_at <= :now`,
    ),
    batchHeldAt: client.prepare<{ batch: number; now: number; opening: number; pausedUntil: number; accountOpening: number }, { n: number }>(
      `select count(*) as n from emails
       where batch_id = :batch and status = 'queued' and next_attempt_at = :opening
         and next_attempt_at > :pausedUntil and next_attempt_at <> :accountOpening and send_at <= :now`,
    ),
    releaseBatch: client.prepare<{ batch: number; now: number }>(
      `update emails set next_attempt_at = max(send_at, :now)
       where batch_id = :batch and status = 'queued' and attempts = 0 and next_attempt_at > :now`,
    ),
  };
}

const cache = new WeakMap<Database.Database, ReturnType<typeof prepare>>();

function statements(db: Db): ReturnType<typeof prepare> {
  let prepared = cache.get(db.$client);
  if (!prepared) {
    prepared = prepare(db.$client);
    cache.set(db.$client, prepared);
  }
  return prepared;
}

const openingOf = (windows: SendingWindow[], now: number): number => nextOpeningOfAll(windows, now) ?? now + NEVER_MS;

export interface WindowHold {
  /** The account's own window is closed: none of its mail may be claimed now. */
  closed: boolean;
  /** The earliest opening some held mail waits for (the run may nap until then), or null. */
  nextAt: number | null;
}

/**
 * For the claim (inside its transaction): holds the account's due mail at its window's opening
 * and, while the account is open, the due mail of its batches whose own window is closed.
 */
export function windowHold(db: Db, accountId: number, now: number): WindowHold {
  const sql = statements(db);
  const row = sql.windowsOf.get(accountId, accountId);
  if (!row || (row.window === null && row.batched === null)) return { closed: false, nextAt: null };
  const own = readWindow(row.window);
  if (own) {
    const opening = openingOf([own], now);
    if (opening > now) {
      sql.holdAccount.run({ account: accountId, now, opening });
      return { closed: true, nextAt: sql.waitsFor.get({ account: accountId, opening }) ? opening : null };
    }
  }
  let nextAt: number | null = null;
  if (row.batched === null) return { closed: false, nextAt };
  for (const { batch, opening } of closedBatches(sql, accountId, own, now)) {
    sql.holdBatch.run({ batch, now, opening });
    if (sql.batchWaitsFor.get({ batch, opening }) && (nextAt === null || opening < nextAt)) nextAt = opening;
  }
  return { closed: false, nextAt };
}

/**
 * The account's batches with a window of their own that is closed at `now` (waiting mail only),
 * each with its opening: the batch's window within the account's, when the account has one.
 */
function closedBatches(sql: ReturnType<typeof prepare>, accountId: number, own: SendingWindow | null, now: number): Array<{ batch: number; opening: number }> {
  const closed: Array<{ batch: number; opening: number }> = [];
  for (const batch of sql.batchWindows.all(accountId)) {
    const narrower = readWindow(batch.window);
    if (!narrower) continue;
    const opening = openingOf(own ? [own, narrower] : [narrower], now);
    if (opening > now) closed.push({ batch: batch.id, opening });
  }
  return closed;
}

/**
 * Mail already at its send time that a sending window holds back (for `deferred` in a run's
 * summary, beside what a pause holds): queued mail whose next try is exactly the opening of its
 * account's window, or of its batch's window — where `windowHold` parked it. Reads only the
 * accounts and batches that have a window.
 */
export function countWindowHeld(db: Db, now: number): number {
  const sql = statements(db);
  let held = 0;
  for (const account of sql.windowed.all({ now })) {
    const own = readWindow(account.window);
    const accountOpening = own ? openingOf([own], now) : -1;
    if (accountOpening > now) held += sql.heldAt.get({ account: account.id, now, opening: accountOpening, pausedUntil: account.pausedUntil })?.n ?? 0;
    for (const { batch, opening } of closedBatches(sql, account.id, own, now)) {
      held += sql.batchHeldAt.get({ batch, now, opening, pausedUntil: account.pausedUntil, accountOpening })?.n ?? 0;
    }
  }
  return held;
}

/**
 * After an account's window (or a batch's) was set, changed or cleared: mail held for the old
 * window goes back to its own time, then what the new one holds moves to its opening at once,
 * so `list` tells the truth before the next run.
 */
export function applyWindow(db: Db, target: { accountId: number } | { batchId: number }, now: number): void {
  const sql = statements(db);
  if ('batchId' in target) sql.releaseBatch.run({ batch: target.batchId, now });
  else sql.release.run({ account: target.accountId, now });
  const accountId =
    'accountId' in target
      ? target.accountId
      : db.$client.prepare<[number], { account_id: number }>('select account_id from batches where id = ?').get(target.batchId)?.account_id;
  if (accountId !== undefined) windowHold(db, accountId, now);
}

/** A batch's own window (null: it follows its account's alone). */
export function batchWindow(db: Db, batchId: number): SendingWindow | null {
  return readWindow(db.$client.prepare<[number], { w: string | null }>('select sending_window as w from batches where id = ?').get(batchId)?.w);
}

/** The windows that rule an email: its account's, and its batch's when it has one. */
export function windowsFor(db: Db, accountId: number, batchId: number | null): SendingWindow[] {
  const account = db.$client.prepare<[number], { w: string | null }>('select sending_window as w from accounts where id = ?').get(accountId);
  return [readWindow(account?.w), batchId === null ? null : batchWindow(db, batchId)].filter((w): w is SendingWindow => w !== null);
}

/**
 * Why an email waits, when a window is the reason: queued mail whose window is closed now, or
 * scheduled mail whose window will be closed at its time. "opens Mon 09:00 Europe/Paris".
 */
export function windowWait(
  db: Db,
  email: { accountId: number; batchId: number | null; nextAttemptAt: number; status: string },
  now: number,
): EmailWait | null {
  const windows = windowsFor(db, email.accountId, email.batchId);
  if (windows.length === 0) return null;
  const checkAt = email.status === 'queued' ? now : Math.max(now, email.nextAttemptAt);
  if (nextOpeningOfAll(windows, checkAt) === checkAt) return null;
  const opening = nextOpeningOfAll(windows, Math.max(now, email.nextAttemptAt));
  const zone = (windows[0] as SendingWindow).timeZone;
  if (opening === null) return { reason: 'sending-window', until: null };
  return { reason: 'sending-window', until: new Date(opening).toISOString(), opens: { label: wallLabel(opening, zone), timeZone: zone } };
}

/** The sentence the CLI prints for a window wait. */
export function describeWindowWait(wait: EmailWait): string {
  return wait.opens ? `waiting for the sending window: opens ${wait.opens.label} ${wait.opens.timeZone}` : 'waiting for the sending window: it never opens';
}
