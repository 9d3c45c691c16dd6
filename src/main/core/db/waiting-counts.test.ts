// The cheap counts (kept counts minus what is not due yet) must say exactly what the plain
// definitions say — checked on varied data against those definitions written as single queries.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDataDir, removeDataDir } from '../../../../test/helpers/data-dir';
import { openDatabase, type Db } from './open-database';
import { countDeferred, countDue } from './waiting-counts';

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

describe('waiting counts', () => {
  it.each([1, 2, 3])('match the plain definitions at every moment (data set %i)', (seedValue) => {
    const dir = makeDataDir();
    dirs.push(dir);
    const db = openDatabase(path.join(dir, 'facteur.db'));
    seed(db, random(seedValue));
    for (const now of [NOW - 20_000, NOW - 1, NOW, NOW + 2_500, NOW + 5_000, NOW + 20_000]) {
      expect(countDue(db, now)).toBe(reference.due(db, now));
      expect(countDeferred(db, now)).toBe(reference.deferred(db, now));
    }
    expect(reference.deferred(db, NOW)).toBeGreaterThan(reference.due(db, NOW)); // the pause case is exercised
    db.$client.close();
  });
});
