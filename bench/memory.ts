// `tsx bench/memory.ts [--smoke]`: peak memory of the real `facteur process-queue` (bin/facteur.js,
// built with `tsc -p tsconfig.build.json` first unless BENCH_SKIP_BUILD=1) sending N emails with a
// big attachment each to the local SMTP server (bodies counted, not kept). The child's VmHWM and
// VmRSS are sampled from /proc. Then a second batch runs with a low --memory-limit: it must stop
// with stoppedBy memory-limit, and nothing may be lost (every email sent or still queued; a
// follow-up run sends the rest). Writes bench/results/memory.json. Nothing asserts.
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEngine } from '../src/main/core/engine';
import { readConfig } from '../src/main/core/config';
import { silentLogger } from '../src/main/core/logger';
import { MemorySecretStore } from '../src/main/core/secrets/memory-secret-store';
import type { ProcessSummary } from '../src/shared/domain';
import { startSmtpTestServer, type SmtpTestServer } from '../test/fakes/smtp-test-server';
import { SMOKE, message, printFigures, round, runMain, writeResults, type Figure } from './support';

const ROOT = path.join(__dirname, '..');
const EMAILS = Number(process.env.BENCH_EMAILS ?? (SMOKE ? 5 : 100));
const ATTACHMENT_MB = Number(process.env.BENCH_ATTACHMENT_MB ?? (SMOKE ? 2 : 25));
const LIMIT_RUN_EMAILS = SMOKE ? 4 : 20;
const TARGET_MB = 200;
const MB = 1024 * 1024;

interface CliRun {
  summary: ProcessSummary;
  peakHwmMb: number;
  peakRssMb: number;
  seconds: number;
}

function procStatusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'mu').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null; // the process has exited
  }
}

