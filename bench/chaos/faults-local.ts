// Fault scenarios that break the machine rather than the network: the disk fills up while an
// attachment is stored (a 1 MB tmpfs as the data dir), another process holds the database's write
// lock past the busy timeout, the clock jumps forward and back under a running batch (FakeClock,
// in-process, two processors), and the keychain does not answer (D-Bus pointing nowhere).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FakeClock } from '../../src/main/core/clock';
import { startSmtpTestServer } from '../../test/fakes/smtp-test-server';
import { REPO_ROOT, runCli } from '../../test/helpers/cli';
import { makeDataDir, removeDataDir } from '../../test/helpers/data-dir';
import { addSmtpAccount, makeEngine } from '../../test/helpers/engine';
import type { FaultContext, FaultResult } from './faults';
import { account, addAccounts, cli, deliveries, enqueueBulk, listEmails, logLine, startServers, statusCounts, type ListedEmail, type Servers } from './support';

type Scenario = () => Promise<Omit<FaultResult, 'seconds'>>;

const total = (counts: Record<string, number>): number => Object.values(counts).reduce((sum, n) => sum + n, 0);
const firstLine = (text: string): string => text.trim().split('\n')[0] ?? '';

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name);
}

const diskFull: Scenario = async () => {
  const mountPoint = makeDataDir('facteur-full-');
  const outside = makeDataDir('facteur-full-input-');
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint]).status === 0;
  // Where a tmpfs cannot be mounted (not root), a 1 MB file size limit makes writes fail the same
  // way a full disk does, for the enqueue only.
  const limit = mounted ? {} : { fileSizeLimitBlocks: 2048 };
  try {
    const dataDir = path.join(mountPoint, 'data');
    await cli(dataDir, {}, ['accounts', 'add', '--provider', 'smtp', '--email', 's@example.com', '--host', '127.0.0.1', '--port', '2525', '--no-verify']);
    fs.writeFileSync(path.join(outside, 'big.bin'), randomBytes(3 * 1024 * 1024));
    const message = (attachments: unknown[]): string => {
      const file = path.join(outside, `m-${attachments.length}.json`);
      fs.writeFileSync(file, JSON.stringify({ to: [{ address: 'a@example.com' }], subject: 'big', text: 'x', attachments }));
      return file;
    };
    const full = await runCli(['enqueue', '--account', '1', '--message', message([{ path: path.join(outside, 'big.bin') }])], { dataDir, ...limit });
    const after = await statusCounts(dataDir, {});
    const leftovers = filesUnder(path.join(dataDir, 'attachments'));
    // The disk has room again for a small message: the database was not damaged.
    const small = await runCli(['enqueue', '--account', '1', '--message', message([])], { dataDir });
    const clear = /space|full|size limit/iu.test(full.stderr) && !/\n\s+at /u.test(full.stderr);
    return {
      name: `disk full while storing a 3 MB attachment (${mounted ? '1 MB tmpfs data dir' : '1 MB file size limit: no tmpfs mount here'})`,
      ok: full.code !== 0 && full.code !== 1 && clear && total(after) === 0 && leftovers.length === 0 && small.code === 0,
      outcome: `enqueue exit ${String(full.code)}, queue ${JSON.stringify(after)}, ${leftovers.length} attachment files left; a small message afterwards: exit ${String(small.code)}`,
      line: firstLine(full.stderr),
    };
  } finally {
    if (mounted) spawnSync('umount', [mountPoint]);
    removeDataDir(mountPoint);
    removeDataDir(outside);
  }
};

