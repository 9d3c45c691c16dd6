// `tsx bench/scale.ts [--smoke]`: every query the CLI and the window run, on a database of 1 k
// emails and on one of 1 M (smoke: 20 k), same shape — mixed statuses over three accounts, one of
// which has a few due emails behind the others' backlog — timed in interleaved rounds (small,
// big, small, big…) so a noisy minute hits both. Figure per query: median at each size, the ratio,
// and the targets (≤ 2× the small time, < 50 ms). Rows are written straight into SQLite (the
// triggers keep counts and search index as the app would); bodies are short, the queries never
// read them. The big database is kept in $TMPDIR between runs (keyed by schema version and by
// FILL_VERSION, which changes whenever fill() writes different rows).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { EmailStatus } from '../src/shared/domain';
import { DATABASE_FILE } from '../src/main/core/config';
import { knownSchemaVersion, MIGRATIONS_FOLDER } from '../src/main/core/db/schema-version';
import { readStatusReport } from '../src/main/core/db/status-counts';
import { countDeferred } from '../src/main/core/db/waiting-counts';
import type { Db } from '../src/main/core/db/open-database';
import { hotStatements } from '../src/main/core/db/hot-statements';
import { SMOKE, benchEngine, printFigures, round, runMain, spread, writeResults, type BenchEngine, type Figure } from './support';

const BIG = Number(process.env.BENCH_SCALE_ROWS ?? (SMOKE ? 20_000 : 1_000_000));
const SMALL = 1_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (SMOKE ? 3 : 7));
const NOW = Date.UTC(2030, 0, 15, 12);
/** Bumped when fill() changes, so a cached big database of the old shape is not reused. */
const FILL_VERSION = 3;
/** How many emails go to a rarely named recipient, for the rare short search ("yv"), at any size. */
const RARE_COUNT = 5;

/** Share of the rows per status for the two busy accounts (the third gets 5 due emails). */
const MIX: Array<[EmailStatus, number]> = [
  ['sent', 0.8],
  ['queued', 0.1],
  ['scheduled', 0.04],
  ['failed', 0.03],
  ['cancelled', 0.02],
  ['held', 0.005],
  ['uncertain', 0.005],
];

function fill(client: Database.Database, rows: number): void {
  const account = client.prepare(
    "insert into accounts (id, email, provider, secret_ref, created_at, updated_at) values (?, ?, 'smtp', ?, 0, 0)",
  );
  for (const id of [1, 2, 3]) account.run(id, `sender${id}@example.com`, `ref-${id}`);
  const email = client.prepare(
    `insert into emails (uid, account_id, status, send_at, time_zone, next_attempt_at, message_id, subject, recipient_count, size_bytes,
       created_at, updated_at, sent_at)
     values (?, ?, ?, ?, 'Europe/Paris', ?, ?, ?, 2, 3000, ?, ?, ?) returning id`,
  );
  const content = client.prepare("insert into email_contents (email_id, to_json, cc_json, bcc_json, text_body) values (?, ?, '[]', '[]', 'Bonjour')");
  const insert = (i: number, accountId: number, status: EmailStatus): void => {
    const created = NOW - (rows - i) * 1_000;
    const sendAt = status === 'scheduled' ? NOW + 86_400_000 + i : created;
    const next = status === 'queued' && i % 10 === 0 ? NOW + 600_000 : sendAt; // a tenth wait for a retry
    const { id } = email.get(
      `uid-${i}`, accountId, status, sendAt, next, `<m${i}@example.com>`, `Compte rendu n°${i} — ${i % 97 === 0 ? 'Dupont' : 'réunion'}`,
      created, created + 500, status === 'sent' ? created + 400 : null,
    ) as { id: number };
    const name = i % Math.floor(rows / RARE_COUNT) === 7 ? `Yvette Client ${i}` : `Client ${i}`;
    content.run(id, JSON.stringify([{ address: `client${i}@example.com`, name }]));
  };
  const BATCH = 50_000;
  for (let start = 0; start < rows; start += BATCH) {
    client.transaction(() => {
      for (let i = start; i < Math.min(rows, start + BATCH); i += 1) {
        let r = (i * 7919) % 1000 / 1000;
        let status: EmailStatus = 'sent';
        for (const [candidate, share] of MIX) {
          if (r < share) {
            status = candidate;
            break;
          }
          r -= share;
        }
        insert(i, 1 + (i % 2), status);
      }
    })();
  }
  client.transaction(() => {
    for (let i = rows; i < rows + 5; i += 1) insert(i, 3, 'queued');
  })();
  client.pragma('optimize');
}

