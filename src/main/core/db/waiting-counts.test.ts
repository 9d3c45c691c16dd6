// The cheap counts (kept counts minus what is not due yet) must say exactly what the plain
// definitions say — checked on varied data against those definitions written as single queries.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDataDir, removeDataDir } from '../../../../test/helpers/data-dir';
import { migrationsBefore, olderMigrations } from '../../../../test/helpers/older-migrations';
import { openDatabase, type Db } from './open-database';
import { loadBigDatabaseStats, queryPlan } from '../../../../test/helpers/big-database-stats';
import { countDeferred, countDue, NOT_YET_SQL, notYetParams } from './waiting-counts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeDataDir(dir);
});

const STATUSES = ['scheduled', 'queued', 'sending', 'sent', 'failed', 'cancelled', 'held', 'uncertain'];
const NOW = 1_000_000;

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function seed(db: Db, next: () => number): void {
  const sql = db.$client;
  const account = sql.prepare(
    "insert into accounts (id, email, provider, secret_ref, paused_until, created_at, updated_at) values (?, ?, 'smtp', ?, ?, 0, 0)",
  );
  account.run(1, 'a@example.com', 'r1', null);
  account.run(2, 'b@example.com', 'r2', NOW + 5_000); // paused for a while
  account.run(3, 'c@example.com', 'r3', NOW - 5_000); // pause over
  const email = sql.prepare(
    `insert into emails (uid, account_id, status, send_at, time_zone, next_attempt_at, message_id, subject, recipient_count, size_bytes, created_at, updated_at)
     values (?, ?, ?, ?, 'UTC', ?, ?, 's', 1, 1, 0, 0)`,
  );
  sql.transaction(() => {
  for (let i = 0; i < 2_000; i += 1) {
    const status = STATUSES[Math.floor(next() * STATUSES.length)] as string;
    const sendAt = NOW + Math.round((next() - 0.6) * 20_000);
    const nextAttemptAt = sendAt + (next() < 0.5 ? 0 : Math.round(next() * 10_000)); // retries wait later
    email.run(`u${i}`, 1 + Math.floor(next() * 3), status, sendAt, nextAttemptAt, `<${i}@x>`);
  }
  })();
}

/**
 * What the processor, the user and the scheduler do to waiting mail, at random: claim (queued →
 * sending), retry later, reschedule, pause, cancel, send, delete — each moving rows between states
 * and minutes, which the per-minute counts must follow.
 */
function churn(db: Db, next: () => number): void {
  const sql = db.$client;
  const ids = (sql.prepare('select id from emails').all() as Array<{ id: number }>).map((row) => row.id);
  const setStatus = sql.prepare('update emails set status = ? where id = ?');
  const moveNext = sql.prepare('update emails set next_attempt_at = next_attempt_at + ? where id = ?');
  const reschedule = sql.prepare("update emails set status = 'queued', send_at = :at, next_attempt_at = :at where id = :id");
  const remove = sql.prepare('delete from emails where id = ?');
  sql.transaction(() => {
    for (const id of ids) {
      const roll = next();
      if (roll < 0.15) setStatus.run(STATUSES[Math.floor(next() * STATUSES.length)], id);
      else if (roll < 0.3) moveNext.run(Math.round(next() * 90_000), id); // a retry, maybe minutes later
      else if (roll < 0.35) moveNext.run(Math.round(next() * 30), id); // a few ms: often the same minute
      else if (roll < 0.45) reschedule.run({ at: NOW + Math.round((next() - 0.5) * 200_000), id }); // rescheduled (or retried now)
      else if (roll < 0.5) remove.run(id);
    }
  })();
}

/** The per-minute counts are exactly the waiting rows grouped by minute, with no empty minute kept. */
function expectMinutesExact(db: Db): void {
  const kept = db.$client.prepare('select minute, count from email_due_minutes order by minute').all();
  const actual = db.$client
    .prepare("select next_attempt_at / 60000 as minute, count(*) as count from emails where status in ('queued', 'scheduled') group by 1 order by 1")
    .all();
  expect(kept).toEqual(actual);
}

