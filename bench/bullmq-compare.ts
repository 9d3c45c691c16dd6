// `tsx bench/bullmq-compare.ts [--smoke]`: the same workload on Facteur's queue and on BullMQ with
// a real Redis — N realistic emails (bench/support.ts `message`), enqueue in bulk → claim → no-op
// send → record — and the ratio. Redis runs twice: without persistence, and with an fsync-per-write
// AOF (`--appendfsync always`), the fair match for SQLite synchronous=FULL. A fourth row runs
// Facteur with no fsync at all (not durable): the most any wave-size / mark-ahead trade-off could
// win, since those only change how often it flushes. Prints, writes bench/results/bullmq-compare.json.
// Not a test: nothing asserts.
import fs from 'node:fs';
import path from 'node:path';
import { Queue, Worker } from 'bullmq';
import { startRedis, type Durability } from './redis-server';
import { SMOKE, addNoopAccount, benchEngine, machine, message, printFigures, round, runMain, spread, writeResults, type Figure } from './support';

const COUNT = Number(process.env.BENCH_EMAILS ?? (SMOKE ? 500 : 10_000));
const RUNS = Number(process.env.BENCH_RUNS ?? (SMOKE ? 1 : 3));
/** Facteur's bench provider allows 16 in flight per account; BullMQ's worker gets the same. */
const CONCURRENCY = 16;
/** Facteur with no fsync at all: a diagnostic row (see facteurRun), not a contender. */
const NO_FLUSH = 'facteur-without-fsync';

interface Phases {
  enqueueSeconds: number;
  processSeconds: number;
  processed: number;
}

const rates = (p: Phases) => ({
  enqueuePerSecond: Math.round(COUNT / p.enqueueSeconds),
  processPerSecond: Math.round(p.processed / p.processSeconds),
  endToEndPerSecond: Math.round(p.processed / (p.enqueueSeconds + p.processSeconds)),
});

/**
 * `flushes: false` is a diagnostic, not a setting the app has: SQLite `synchronous=OFF` (no fsync
 * at all, not durable). It measures what any choice of wave size or mark-ahead could at best win,
 * since those only change how many flushes there are.
 */
async function facteurRun(flushes = true): Promise<Phases> {
  const bench = benchEngine();
  try {
    if (!flushes) bench.engine.db.$client.pragma('synchronous = OFF');
    const accountId = await addNoopAccount(bench.engine);
    const items = Array.from({ length: COUNT }, (_, i) => ({ message: message(i), accountRef: accountId }));
    let start = performance.now();
    await bench.engine.queue.queueEmails(items);
    const enqueueSeconds = (performance.now() - start) / 1000;
    start = performance.now();
    const summary = await bench.engine.process({ batchSize: COUNT, maxRuntimeMs: 3_600_000 });
    const processSeconds = (performance.now() - start) / 1000;
    return { enqueueSeconds, processSeconds, processed: summary.sent };
  } finally {
    bench.dispose();
  }
}

async function bullmqRun(durability: Durability): Promise<Phases> {
  const redis = await startRedis(durability);
  const connection = { host: '127.0.0.1', port: redis.port };
  const queue = new Queue('bench', { connection });
  let worker: Worker | null = null;
  try {
    await queue.waitUntilReady();
    const jobs = Array.from({ length: COUNT }, (_, i) => ({ name: 'send', data: message(i) }));
    let start = performance.now();
    await queue.addBulk(jobs);
    const enqueueSeconds = (performance.now() - start) / 1000;

    let completed = 0;
    let allDone: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (allDone = resolve));
    // The no-op "send": the same answer Facteur's no-op provider gives. BullMQ records it as the
    // job's return value when it moves the job to `completed` (kept, like Facteur's sent rows).
    worker = new Worker('bench', (job) => Promise.resolve({ providerMessageId: `noop-${job.id ?? ''}`, response: '250 ok' }), {
      connection,
      concurrency: CONCURRENCY,
      autorun: false,
    });
    worker.on('completed', () => {
      completed += 1;
      if (completed === COUNT) allDone();
    });
    await worker.waitUntilReady();
    start = performance.now();
    void worker.run();
    await finished;
    const processSeconds = (performance.now() - start) / 1000;
    const counts = await queue.getJobCounts('completed');
    return { enqueueSeconds, processSeconds, processed: counts.completed ?? completed };
  } finally {
    await worker?.close();
    await queue.close();
    await redis.stop();
  }
}

