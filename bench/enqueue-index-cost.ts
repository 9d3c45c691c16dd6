// `tsx bench/enqueue-index-cost.ts [--smoke]`: what the search indexes cost a bulk enqueue. The
// same 10 k realistic emails (support.ts `message`) are queued into a fresh database with three
// variants of the search triggers, interleaved round by round so a noisy minute hits all of them:
//   - trigram:        only the substring index of 0010 (each recipient's name and address), as
//                     before the word index of 0013;
//   - trigram+words:  both indexes, today;
//   - none:           no index insert at all (the floor: what enqueue costs without search).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../src/main/core/config';
import { SMOKE, addNoopAccount, benchEngine, message, printFigures, round, runMain, spread, writeResults, type Figure } from './support';

const COUNT = SMOKE ? 1_000 : 10_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (SMOKE ? 1 : 5));

const VARIANTS: Record<string, string[]> = {
  trigram: ['DROP TRIGGER email_words_insert'],
  'trigram+words': [],
  none: ['DROP TRIGGER email_search_insert', 'DROP TRIGGER email_words_insert'],
};

/** Bytes of both indexes' segments (an index whose trigger was dropped stays empty). */
const INDEX_BYTES = `select (select coalesce(sum(length(block)), 0) from email_search_data)
  + (select coalesce(sum(length(block)), 0) from email_words_data) as bytes`;

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
    const { bytes } = bench.engine.db.$client.prepare(INDEX_BYTES).get() as { bytes: number };
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
  printFigures(`Enqueue cost of the search indexes, ${ROUNDS} interleaved rounds — ${file}`, figures);
}

if (require.main === module) runMain(main);
