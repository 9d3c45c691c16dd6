// `tsx bench/growth.ts [--smoke]`: the bulk enqueue rate on an empty queue (median of 3 fresh
// databases, one queueEmails call each), then how enqueue and claim → no-op send → record rates
// change as the queue already holds 1k, 10k, 50k, 100k due rows. At each level the queue is
// filled (untimed), then a probe of P emails is enqueued (timed) and a batch of P is processed
// (timed), so the backlog stays at the level while sent history accumulates beside it. Writes
// bench/results/growth.json and the curve as bench/results/growth.svg. Nothing asserts.
import fs from 'node:fs';
import path from 'node:path';
import { lineChartSvg } from './svg-chart';
import { SMOKE, addNoopAccount, benchEngine, message, printFigures, resultsDir, round, runMain, writeResults, type Figure } from './support';

const BULK = Number(process.env.BENCH_EMAILS ?? (SMOKE ? 1_000 : 10_000));
const LEVELS = SMOKE ? [0, 500, 2_000] : [0, 1_000, 10_000, 50_000, 100_000];
const PROBE = SMOKE ? 500 : 5_000;
const FILL_CHUNK = 10_000;
const BULK_TARGET = 20_000;

interface Point {
  backlog: number;
  rowsInTable: number;
  enqueuePerSecond: number;
  processPerSecond: number;
}

async function bulkEnqueueRate(): Promise<number> {
  const bench = benchEngine();
  try {
    const accountId = await addNoopAccount(bench.engine);
    const items = Array.from({ length: BULK }, (_, i) => ({ message: message(i), accountRef: accountId }));
    const start = performance.now();
    await bench.engine.queue.queueEmails(items);
    return BULK / ((performance.now() - start) / 1000);
  } finally {
    bench.dispose();
  }
}

async function curve(): Promise<Point[]> {
  const bench = benchEngine();
  const points: Point[] = [];
  try {
    const accountId = await addNoopAccount(bench.engine);
    let next = 0;
    const batch = (count: number) => Array.from({ length: count }, () => ({ message: message(next++), accountRef: accountId }));
    let backlog = 0;
    let sent = 0;
    for (const level of LEVELS) {
      while (backlog < level) {
        const count = Math.min(FILL_CHUNK, level - backlog);
        await bench.engine.queue.queueEmails(batch(count));
        backlog += count;
      }
      const probe = batch(PROBE);
      let start = performance.now();
      await bench.engine.queue.queueEmails(probe);
      const enqueueSeconds = (performance.now() - start) / 1000;
      start = performance.now();
      const summary = await bench.engine.process({ batchSize: PROBE, maxRuntimeMs: 3_600_000 });
      const processSeconds = (performance.now() - start) / 1000;
      sent += summary.sent;
      const point = {
        backlog: level,
        rowsInTable: backlog + PROBE - summary.sent + sent,
        enqueuePerSecond: Math.round(PROBE / enqueueSeconds),
        processPerSecond: Math.round(summary.sent / processSeconds),
      };
      points.push(point);
      console.log(`backlog ${level}: enqueue ${point.enqueuePerSecond}/s, claim → record ${point.processPerSecond}/s`);
    }
    return points;
  } finally {
    bench.dispose();
  }
}

const label = (n: number): string => (n >= 1_000 ? `${n / 1_000}k` : String(n));

async function main(): Promise<void> {
  const bulkRuns: number[] = [];
  for (let run = 0; run < 3; run += 1) bulkRuns.push(await bulkEnqueueRate());
  const bulk = Math.round([...bulkRuns].sort((a, b) => a - b)[1] as number);
  const points = await curve();

  const first = points[0] as Point;
  const last = points[points.length - 1] as Point;
  const keep = (now: number, then: number): number => round((100 * now) / then, 0);
  const figures: Figure[] = [
    { metric: `bulk enqueue, ${BULK} in one call, empty queue (median of 3)`, value: bulk, unit: 'emails/s', target: `≥ ${BULK_TARGET.toLocaleString('en-US')}/s`, met: bulk >= BULK_TARGET },
    ...points.flatMap((p) => [
      { metric: `enqueue ${PROBE} with ${label(p.backlog)} due rows queued`, value: p.enqueuePerSecond, unit: 'emails/s' },
      { metric: `claim → record ${PROBE} with ${label(p.backlog)} due rows queued`, value: p.processPerSecond, unit: 'emails/s' },
    ]),
    { metric: `enqueue rate kept at ${label(last.backlog)} vs empty`, value: keep(last.enqueuePerSecond, first.enqueuePerSecond), unit: '%', target: 'no cliff', met: last.enqueuePerSecond >= first.enqueuePerSecond / 2 },
    { metric: `claim → record rate kept at ${label(last.backlog)} vs empty`, value: keep(last.processPerSecond, first.processPerSecond), unit: '%', target: 'no cliff', met: last.processPerSecond >= first.processPerSecond / 2 },
  ];
  const svg = lineChartSvg({
    title: `Facteur queue rates as the backlog grows (probe of ${PROBE.toLocaleString('en-US')} emails per point)`,
    xLabel: 'due rows already queued (plus sent history)',
    yLabel: 'emails per second',
    categories: points.map((p) => label(p.backlog)),
    series: [
      { name: 'enqueue (bulk, one call)', color: '#1f77b4', values: points.map((p) => p.enqueuePerSecond) },
      { name: 'claim → no-op send → record', color: '#d62728', values: points.map((p) => p.processPerSecond) },
    ],
  });
  const svgFile = path.join(resultsDir(), 'growth.svg');
  fs.writeFileSync(svgFile, svg);
  const file = writeResults('growth', figures, { settings: { bulk: BULK, levels: LEVELS, probe: PROBE, provider: 'no-op, concurrency 16' }, bulkRuns: bulkRuns.map(Math.round), points, svg: path.basename(svgFile) });
  printFigures(`Enqueue and the growth curve — ${file}, ${svgFile}`, figures);
}

if (require.main === module) runMain(main);
