// `tsx bench/enqueue-index-cost.ts [--smoke]`: what the search index costs a bulk enqueue. The same
// 10 k realistic emails (support.ts `message`) are queued into a fresh database with three variants
// of the search triggers, interleaved round by round so a noisy minute hits all of them:
//   - json:  the triggers of 0005 (the To/Cc JSON indexed as is, rowid = email id), as before 0010;
//   - text:  the triggers of 0010 (each recipient's name and address, rowid = minus the id), today;
//   - none:  no index insert at all (the floor: what enqueue costs without search).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../src/main/core/config';
import { SMOKE, addNoopAccount, benchEngine, message, printFigures, round, runMain, spread, writeResults, type Figure } from './support';

const COUNT = SMOKE ? 1_000 : 10_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (SMOKE ? 1 : 5));

/** 0005's insert trigger, verbatim: the stored JSON of To and Cc went into the index. */
const JSON_TRIGGER = `CREATE TRIGGER email_search_insert AFTER INSERT ON email_contents BEGIN
  INSERT INTO email_search (rowid, subject, recipients)
    SELECT new.email_id, e.subject, new.to_json || ' ' || new.cc_json FROM emails e WHERE e.id = new.email_id;
END`;

const VARIANTS: Record<string, string[]> = {
  json: ['DROP TRIGGER email_search_insert', JSON_TRIGGER],
  text: [],
  none: ['DROP TRIGGER email_search_insert'],
};

async function enqueueOnce(statements: string[]): Promise<{ perEmailUs: number; indexBytes: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'facteur-bench-index-'));
  const setup = benchEngine({ dataDir });
  await addNoopAccount(setup.engine);
  setup.engine.close();
  const raw = new Database(path.join(dataDir, DATABASE_FILE));
  for (const statement of statements) raw.exec(statement);
  raw.close();
  const bench = benchEngine({ dataDir });
  try {
    const items = Array.from({ length: COUNT }, (_, i) => ({ message: message(i), accountRef: 1 }));
    const start = performance.now();
    await bench.engine.queue.queueEmails(items);
    const elapsed = performance.now() - start;
    const { bytes } = bench.engine.db.$client.prepare('select coalesce(sum(length(block)), 0) as bytes from email_search_data').get() as { bytes: number };
    return { perEmailUs: (elapsed / COUNT) * 1000, indexBytes: bytes };
  } finally {
    bench.dispose();
  }
}

async function main(): Promise<void> {
  const samples: Record<string, number[]> = {};
  const bytes: Record<string, number> = {};
  for (let r = 0; r < ROUNDS; r += 1) {
    for (const [name, statements] of Object.entries(VARIANTS)) {
      const { perEmailUs, indexBytes } = await enqueueOnce(statements);
      (samples[name] ??= []).push(perEmailUs);
      bytes[name] = indexBytes;
    }
  }
  const figures: Figure[] = Object.entries(samples).map(([name, values]) => {
    const s = spread(values);
    return {
      metric: `bulk enqueue of ${COUNT} emails, search triggers "${name}": µs per email, median (min / max)`,
      value: round(s.median, 1),
      unit: `µs (${round(s.min, 1)} / ${round(s.max, 1)}); index ${Math.round((bytes[name] ?? 0) / 1024)} KB`,
    };
  });
  const file = writeResults('enqueue-index-cost', figures, { count: COUNT, rounds: ROUNDS, samples, indexBytes: bytes });
  printFigures(`Enqueue cost of the search index, ${ROUNDS} interleaved rounds — ${file}`, figures);
}

if (require.main === module) runMain(main);