/** Runs `facteur process-queue --json` and samples its memory every 20 ms. */
async function processQueue(dataDir: string, args: string[]): Promise<CliRun> {
  const start = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'facteur.js'), 'process-queue', '--json', '--batch-size', '100000', ...args], {
    env: { ...process.env, FACTEUR_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let peakHwmKb = 0;
  let peakRssKb = 0;
  const sample = (): void => {
    if (child.pid === undefined) return;
    peakHwmKb = Math.max(peakHwmKb, procStatusKb(child.pid, 'VmHWM') ?? 0);
    peakRssKb = Math.max(peakRssKb, procStatusKb(child.pid, 'VmRSS') ?? 0);
  };
  const timer = setInterval(sample, 20);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(timer);
  if (code !== 0) throw new Error(`process-queue exited with ${code}:\n${stderr}\n${stdout}`);
  return { summary: JSON.parse(stdout) as ProcessSummary, peakHwmMb: round(peakHwmKb / 1024, 1), peakRssMb: round(peakRssKb / 1024, 1), seconds: round((performance.now() - start) / 1000, 1) };
}

/** Queues `count` emails with the attachment, through the engine on the CLI's data dir. */
async function enqueue(dataDir: string, smtp: SmtpTestServer, attachmentPath: string, count: number, offset: number): Promise<Record<string, number>> {
  const engine = createEngine({ config: readConfig({ FACTEUR_DATA_DIR: dataDir }), secrets: new MemorySecretStore(), logger: silentLogger() });
  try {
    const existing = engine.accounts.list().find((account) => account.email === 'bench@example.com');
    const accountId =
      existing?.id ??
      (await engine.accounts.create(
        'smtp',
        { email: 'bench@example.com', displayName: null, secret: '', settings: { host: smtp.host, port: smtp.port, secure: false, username: null } },
        { maxMessageBytes: (ATTACHMENT_MB + 16) * 2 * MB, perMinute: 10_000 },
      ));
    const attachments = [{ path: attachmentPath, filename: 'report.bin', contentType: 'application/octet-stream' }];
    await engine.queue.queueEmails(Array.from({ length: count }, (_, i) => ({ message: { ...message(offset + i), attachments }, accountRef: accountId })));
    return engine.queue.counts();
  } finally {
    engine.close();
  }
}

function counts(dataDir: string): Record<string, number> {
  const out = execFileSync(process.execPath, [path.join(ROOT, 'bin', 'facteur.js'), 'status', '--json'], { env: { ...process.env, FACTEUR_DATA_DIR: dataDir } });
  return JSON.parse(out.toString()) as Record<string, number>;
}

async function main(): Promise<void> {
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    console.log('building the CLI (tsc -p tsconfig.build.json)…');
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'facteur-bench-memory-'));
  const dataDir = path.join(work, 'data');
  const attachmentPath = path.join(work, 'report.bin');
  fs.writeFileSync(attachmentPath, crypto.randomBytes(ATTACHMENT_MB * MB));
  const smtp = await startSmtpTestServer({ discardBodies: true });
  try {
    await enqueue(dataDir, smtp, attachmentPath, EMAILS, 0);
    console.log(`sending ${EMAILS} emails × ${ATTACHMENT_MB} MB through process-queue…`);
    const full = await processQueue(dataDir, []);
    const bytes = smtp.received.reduce((sum, mail) => sum + mail.size, 0);

    // A low limit: halfway between the CLI's idle footprint (a run with nothing due) and the
    // peak the first run reached, so the batch starts and must stop part-way.
    const idle = await processQueue(dataDir, []);
    const limitMb = Math.max(40, Math.floor(idle.peakRssMb + (full.peakRssMb - idle.peakRssMb) / 2));
    const before = smtp.received.length;
    await enqueue(dataDir, smtp, attachmentPath, LIMIT_RUN_EMAILS, EMAILS);
    const limited = await processQueue(dataDir, ['--memory-limit', String(limitMb)]);
    const afterLimited = counts(dataDir);
    const deliveredInLimited = smtp.received.length - before;
    const rest = await processQueue(dataDir, []);
    const afterRest = counts(dataDir);
    const total = EMAILS + LIMIT_RUN_EMAILS;
    const noneLost =
      limited.summary.stoppedBy === 'memory-limit' &&
      deliveredInLimited === limited.summary.sent &&
      (afterLimited.queued ?? 0) === LIMIT_RUN_EMAILS - limited.summary.sent &&
      (afterRest.sent ?? 0) === total &&
      smtp.received.length === total;

    const figures: Figure[] = [
      { metric: `process-queue peak RSS (VmHWM), ${full.summary.sent} × ${ATTACHMENT_MB} MB attachment`, value: full.peakHwmMb, unit: 'MB', target: `≤ ${TARGET_MB} MB`, met: full.peakHwmMb <= TARGET_MB },
      { metric: 'process-queue throughput', value: round(bytes / MB / full.seconds, 1), unit: 'MB/s on the wire' },
      { metric: 'process-queue idle footprint (nothing due)', value: idle.peakHwmMb, unit: 'MB' },
      { metric: `--memory-limit ${limitMb}: sent before stopping (of ${LIMIT_RUN_EMAILS})`, value: limited.summary.sent, unit: 'emails' },
      { metric: `--memory-limit ${limitMb}: stopped by memory-limit, nothing lost`, value: noneLost ? 1 : 0, unit: '(1 = yes)', target: 'yes', met: noneLost },
    ];
    const file = writeResults('memory', figures, {
      settings: { emails: EMAILS, attachmentMb: ATTACHMENT_MB, smtpConcurrency: 2, attachment: 'one 25 MB random file, attached by path (content-addressed, streamed)', limitRunEmails: LIMIT_RUN_EMAILS, memoryLimitMb: limitMb },
      fullRun: { ...full, bytesReceived: bytes },
      limitedRun: { ...limited, deliveredInLimited, countsAfter: afterLimited },
      followUpRun: { ...rest, countsAfter: afterRest },
    });
    printFigures(`Memory of process-queue — ${file}`, figures);
  } finally {
    await smtp.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) runMain(main);