function median(values: Phases[]): Phases {
  const pick = (key: keyof Phases): number => {
    const sorted = values.map((v) => v[key]).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] as number;
  };
  return { enqueueSeconds: pick('enqueueSeconds'), processSeconds: pick('processSeconds'), processed: pick('processed') };
}

async function main(): Promise<void> {
  const runs: Record<string, Phases[]> = { facteur: [], 'bullmq-no-persistence': [], 'bullmq-aof-fsync-always': [], [NO_FLUSH]: [] };
  // Interleaved, so a noisy minute on the machine hits every contender alike.
  for (let run = 0; run < RUNS; run += 1) {
    runs.facteur?.push(await facteurRun());
    runs['bullmq-no-persistence']?.push(await bullmqRun('none'));
    runs['bullmq-aof-fsync-always']?.push(await bullmqRun('aof-always'));
    runs[NO_FLUSH]?.push(await facteurRun(false));
    console.log(`run ${run + 1}/${RUNS} done`);
  }
  const medians = Object.fromEntries(Object.entries(runs).map(([name, list]) => [name, rates(median(list))]));
  const facteur = medians.facteur ?? rates({ enqueueSeconds: 1, processSeconds: 1, processed: 0 });
  const figures: Figure[] = [];
  /** "median (min / max)" of one rate over the runs. */
  const over = (list: Phases[], key: keyof ReturnType<typeof rates>): { value: number; unit: string } => {
    const s = spread(list.map((p) => rates(p)[key]));
    return { value: s.median, unit: `emails/s (min ${s.min} / max ${s.max})` };
  };
  for (const [name, list] of Object.entries(runs)) {
    figures.push({ metric: `${name}: enqueue (bulk)`, ...over(list, 'enqueuePerSecond') });
    figures.push({ metric: `${name}: claim → no-op send → record`, ...over(list, 'processPerSecond') });
    figures.push({ metric: `${name}: end to end`, ...over(list, 'endToEndPerSecond') });
  }
  // Durable against durable (SQLite FULL vs AOF fsync always): ≥ 2×; against Redis without
  // persistence (which loses acknowledged jobs on a crash): at least par.
  const targets: Record<string, number> = { 'bullmq-no-persistence': 1, 'bullmq-aof-fsync-always': 2 };
  for (const [name, target] of Object.entries(targets)) {
    const other = medians[name];
    if (!other) continue;
    const ratio = round(facteur.endToEndPerSecond / other.endToEndPerSecond, 2);
    figures.push({ metric: `ratio Facteur / ${name} (end to end)`, value: ratio, unit: '×', target: `≥ ${target}×`, met: ratio >= target });
    figures.push({ metric: `ratio Facteur / ${name} (process only)`, value: round(facteur.processPerSecond / other.processPerSecond, 2), unit: '×' });
    const ceiling = medians[NO_FLUSH];
    if (ceiling) figures.push({ metric: `ceiling: ${NO_FLUSH} / ${name} (end to end)`, value: round(ceiling.endToEndPerSecond / other.endToEndPerSecond, 2), unit: '× (what no flush trade-off can beat)' });
  }
  const settings = {
    emails: COUNT,
    runs: RUNS,
    statistic: 'median (min / max) of interleaved runs; ratios of the medians',
    facteur: { provider: 'no-op', accountConcurrency: CONCURRENCY, batchSize: COUNT, sqlite: 'WAL, synchronous=FULL' },
    [NO_FLUSH]: { as: 'facteur', sqlite: 'WAL, synchronous=OFF — a diagnostic: not durable, not an app setting' },
    bullmq: { version: bullmqVersion(), enqueue: 'queue.addBulk (one call)', worker: { concurrency: CONCURRENCY, processor: 'no-op', removeOnComplete: false } },
    redis: { none: "--save '' --appendonly no", 'aof-always': "--save '' --appendonly yes --appendfsync always" },
  };
  const file = writeResults('bullmq-compare', figures, { settings, runs });
  console.log(`machine: ${JSON.stringify(machine())}`);
  printFigures(`Facteur vs BullMQ, ${COUNT} emails, median of ${RUNS} run(s) — ${file}`, figures);
}

function bullmqVersion(): string {
  const file = path.join(path.dirname(require.resolve('bullmq')), '..', '..', 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

if (require.main === module) runMain(main);
