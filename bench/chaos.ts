// `npm run chaos`: the crash and fault campaign. N runs (default 50) of a batch (default 500
// emails) to the local SMTP server — every third run also to the fake Gmail and the fake Graph —
// each SIGKILLed at a random moment and restarted until done; then one scenario per fault. Counts
// lost, duplicated and uncertain mail, prints tables, writes bench/results/chaos.json, and exits 1
// when anything was lost or delivered twice, or a fault scenario went wrong.
//   tsx bench/chaos.ts [--runs N] [--emails N] [--smoke] [--no-faults] [--only-faults]
//                      [--fault NAME] [--minute-ms MS] [--seed N] [--no-build]
// Re-runs itself inside a private D-Bus session with a throwaway gnome-keyring (see keyring.ts).
import fs from 'node:fs';
import path from 'node:path';
import buildCli from '../test/helpers/global-setup';
import { runFaults, type FaultResult } from './chaos/faults';
import { ensureKeyring } from './chaos/keyring';
import { killRun, type RunResult } from './chaos/kill-runs';
import { startServers } from './chaos/support';

interface Options {
  runs: number;
  emails: number;
  faults: boolean;
  kills: boolean;
  minuteMs: number;
  seed: number;
  smoke: boolean;
  only: string | null;
}

function parseArgs(argv: string[]): Options {
  const smoke = argv.includes('--smoke');
  const number = (flag: string, fallback: number): number => {
    const at = argv.indexOf(flag);
    if (at < 0) return fallback;
    const value = Number(argv[at + 1]);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${flag} needs a whole number`);
    return value;
  };
  return {
    smoke,
    runs: number('--runs', smoke ? 3 : 50),
    emails: number('--emails', smoke ? 60 : 500),
    // The "421 for a minute" window; --smoke shortens it to 5 s.
    minuteMs: number('--minute-ms', smoke ? 5_000 : 60_000),
    seed: number('--seed', Date.now() % 1_000_000),
    faults: !argv.includes('--no-faults'),
    kills: !argv.includes('--only-faults') && !argv.includes('--fault'),
    only: argv.includes('--fault') ? (argv[argv.indexOf('--fault') + 1] ?? null) : null,
  };
}

/** mulberry32: a seeded generator, so a failing campaign can be replayed with --seed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function printRuns(runs: RunResult[]): void {
  const rows = runs.map((r) => [
    r.run, r.mixed ? 'smtp+gmail+graph' : 'smtp', r.emails, r.killedMidBatch ? `${r.killedAtDelivered}` : 'finished first',
    r.leftAfterKill, r.restarts, r.accounting.sent, r.accounting.failed, `${r.accounting.uncertain} (${r.accounting.uncertainDelivered} arrived)`,
    r.accounting.lost, r.accounting.duplicated, r.seconds.toFixed(1),
  ]);
  const head = ['run', 'accounts', 'emails', 'killed at', 'left', 'restarts', 'sent', 'failed', 'uncertain', 'lost', 'dup', 's'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells: Array<string | number>): string => cells.map((cell, i) => String(cell).padEnd(widths[i] ?? 0)).join('  ');
  console.log(line(head));
  for (const row of rows) console.log(line(row));
}

function totals(runs: RunResult[]) {
  const sum = (pick: (r: RunResult) => number): number => runs.reduce((acc, r) => acc + pick(r), 0);
  return {
    runs: runs.length,
    emails: sum((r) => r.emails),
    killedMidBatch: runs.filter((r) => r.killedMidBatch).length,
    sent: sum((r) => r.accounting.sent),
    failed: sum((r) => r.accounting.failed),
    uncertain: sum((r) => r.accounting.uncertain),
    uncertainDelivered: sum((r) => r.accounting.uncertainDelivered),
    uncertainDeliveredTwice: sum((r) => r.accounting.uncertainBroken),
    lost: sum((r) => r.accounting.lost),
    duplicated: sum((r) => r.accounting.duplicated),
  };
}

async function main(): Promise<void> {
  const keyring = ensureKeyring();
  const options = parseArgs(process.argv.slice(2));
  // The campaign kills the real `facteur` (bin/facteur.js → dist/): compile it from this tree first.
  if (!process.argv.includes('--no-build')) buildCli();
  if (!keyring) console.log('note: no dbus-run-session/gnome-keyring here: Gmail and Graph runs are skipped (SMTP only)');
  console.log(`chaos: ${options.kills ? `${options.runs} runs × ${options.emails} emails` : 'no kill runs'}, faults ${options.faults ? 'on' : 'off'}, seed ${options.seed}`);
  const random = seeded(options.seed);
  const runs: RunResult[] = [];
  if (options.kills && options.runs > 0) {
    const servers = await startServers({ providers: keyring, smtpDelayMs: 2 });
    try {
      for (let run = 1; run <= options.runs; run += 1) {
        const result = await killRun(servers, run, options.emails, keyring && run % 3 === 0, random);
        runs.push(result);
        const a = result.accounting;
        console.log(`run ${run}: killed ${result.killedMidBatch ? `after ${result.killedAtDelivered} deliveries` : 'after it finished'}, sent ${a.sent}, uncertain ${a.uncertain}, lost ${a.lost}, duplicated ${a.duplicated}`);
      }
    } finally {
      await servers.close();
    }
    console.log('');
    printRuns(runs);
  }
  const faults: FaultResult[] = options.faults ? await runFaults({ minuteMs: options.minuteMs, keyring, only: options.only }) : [];
  const sum = totals(runs);
  console.log('\ntotals');
  for (const [key, value] of Object.entries(sum)) console.log(`  ${key.padEnd(24)} ${value}`);
  const failedFaults = faults.filter((fault) => !fault.ok);
  if (faults.length) console.log(`  ${'fault scenarios ok'.padEnd(24)} ${faults.length - failedFaults.length}/${faults.length}`);

  const out = path.join(__dirname, 'results', options.smoke ? 'chaos-smoke.json' : 'chaos.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const report = { date: new Date().toISOString(), options, totals: sum, runs, faults };
  fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), out)}`);
  if (sum.lost > 0 || sum.duplicated > 0 || sum.uncertainDeliveredTwice > 0 || failedFaults.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
