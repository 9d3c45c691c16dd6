// `tsx bench/status-change-cost.ts [--smoke]`: what each index on `emails` costs the rows' life on
// the hot path, in SQLite alone (no engine, no provider): N emails inserted as queued into a queue
// already holding 50 k sent ones, leased (queued → sending) and recorded sent (sending → sent) in
// transactions of 16 — the processor's wave — with the app's own schema and statements' shape.
// `synchronous=OFF` so the disk's flush time, the same for every variant, does not drown the
// index work. Variants, interleaved round by round: today's schema; the indexes as they were
// before migrations 0011/0012 (full tab/batch/series/sent indexes, a unique index on the uid);
// and today's with one of those put back at a time. Each variant's cost is reported against
// today's in the same round (median of the per-round differences).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../src/main/core/db/open-database';
import { SMOKE, printFigures, round, runMain, spread, writeResults, type Figure } from './support';

const PRELOAD = SMOKE ? 5_000 : 50_000;
const COUNT = SMOKE ? 1_000 : 10_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (SMOKE ? 1 : 5));
const WAVE = 16;

const full = (name: string, columns: string): string[] => [`drop index ${name}`, `create index ${name} on emails (${columns})`];
const VARIANTS: Record<string, string[]> = {
  today: [],
  'no count triggers': ['drop trigger emails_count_insert', 'drop trigger emails_count_status'],
  'no due-minute triggers': ['drop trigger emails_due_minutes_insert', 'drop trigger emails_due_minutes_leave', 'drop trigger emails_due_minutes_enter'],
  'no emails_status_newest': ['drop index emails_status_newest'],
  'emails_due partial': ["drop index emails_due", "create index emails_due on emails (status, next_attempt_at, id) where status in ('queued','scheduled','held')"],
  'emails_account_due partial': ["drop index emails_account_due", "create index emails_account_due on emails (account_id, status, next_attempt_at, id) where status = 'queued'"],
};
interface Cost {
  insert: number;
  lease: number;
  sent: number;
}

const perEmailUs = (start: bigint, count: number): number => Number(process.hrtime.bigint() - start) / 1000 / count;

function measure(statements: string[]): Cost {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facteur-bench-status-'));
  const client = openDatabase(path.join(dir, 'facteur.db')).$client;
  try {
    client.pragma('synchronous = OFF');
    for (const statement of statements) client.exec(statement);
    client.prepare("insert into accounts (email, provider, secret_ref, created_at, updated_at) values ('a@example.com', 'smtp', 'ref', 0, 0)").run();
    const insert = client.prepare<[string, string, number, string], { id: number }>(
      `insert into emails (uid, account_id, status, send_at, time_zone, next_attempt_at, message_id, subject, recipient_count, size_bytes, created_at, updated_at, sent_at)
       values (?, 1, ?, 0, 'UTC', ?, ?, 'A subject line', 1, 2000, 0, 0, null) returning id`,
    );
    const lease = client.prepare<[number, number]>(
      `update emails set status = 'sending', lease_owner = 'run', lease_expires_at = 9, transmit_started_at = 5, attempts = attempts + 1, updated_at = ?
       where id = ? and status = 'queued'`,
    );
    const sent = client.prepare<[number, number, number]>(
      `update emails set status = 'sent', sent_at = ?, provider_message_id = null, last_error = null, last_error_code = null, lease_owner = null,
         lease_expires_at = null, updated_at = ? where id = ? and status = 'sending' and lease_owner = 'run'`,
    );
    client.transaction(() => {
      for (let i = 0; i < PRELOAD; i += 1) insert.get(randomUUID(), 'sent', i, `<p${i}@example.com>`);
      client.exec("update emails set sent_at = id where status = 'sent'");
    })();
    const uids = Array.from({ length: COUNT }, () => randomUUID());
    const ids: number[] = [];
    const start = process.hrtime.bigint();
    client.transaction(() => {
      for (let i = 0; i < COUNT; i += 1) ids.push(insert.get(uids[i] ?? '', 'queued', 1_000 + i, `<m${i}@example.com>`)?.id ?? 0);
    })();
    const insertUs = perEmailUs(start, COUNT);
    const waves = (step: (i: number) => void): number => {
      const began = process.hrtime.bigint();
      for (let w = 0; w < COUNT; w += WAVE) client.transaction(() => { for (let i = w; i < Math.min(COUNT, w + WAVE); i += 1) step(i); })();
      return perEmailUs(began, COUNT);
    };
    const leaseUs = waves((i) => lease.run(i, ids[i] ?? 0));
    const sentUs = waves((i) => sent.run(i, i, ids[i] ?? 0));
    return { insert: insertUs, lease: leaseUs, sent: sentUs };
  } finally {
    client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const runs: Record<string, Cost[]> = {};
  for (let r = 0; r < ROUNDS; r += 1) {
    for (const [name, statements] of Object.entries(VARIANTS)) (runs[name] ??= []).push(measure(statements));
    console.log(`round ${r + 1}/${ROUNDS} done`);
  }
  const today = runs.today ?? [];
  const figures: Figure[] = [];
  for (const [name, list] of Object.entries(runs)) {
    for (const part of ['insert', 'lease', 'sent'] as const) {
      const s = spread(list.map((cost) => cost[part]));
      const extra = spread(list.map((cost, i) => cost[part] - (today[i]?.[part] ?? cost[part]))).median;
      figures.push({
        metric: `${name}: ${part} µs/email`,
        value: round(s.median, 1),
        unit: name === 'today' ? `(min ${round(s.min, 1)} / max ${round(s.max, 1)})` : `(min ${round(s.min, 1)} / max ${round(s.max, 1)}); ${round(extra, 1)} more than today, same round`,
      });
    }
  }
  const settings = { preloadSent: PRELOAD, emails: COUNT, rounds: ROUNDS, wave: WAVE, sqlite: 'WAL, synchronous=OFF (flushes excluded)' };
  const file = writeResults('exp-trigger-cost', figures, { settings, runs });
  printFigures(`SQLite time per email by index variant, ${COUNT} emails over ${PRELOAD} sent, median of ${ROUNDS} rounds — ${file}`, figures);
}

runMain(main);