/** The definitions, as the queries a reader would write first (full scans). */
const reference = {
  due: (db: Db, now: number): number =>
    (db.$client.prepare("select count(*) as n from emails where status in ('queued', 'scheduled') and next_attempt_at <= ?").get(now) as { n: number }).n,
  deferred: (db: Db, now: number): number =>
    (
      db.$client
        .prepare(
          `select count(*) as n from emails e join accounts a on a.id = e.account_id
           where e.status in ('queued', 'scheduled') and e.send_at <= :now
             and (e.next_attempt_at <= :now or (a.paused_until > :now and e.next_attempt_at <= a.paused_until))`,
        )
        .get({ now }) as { n: number }
    ).n,
};

const MOMENTS = [NOW - 200_000, NOW - 20_000, NOW - 1, NOW, NOW + 2_500, NOW + 5_000, NOW + 20_000, NOW + 59_999, NOW + 60_000, NOW + 200_000];

describe('waiting counts', () => {
  it.each([1, 2, 3])('match the plain definitions at every moment, before and after churn (data set %i)', (seedValue) => {
    const dir = makeDataDir();
    dirs.push(dir);
    const db = openDatabase(path.join(dir, 'facteur.db'));
    const next = random(seedValue);
    seed(db, next);
    for (const round of [0, 1, 2]) {
      if (round > 0) churn(db, next);
      expectMinutesExact(db);
      for (const now of MOMENTS) {
        expect(countDue(db, now)).toBe(reference.due(db, now));
        expect(countDeferred(db, now)).toBe(reference.deferred(db, now));
      }
    }
    expect(reference.deferred(db, NOW)).toBeGreaterThan(reference.due(db, NOW)); // the pause case is exercised
    db.$client.close();
  });

  it('a database from before the per-minute counts upgrades with its waiting mail counted', () => {
    const dir = makeDataDir();
    dirs.push(dir);
    const before = migrationsBefore('_due_minutes');
    const olderDir = path.join(dir, 'older');
    fs.mkdirSync(olderDir);
    const file = path.join(dir, 'facteur.db');
    const older = openDatabase(file, { migrationsFolder: olderMigrations(olderDir, before) });
    expect(older.$client.prepare("select count(*) as n from sqlite_master where name = 'email_due_minutes'").get()).toEqual({ n: 0 });
    const next = random(7);
    seed(older, next);
    older.$client.close();
    const db = openDatabase(file);
    expectMinutesExact(db);
    expect(db.$client.prepare('select count(*) as n from email_due_minutes').get()).not.toEqual({ n: 0 });
    for (const round of [0, 1]) {
      if (round > 0) churn(db, next); // and the triggers keep it from there
      expectMinutesExact(db);
      for (const now of MOMENTS) expect(countDue(db, now)).toBe(reference.due(db, now));
    }
    db.$client.close();
  });

  it('read the minutes ahead by key and count only the current minute on the due index (plan at a million rows)', () => {
    const dir = makeDataDir();
    dirs.push(dir);
    const db = openDatabase(path.join(dir, 'facteur.db'));
    loadBigDatabaseStats(db.$client);
    const params = notYetParams(NOW);
    const steps = queryPlan(db.$client, NOT_YET_SQL, [params]).join('\n');
    expect(steps).toMatch(/SEARCH email_due_minutes USING INTEGER PRIMARY KEY \(rowid>\?\)/u);
    expect(steps.match(/SEARCH emails USING COVERING INDEX emails_due \(status=\? AND next_attempt_at>\? AND next_attempt_at<\?\)/gu)).toHaveLength(2);
    expect(steps).not.toMatch(/SCAN (emails|email_due_minutes)/u);
    db.$client.close();
  });
});
