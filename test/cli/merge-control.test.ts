// A batch controlled while it really sends: `batch pause` stops further mail mid-run (the SMTP
// server gets nothing more), `resume` sends the rest, `cancel` stops only the unsent, and the
// export, `batch --json` and `batches --json` agree with what the server received.
// `batch pause|resume|cancel ID --json` print an object a script can read.
import fs from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpTestServer, type SmtpTestServer } from '../fakes/smtp-test-server';
import { runCli, spawnCli } from '../helpers/cli';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';
import { addSmtpAccount, makeEngine } from '../helpers/engine';

let server: SmtpTestServer;
let dataDir: string;
let work: string;
const run = (args: string[]) => runCli(args, { dataDir, timeoutMs: 120_000 });
const ROWS = 8;

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

async function mergeBatch(name: string): Promise<string> {
  const template = path.join(work, `${name}.json`);
  fs.writeFileSync(template, JSON.stringify({ to: [{ address: '{{email}}' }], subject: 'Hi {{n}}', text: 'row {{n}}' }));
  const data = path.join(work, `${name}.csv`);
  const rows = Array.from({ length: ROWS }, (_, i) => `${i},${name}${i}@example.com`);
  fs.writeFileSync(data, `n,email\n${rows.join('\n')}\n`);
  const merged = await run(['merge', '--account', '1', '--template', template, '--data', data, '--name', name]);
  expect(merged.stderr).toBe('');
  return merged.stdout.trim();
}

const receivedFor = (name: string): string[] => server.received.flatMap((mail) => mail.to).filter((to) => to.startsWith(name));

beforeAll(async () => {
  // Each message takes 700 ms at the server: time to act while the batch is being sent.
  server = await startSmtpTestServer({ delayMs: 700 });
  dataDir = makeDataDir();
  work = makeDataDir('facteur-merge-control-');
  const engine = makeEngine({ dataDir });
  const id = await addSmtpAccount(engine, server.port);
  engine.accounts.setLimits(id, { perMinute: 10_000, concurrency: 1 });
  engine.close();
});

afterAll(async () => {
  await server.close();
  removeDataDir(dataDir);
  removeDataDir(work);
});