const databaseLocked: Scenario = async () => {
  const dataDir = makeDataDir('facteur-locked-');
  try {
    await cli(dataDir, {}, ['accounts', 'add', '--provider', 'smtp', '--email', 's@example.com', '--host', '127.0.0.1', '--port', '2525', '--no-verify']);
    const script =
      "const D=require('better-sqlite3');const db=new D(process.argv[1]);db.exec('BEGIN IMMEDIATE');" +
      "process.stdout.write('locked\\n');setTimeout(()=>{db.exec('ROLLBACK');process.exit(0)},20000);";
    const holder = spawn(process.execPath, ['-e', script, path.join(dataDir, 'facteur.db')], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      holder.stdout.once('data', () => resolve());
      holder.once('exit', () => reject(new Error('the lock holder exited early')));
    });
    const file = path.join(dataDir, 'm.json');
    fs.writeFileSync(file, JSON.stringify({ to: [{ address: 'a@example.com' }], subject: 'x', text: 'x' }));
    const started = Date.now();
    const locked = await runCli(['enqueue', '--account', '1', '--message', file], { dataDir });
    const waited = (Date.now() - started) / 1000;
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('close', resolve));
    const after = await statusCounts(dataDir, {});
    return {
      name: 'database write-locked by another process past the busy timeout',
      ok: locked.code === 3 && /database is locked/u.test(locked.stderr) && total(after) === 0,
      outcome: `enqueue exit ${String(locked.code)} after ${waited.toFixed(1)} s; queue afterwards ${JSON.stringify(after)}`,
      line: firstLine(locked.stderr),
    };
  } finally {
    removeDataDir(dataDir);
  }
};

const clockJumps: Scenario = async () => {
  const server = await startSmtpTestServer({ delayMs: 30 });
  const clock = new FakeClock(Date.now());
  const engine = makeEngine({ clock });
  try {
    const accountId = await addSmtpAccount(engine, server.port);
    engine.accounts.setLimits(accountId, { perMinute: 10_000, perDay: 100_000, concurrency: 2 });
    const msg = (i: number) => ({ to: [{ address: `c${i}@example.com` }], subject: `clock ${i}`, text: 'x' });
    const inAnHour = new Date(clock.now() + 3_600_000).toISOString();
    await engine.queue.queueEmails(Array.from({ length: 20 }, (_, i) => ({ message: msg(i), accountRef: accountId, ...(i >= 10 ? { options: { sendAt: inAnHour } } : {}) })));
    await engine.process();
    const afterFirst = server.received.length; // 10: the scheduled ten wait
    clock.advance(-2 * 3_600_000); // back two hours: nothing is due, nothing sent again
    await engine.process();
    const afterBack = server.received.length;
    clock.advance(3 * 3_600_000); // forward past the schedule
    await engine.process();
    const afterForward = server.received.length;
    // Mid-batch: 20 more; while run A sends, the clock leaps a day (A's lock and leases look
    // expired), run B starts and takes over; then the clock falls back two days.
    await engine.queue.queueEmails(Array.from({ length: 20 }, (_, i) => ({ message: msg(100 + i), accountRef: accountId })));
    const runA = engine.process();
    await server.waitFor(afterForward + 2);
    clock.advance(86_400_000);
    const runB = engine.process();
    await server.waitFor(afterForward + 6, 20_000).catch(() => undefined);
    clock.advance(-2 * 86_400_000);
    const guard = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('runs did not finish within 60 s')), 60_000).unref());
    await Promise.race([Promise.all([runA, runB]), guard]);
    await engine.process(); // whatever B requeued from A and A left behind
    // Mail queued "now" at T is due at T: after the fall back it waits until the clock is there again.
    const waiting = engine.queue.counts().queued;
    clock.advance(86_400_000 + 60_000);
    await engine.process();
    // A retry planned while the clock was a day ahead is due a day later: let the clock get there.
    const retriesWaiting = engine.queue.counts().queued;
    clock.advance(2 * 86_400_000);
    await engine.process();
    const emails: ListedEmail[] = engine.queue.list({ limit: 1000 }).map((e) => ({ id: e.id, status: e.status, messageId: e.messageId, lastError: e.lastError }));
    const smtpOnly = { smtp: server, google: null, microsoft: null, ca: null, env: {}, close: () => Promise.resolve() } as Servers;
    const a = account(emails, deliveries(smtpOnly));
    const steps = afterFirst === 10 && afterBack === 10 && afterForward === 20;
    return {
      name: 'clock jumps back 2 h, forward 3 h, then +1 day and −2 days mid-batch (FakeClock, two runs)',
      ok: steps && a.lost === 0 && a.duplicated === 0 && a.uncertainBroken === 0 && a.sent + a.uncertain === 40,
      outcome: `delivered after each step ${afterFirst}/${afterBack}/${afterForward}; ${waiting} waited for the clock to come back, then ${retriesWaiting} retries planned a day ahead; ${a.total} emails: ${a.sent} sent, ${a.uncertain} uncertain (${a.uncertainDelivered} arrived), lost ${a.lost}, duplicated ${a.duplicated}`,
      line: logLine(engine.dataDir, /recovered|lost the batch lock|another run/u),
    };
  } finally {
    engine.dispose();
    await server.close();
  }
};

