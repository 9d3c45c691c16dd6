// `tsx bench/latency.ts [--smoke]`: how late scheduled mail leaves. N emails are scheduled at
// T₀, T₀+Δ, … (ms precision) through the real engine, the real Scheduler (its exact timer and
// node-cron tick) and the real clock, sending through the SMTP provider to the local SMTP server,
// which stamps each arrival. Prints p50/p95/max of (arrival − T); target: every one within 1 s.
// Writes bench/results/latency.json. Nothing asserts.
import { Scheduler } from '../src/main/core/scheduler/scheduler';
import { startSmtpTestServer } from '../test/fakes/smtp-test-server';
import { SMOKE, benchEngine, message, percentile, printFigures, round, runMain, writeResults, type Figure } from './support';

const COUNT = Number(process.env.BENCH_EMAILS ?? (SMOKE ? 10 : 100));
/** Between two scheduled times; not a multiple of a second, so T falls anywhere in a second. */
const SPACING_MS = 237;
const LEAD_MS = 2_000;
const TARGET_MS = 1_000;

async function main(): Promise<void> {
  const smtp = await startSmtpTestServer();
  // The real providers (SMTP to the local server): no override.
  const bench = benchEngine({ providers: {} });
  const scheduler = new Scheduler(bench.engine);
  try {
    // Pacing is not what is measured here: lift the SMTP default of 60 a minute.
    const accountId = await bench.engine.accounts.create(
      'smtp',
      { email: 'bench@example.com', displayName: null, secret: '', settings: { host: smtp.host, port: smtp.port, secure: false, username: null } },
      { perMinute: 10_000 },
    );
    scheduler.start();
    const first = Date.now() + LEAD_MS;
    const times = Array.from({ length: COUNT }, (_, i) => first + i * SPACING_MS);
    await bench.engine.queue.queueEmails(times.map((at, i) => ({ message: message(i), accountRef: accountId, options: { sendAt: new Date(at).toISOString() } })));
    console.log(`latency: ${COUNT} emails scheduled ${SPACING_MS} ms apart, over ${round((LEAD_MS + COUNT * SPACING_MS) / 1000, 1)} s…`);
    await smtp.waitFor(COUNT, LEAD_MS + COUNT * SPACING_MS + 30_000);

    const delays = times.map((at, i) => {
      const arrival = smtp.received.find((mail) => mail.to.includes(`client${i}@example.com`));
      return arrival ? arrival.receivedAt - at : Number.POSITIVE_INFINITY;
    });
    const early = delays.filter((d) => d < 0).length;
    const within = delays.filter((d) => d >= 0 && d <= TARGET_MS).length;
    const figures: Figure[] = [
      { metric: 'arrival − scheduled time, p50', value: percentile(delays, 50), unit: 'ms' },
      { metric: 'arrival − scheduled time, p95', value: percentile(delays, 95), unit: 'ms' },
      { metric: 'arrival − scheduled time, max', value: Math.max(...delays), unit: 'ms', target: `≤ ${TARGET_MS} ms`, met: Math.max(...delays) <= TARGET_MS },
      { metric: `left within 1 s of T (of ${COUNT})`, value: within, unit: 'emails', target: `${COUNT}`, met: within === COUNT },
      { metric: 'left before T', value: early, unit: 'emails', target: '0', met: early === 0 },
    ];
    const file = writeResults('latency', figures, {
      settings: { emails: COUNT, spacingMs: SPACING_MS, leadMs: LEAD_MS, scheduler: 'real Scheduler: exact timer + node-cron tick, real clock', provider: 'SMTP to the local test server', arrival: 'server-side Date.now() when DATA is accepted' },
      delaysMs: delays,
    });
    printFigures(`Scheduled-send latency, ${COUNT} schedules — ${file}`, figures);
  } finally {
    await scheduler.stop();
    bench.dispose();
    await smtp.close();
  }
}

if (require.main === module) runMain(main);