describe('batch control while the batch is being sent', () => {
  it('pause stops further mail, resume sends the rest, and the reports agree with the server', async () => {
    const batch = await mergeBatch('pa');
    const sending = spawnCli(['process-queue', '--json'], { dataDir });
    const done = exited(sending);
    await server.waitFor(2, 60_000);
    const paused = await run(['batch', 'pause', batch, '--json']);
    expect(paused.code).toBe(0);
    const pausedCount = (JSON.parse(paused.stdout) as { batch: number; paused: number }).paused;
    expect(JSON.parse(paused.stdout)).toEqual({ batch: Number(batch), paused: pausedCount });
    expect(pausedCount).toBeGreaterThan(0);
    expect(await done).toBe(0);
    // What was in flight when the pause came may still leave; nothing after it.
    const sentBeforeResume = receivedFor('pa').length;
    expect(sentBeforeResume + pausedCount).toBe(ROWS);
    await run(['process-queue']);
    expect(receivedFor('pa')).toHaveLength(sentBeforeResume);

    const detail = JSON.parse((await run(['batch', batch, '--json'])).stdout) as { paused: boolean; eta: string | null; rows: Array<{ status: string; sentAt: string | null }> };
    expect(detail).toMatchObject({ paused: true, eta: null });
    expect(detail.rows.filter((r) => r.status === 'sent' && r.sentAt)).toHaveLength(sentBeforeResume);
    expect(detail.rows.filter((r) => r.status === 'paused' && !r.sentAt)).toHaveLength(pausedCount);
    const summary = (JSON.parse((await run(['batches', '--json'])).stdout) as Array<{ id: number; total: number; counts: Record<string, number>; eta: string | null }>).find((b) => String(b.id) === batch);
    expect(summary).toMatchObject({ total: ROWS, eta: null, counts: expect.objectContaining({ sent: sentBeforeResume, paused: pausedCount }) });

    const resumed = await run(['batch', 'resume', batch, '--json']);
    expect(JSON.parse(resumed.stdout)).toEqual({ batch: Number(batch), resumed: pausedCount });
    const after = (JSON.parse((await run(['batches', '--json'])).stdout) as Array<{ id: number; eta: string | null }>).find((b) => String(b.id) === batch);
    expect(Date.parse(after?.eta ?? '')).not.toBeNaN();
    expect(JSON.parse((await run(['process-queue', '--json'])).stdout)).toMatchObject({ sent: pausedCount, failed: 0 });
    expect(receivedFor('pa').sort()).toEqual(Array.from({ length: ROWS }, (_, i) => `pa${i}@example.com`).sort());
    // The plain output stays the bare count; a batch with nothing left to pause says so.
    expect((await run(['batch', 'cancel', batch])).stdout.trim()).toBe('0');
    const nothing = await run(['batch', 'pause', batch, '--json']);
    expect(nothing.stderr).toMatch(/has no mail that can be paused/u);
    expect(nothing.stdout).toBe('');
  });

  it('cancel while sending cancels only the unsent; the export says which row went and when', async () => {
    const batch = await mergeBatch('ca');
    const sending = spawnCli(['process-queue', '--json'], { dataDir });
    const done = exited(sending);
    const start = server.received.length;
    await server.waitFor(start + 3, 60_000);
    const cancelled = await run(['batch', 'cancel', batch, '--json']);
    const count = (JSON.parse(cancelled.stdout) as { cancelled: number }).cancelled;
    expect(JSON.parse(cancelled.stdout)).toEqual({ batch: Number(batch), cancelled: count });
    expect(count).toBeGreaterThan(0);
    expect(await done).toBe(0);
    const sent = receivedFor('ca');
    expect(sent.length + count).toBe(ROWS);

    const out = path.join(work, 'ca-export.csv');
    expect((await run(['batch', 'export', batch, '--out', out])).code).toBe(0);
    const table = parse(fs.readFileSync(out), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(table).toHaveLength(ROWS);
    for (const row of table) {
      if (sent.includes(row.email ?? '')) {
        expect(row.status).toBe('sent');
        expect(Date.parse(row.sent_at ?? '')).not.toBeNaN();
      } else {
        expect(row).toMatchObject({ status: 'cancelled', sent_at: '' });
      }
    }
    const summary = (JSON.parse((await run(['batches', '--json'])).stdout) as Array<{ id: number; counts: Record<string, number>; eta: string | null }>).find((b) => String(b.id) === batch);
    expect(summary).toMatchObject({ eta: null, counts: expect.objectContaining({ sent: sent.length, cancelled: count }) });
  });

  it('a recipient the server refuses is failed in the export with the server\'s reason; the others are sent', async () => {
    server.faults.push({ kind: 'reject-recipient', address: 'rf3@example.com', code: 550, message: 'No such user here' });
    const batch = await mergeBatch('rf');
    expect(JSON.parse((await run(['process-queue', '--json'])).stdout)).toMatchObject({ sent: ROWS - 1, failed: 1 });
    const out = path.join(work, 'rf-export.csv');
    expect((await run(['batch', 'export', batch, '--out', out])).code).toBe(0);
    const table = parse(fs.readFileSync(out), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(table.find((row) => row.email === 'rf3@example.com')).toMatchObject({ status: 'failed', sent_at: '', error: expect.stringMatching(/550.*No such user here/u) });
    expect(table.filter((row) => row.status === 'sent' && row.error === '' && row.sent_at !== '')).toHaveLength(ROWS - 1);
    const detail = JSON.parse((await run(['batch', batch, '--json'])).stdout) as { counts: Record<string, number>; rows: Array<{ to: string; status: string; error: string | null }> };
    expect(detail.counts).toMatchObject({ sent: ROWS - 1, failed: 1 });
    expect(detail.rows.find((row) => row.to === 'rf3@example.com')?.error).toMatch(/No such user here/u);
  });
});
