// The fault scenarios of the chaos campaign that go through the network: the SMTP server drops
// connections mid-DATA, answers 421 for a "minute", stalls past the client's timeout; the fake
// Gmail answers 500s and a 429 storm. Each drives the real CLI like cron would (process-queue
// again and again) and checks: no crash, nothing lost or sent twice, a clear state and log line.
// The scenarios that need no network (disk full, locked database, clock jumps, no keychain) are
// in faults-local.ts.
import { makeDataDir, removeDataDir } from '../../test/helpers/data-dir';
import { localFaults } from './faults-local';
import {
  account, addAccounts, cli, deliveries, enqueueBulk, listEmails, logLine, startServers, statusCounts,
  type Accounting, type Servers,
} from './support';

export interface FaultResult {
  name: string;
  ok: boolean;
  /** What became of the mail (or the command), in a few words. */
  outcome: string;
  /** The log line (or stderr line) the fault produced. */
  line: string | null;
  seconds: number;
}

export interface FaultContext {
  minuteMs: number;
  keyring: boolean;
  /** Run only the scenarios whose short name contains this. */
  only: string | null;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs process-queue like cron until nothing is waiting or `budgetMs` has passed. */
export async function drain(dataDir: string, env: Record<string, string>, budgetMs: number, pauseMs = 500): Promise<number> {
  const until = Date.now() + budgetMs;
  let runs = 0;
  for (;;) {
    const counts = await statusCounts(dataDir, env);
    if ((counts.queued ?? 0) + (counts.sending ?? 0) + (counts.scheduled ?? 0) === 0 || Date.now() > until) return runs;
    await cli(dataDir, env, ['process-queue', '--json', '--batch-size', '1000']);
    runs += 1;
    await sleep(pauseMs);
  }
}

export const describe = (a: Accounting): string =>
  `${a.total} emails: ${a.sent} sent, ${a.failed} failed, ${a.uncertain} uncertain (${a.uncertainDelivered} arrived), lost ${a.lost}, duplicated ${a.duplicated}` +
  (Object.keys(a.other).length ? `, other ${JSON.stringify(a.other)}` : '');

const clean = (a: Accounting): boolean => a.lost === 0 && a.duplicated === 0 && a.uncertainBroken === 0;

/** Sets up a data dir with accounts on `servers`, fast retries, and runs `body`. */
async function withQueue<T>(servers: Servers, options: { providers: boolean; smtpTimeoutSeconds?: number }, body: (dataDir: string, ids: Awaited<ReturnType<typeof addAccounts>>) => Promise<T>): Promise<T> {
  const dataDir = makeDataDir('facteur-fault-');
  try {
    const ids = await addAccounts(dataDir, servers, options);
    await cli(dataDir, servers.env, ['settings', 'retryBaseSeconds=1', 'retryMaxSeconds=4', 'maxAttempts=20']);
    return await body(dataDir, ids);
  } finally {
    removeDataDir(dataDir);
  }
}

async function dropMidData(): Promise<Omit<FaultResult, 'seconds'>> {
  const servers = await startServers({ providers: false });
  try {
    return await withQueue(servers, { providers: false }, async (dataDir, ids) => {
      await enqueueBulk(dataDir, [{ accountId: ids.smtp, count: 20 }], 'drop');
      servers.smtp.faults.push({ kind: 'drop-during-data', count: 5 });
      await drain(dataDir, servers.env, 30_000);
      const a = account(await listEmails(dataDir, servers.env), deliveries(servers));
      const line = logLine(dataDir, /will retry|uncertain/u);
      return { name: 'SMTP drops the connection mid-DATA (5 of 20)', ok: clean(a) && a.sent + a.uncertain === 20 && line !== null, outcome: describe(a), line };
    });
  } finally {
    await servers.close();
  }
}

async function deferForAMinute(minuteMs: number): Promise<Omit<FaultResult, 'seconds'>> {
  const servers = await startServers({ providers: false });
  try {
    return await withQueue(servers, { providers: false }, async (dataDir, ids) => {
      await enqueueBulk(dataDir, [{ accountId: ids.smtp, count: 20 }], 'defer');
      servers.smtp.faults.push({ kind: 'defer', code: 421, count: Number.MAX_SAFE_INTEGER });
      const window = setTimeout(() => servers.smtp.faults.splice(0), minuteMs);
      try {
        await drain(dataDir, servers.env, minuteMs + 60_000, 1_000);
      } finally {
        clearTimeout(window);
      }
      const a = account(await listEmails(dataDir, servers.env), deliveries(servers));
      const refused = servers.smtp.dataReplies.filter((code) => code === 421).length;
      const line = logLine(dataDir, /will retry/u);
      return {
        name: `SMTP answers 421 for ${minuteMs / 1000} s`,
        ok: clean(a) && a.sent === 20 && refused > 0 && line !== null,
        outcome: `${describe(a)}; ${refused} DATA commands answered 421 during the window`,
        line,
      };
    });
  } finally {
    await servers.close();
  }
}

async function stallPastTimeout(): Promise<Omit<FaultResult, 'seconds'>> {
  const servers = await startServers({ providers: false });
  try {
    return await withQueue(servers, { providers: false, smtpTimeoutSeconds: 1 }, async (dataDir, ids) => {
      await enqueueBulk(dataDir, [{ accountId: ids.smtp, count: 10 }], 'stall');
      servers.smtp.faults.push({ kind: 'stall', ms: 2_500, count: 3 });
      await drain(dataDir, servers.env, 30_000);
      await sleep(3_000); // the stalled server accepts those three late, after the client gave up
      const a = account(await listEmails(dataDir, servers.env), deliveries(servers));
      const line = logLine(dataDir, /uncertain|will retry/u);
      return {
        name: 'SMTP stalls 2.5 s after DATA (client timeout 1 s), 3 of 10',
        ok: clean(a) && a.sent + a.uncertain === 10 && line !== null,
        outcome: describe(a),
        line,
      };
    });
  } finally {
    await servers.close();
  }
}

async function gmailStorm(): Promise<Omit<FaultResult, 'seconds'>> {
  const servers = await startServers({ providers: true });
  try {
    return await withQueue(servers, { providers: true }, async (dataDir, ids) => {
      const google = servers.google;
      if (!google || ids.gmail === null) throw new Error('no fake Gmail');
      await enqueueBulk(dataDir, [{ accountId: ids.gmail, count: 20 }], 'storm');
      google.failNext(500, 6);
      google.failNext(429, 12, { retryAfter: '1', reason: 'rateLimitExceeded', message: 'User-rate limit exceeded.' });
      await drain(dataDir, servers.env, 60_000);
      const a = account(await listEmails(dataDir, servers.env), deliveries(servers));
      const line = logLine(dataDir, /slow down|will retry/u);
      const answered = `Gmail answered 500 ×${google.sendCount(500)}, 429 ×${google.sendCount(429)}, 200 ×${google.sendCount(200)}`;
      return {
        name: 'Gmail returns 500s, then a 429 storm (Retry-After: 1)',
        ok: clean(a) && a.sent === 20 && google.sendCount(500) === 6 && google.sendCount(429) === 12 && line !== null,
        outcome: `${describe(a)}; ${answered}`,
        line,
      };
    });
  } finally {
    await servers.close();
  }
}

async function timed(run: () => Promise<Omit<FaultResult, 'seconds'>>, name: string): Promise<FaultResult> {
  const started = Date.now();
  let result: Omit<FaultResult, 'seconds'>;
  try {
    result = await run();
  } catch (error) {
    result = { name, ok: false, outcome: `the scenario itself broke: ${(error as Error).message}`, line: null };
  }
  const done = { ...result, seconds: (Date.now() - started) / 1000 };
  console.log(`${done.ok ? 'ok  ' : 'FAIL'} ${done.name} — ${done.outcome}\n       log: ${done.line ?? '(none)'}`);
  return done;
}

export async function runFaults(context: FaultContext): Promise<FaultResult[]> {
  console.log('\nfaults');
  const scenarios: Array<[string, () => Promise<Omit<FaultResult, 'seconds'>>]> = [
    ['drop mid-DATA', dropMidData],
    ['421 window', () => deferForAMinute(context.minuteMs)],
    ['stall', stallPastTimeout],
    ...(context.keyring ? [['gmail storm', gmailStorm] as [string, () => Promise<Omit<FaultResult, 'seconds'>>]] : []),
    ...localFaults(context),
  ];
  if (!context.keyring) console.log('skip Gmail 500/429 storm: no keychain here');
  const results: FaultResult[] = [];
  for (const [name, scenario] of scenarios) {
    if (context.only === null || name.includes(context.only)) results.push(await timed(scenario, name));
  }
  return results;
}