const NO_KEYCHAIN = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' };

function keychainUnavailable(keyring: boolean): Scenario {
  return async () => {
    const servers = await startServers({ providers: keyring });
    const dataDir = makeDataDir('facteur-nokeychain-');
    try {
      const tokens = servers.google ? JSON.stringify(servers.google.issueTokens()) : '{"accessToken":"a","refreshToken":"r","expiresAt":"2099-01-01T00:00:00Z"}';
      const add = await runCli(['accounts', 'add', '--provider', 'gmail', '--email', 'ana@example.com', '--tokens-stdin'], { dataDir, input: tokens, env: { ...servers.env, ...NO_KEYCHAIN } });
      const accounts = JSON.parse((await cli(dataDir, servers.env, ['accounts', 'list', '--json'])).stdout) as unknown[];
      let held = 'no keychain in this environment: only the refused add was checked';
      let heldOk = true;
      if (keyring) {
        // An account linked while the keychain answered, then a send run while it does not.
        const ids = await addAccounts(dataDir, servers, { providers: true });
        if (ids.gmail === null) throw new Error('no Gmail account');
        await enqueueBulk(dataDir, [{ accountId: ids.gmail, count: 5 }], 'nokeychain');
        // --max-runtime: the account pauses 60 s at a time while the keychain is away, within the run.
        const started = Date.now();
        const run = await runCli(['process-queue', '--json', '--max-runtime', '5'], { dataDir, env: { ...servers.env, ...NO_KEYCHAIN }, timeoutMs: 120_000 });
        const seconds = (Date.now() - started) / 1000;
        const waiting = await statusCounts(dataDir, servers.env);
        const emails = await listEmails(dataDir, servers.env);
        // Due mail that cannot be sent for want of the keychain makes the run exit 3 (cron must hear
        // of it), and the mail stays queued, never failed.
        heldOk = run.code === 3 && /keychain/iu.test(run.stderr) && (waiting.queued ?? 0) === 5 && (waiting.failed ?? 0) === 0 && emails.some((e) => /keychain/iu.test(e.lastError ?? ''));
        held = `process-queue --max-runtime 5 without keychain: exit ${String(run.code)} after ${seconds.toFixed(1)} s, Gmail mail ${JSON.stringify(waiting)} (waits, not failed), stderr "${firstLine(run.stderr)}": "${emails.find((e) => e.lastError)?.lastError ?? ''}"`;
      }
      return {
        name: 'keychain unavailable (D-Bus pointing nowhere)',
        ok: add.code === 3 && /keychain/iu.test(add.stderr) && accounts.length === 0 && heldOk,
        outcome: `accounts add exit ${String(add.code)}, accounts stored ${accounts.length}; ${held}`,
        line: firstLine(add.stderr),
      };
    } finally {
      removeDataDir(dataDir);
      await servers.close();
    }
  };
}

export function localFaults(context: FaultContext): Array<[string, Scenario]> {
  return [
    ['disk full', diskFull],
    ['database locked', databaseLocked],
    ['clock jumps', clockJumps],
    ['keychain unavailable', keychainUnavailable(context.keyring)],
  ];
}