/** A database of `rows` emails; the big one is built once and copied from $TMPDIR afterwards. */
function database(rows: number): BenchEngine {
  const cacheFile = path.join(os.tmpdir(), `facteur-bench-scale-${rows}-v${knownSchemaVersion(MIGRATIONS_FOLDER)}-f${FILL_VERSION}.db`);
  const bench = benchEngine();
  const file = path.join(bench.dataDir, DATABASE_FILE);
  if (rows > 100_000 && fs.existsSync(cacheFile)) {
    bench.engine.close();
    for (const suffix of ['-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    fs.copyFileSync(cacheFile, file);
    const reopened = benchEngine({ dataDir: bench.dataDir });
    return { ...reopened, dispose: () => { reopened.engine.close(); fs.rmSync(bench.dataDir, { recursive: true, force: true }); } };
  }
  const started = performance.now();
  fill(bench.engine.db.$client, rows);
  console.log(`filled ${rows.toLocaleString('en-US')} rows in ${round((performance.now() - started) / 1000, 1)} s`);
  if (rows > 100_000) {
    bench.engine.db.$client.pragma('wal_checkpoint(TRUNCATE)');
    fs.copyFileSync(file, cacheFile);
  }
  return bench;
}

type Query = (bench: BenchEngine) => unknown;

function queries(): Record<string, Query> {
  const tab = (status: EmailStatus): Query => (b) => b.engine.queue.list({ status, order: 'leaving', limit: 50 });
  return {
    'status --json (counts, attention, blocked)': (b) => readStatusReport(b.engine.db.$client),
    'tray / push counts (counts, due, attention)': (b) => [b.engine.queue.counts(), b.engine.queue.dueCount(), b.engine.queue.attentionCount()],
    'tab: all, newest first': (b) => b.engine.queue.list({ limit: 50 }),
    'tab: queued, by send time': tab('queued'),
    'tab: scheduled, by send time': tab('scheduled'),
    'tab: sent, by send time': tab('sent'),
    'tab: failed': tab('failed'),
    'tab: held': tab('held'),
    'list --status queued (newest first)': (b) => b.engine.queue.list({ status: 'queued', limit: 50 }),
    'search, rare word (Dupont)': (b) => b.engine.queue.list({ search: 'Dupont', limit: 50 }),
    'search, one address': (b) => b.engine.queue.list({ search: 'client777@', limit: 50 }),
    'search, common word (réunion)': (b) => b.engine.queue.list({ search: 'réunion', limit: 50 }),
    // Terms of 1–2 characters, as typed into the search box before a third: one that matches
    // nothing, one that matches 5 emails at either size (a recipient's first name), one in every email.
    'search, short term matching nothing (zq)': (b) => b.engine.queue.list({ search: 'zq', limit: 50 }),
    'search, short rare term (yv)': (b) => b.engine.queue.list({ search: 'yv', limit: 50 }),
    'search, short common term (cl)': (b) => b.engine.queue.list({ search: 'cl', limit: 50 }),
    // The window searches inside the open tab, in the tab's own order.
    'search in the sent tab, short rare term (yv)': (b) => b.engine.queue.list({ search: 'yv', status: 'sent', order: 'leaving', limit: 50 }),
    'search in the sent tab, short common term (cl)': (b) => b.engine.queue.list({ search: 'cl', status: 'sent', order: 'leaving', limit: 50 }),
    'search in the sent tab, common word (réunion)': (b) => b.engine.queue.list({ search: 'réunion', status: 'sent', order: 'leaving', limit: 50 }),
    'search in the queued tab, short common term (cl)': (b) => b.engine.queue.list({ search: 'cl', status: 'queued', order: 'leaving', limit: 50 }),
    'scheduler: next due time': (b) => b.engine.queue.nextDueAt(),
    "claim: due mail of the account behind the others' backlog": (b) => claimProbe(b.engine.db),
    'end of run: deferred count': (b) => countDeferred(b.engine.db, NOW),
  };
}

/** The claim's candidate read for the account behind the backlog: the processor's own statement. */
function claimProbe(db: Db): unknown {
  return hotStatements(db).dueForAccount.all({ accountId: 3, now: NOW, limit: 52 });
}

function time(query: Query, bench: BenchEngine): number {
  const start = performance.now();
  query(bench);
  return performance.now() - start;
}

async function main(): Promise<void> {
  const small = database(SMALL);
  const big = database(BIG);
  const samples: Record<string, { small: number[]; big: number[] }> = {};
  try {
    const all = queries();
    for (const [name, query] of Object.entries(all)) {
      samples[name] = { small: [], big: [] };
      time(query, small); // warm: prepare, page cache
      time(query, big);
    }
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [name, query] of Object.entries(all)) {
        samples[name]?.small.push(time(query, small));
        samples[name]?.big.push(time(query, big));
      }
    }
  } finally {
    small.dispose();
    big.dispose();
  }
  const figures: Figure[] = [];
  const table: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(samples)) {
    const a = spread(s.small);
    const b = spread(s.big);
    const ratio = round(b.median / Math.max(a.median, 0.001), 2);
    const met = b.median < 50 && b.median <= Math.max(2 * a.median, 1);
    table[name] = { small: round(a.median, 3), big: round(b.median, 3), ratio, bigMin: round(b.min, 2), bigMax: round(b.max, 2) };
    figures.push({
      metric: `${name}: ms at ${BIG} rows, median (min / max)`,
      value: round(b.median, 2),
      unit: `ms (${round(b.min, 2)} / ${round(b.max, 2)}); ${round(a.median, 3)} ms at ${SMALL}, ${ratio}×`,
      target: '≤ 2× and < 50 ms',
      met,
    });
  }
  console.table(table);
  const file = writeResults('scale', figures, { rows: { small: SMALL, big: BIG }, rounds: ROUNDS, samples, note: 'ratio target: big ≤ 2× small (sub-millisecond small times are compared with a 1 ms floor)' });
  printFigures(`Queries at ${SMALL} vs ${BIG} rows, median of ${ROUNDS} interleaved rounds — ${file}`, figures);
}

if (require.main === module) runMain(main);
