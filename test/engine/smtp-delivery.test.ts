// The processor against a real SMTP server: what arrives, byte for byte, and what each kind of
// server failure does to the queue.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpTestServer, type SmtpTestServer } from '../fakes/smtp-test-server';
import { addSmtpAccount, makeEngine, simpleMessage, type TestEngine } from '../helpers/engine';
import { attachmentsOf, parseMime } from '../helpers/mime';

let server: SmtpTestServer;
let engine: TestEngine;

beforeEach(async () => {
  server = await startSmtpTestServer();
  engine = makeEngine();
  engine.settings.update({ retryBaseSeconds: 1, retryMaxSeconds: 1 });
});

afterEach(async () => {
  engine.dispose();
  await server.close();
});

const statusOf = (id: number) => engine.queue.get(id).status;

describe('delivery over SMTP', () => {
  it('delivers headers, bodies, attachments byte-identical and the stored Message-ID', async () => {
    const accountId = await addSmtpAccount(engine, server.port);
    const binary = crypto.randomBytes(300_000);
    const file = path.join(engine.dataDir, 'report.bin');
    fs.writeFileSync(file, binary);
    const id = await engine.queue.queueEmail(
      simpleMessage('ana@example.com', {
        cc: [{ address: 'cc@example.com' }],
        bcc: [{ address: 'hidden@example.com' }],
        subject: 'Quarterly report — été',
        attachments: [
          { path: file, filename: 'report.bin', contentType: 'application/octet-stream' },
          { contentBase64: Buffer.from('inline text').toString('base64'), filename: 'note.txt' },
        ],
      }),
      accountId,
    );
    const summary = await engine.process();
    expect(summary).toMatchObject({ sent: 1, failed: 0, retrying: 0, stoppedBy: 'done' });
    expect(server.received).toHaveLength(1);
    const mail = server.received[0]!;
    expect(mail.from).toBe('sender@example.com');
    expect(mail.to.sort()).toEqual(['ana@example.com', 'cc@example.com', 'hidden@example.com']);
    const parsed = parseMime(mail.raw);
    expect(parsed.headers.get('message-id')).toBe(engine.queue.get(id).messageId);
    expect(parsed.headers.get('bcc')).toBeUndefined();
    expect(parsed.headers.get('to')).toContain('ana@example.com');
    expect(parsed.headers.get('subject')).toMatch(/=\?UTF-8\?/u);
    const files = attachmentsOf(mail.raw);
    expect(files.get('report.bin')?.equals(binary)).toBe(true);
    expect(files.get('note.txt')?.toString()).toBe('inline text');
    const detail = engine.queue.get(id);
    expect(detail.status).toBe('sent');
    expect(detail.history).toEqual([expect.objectContaining({ attempt: 1, outcome: 'sent' })]);
  });

  it('fails at once when the server refuses the recipient (550), with the server’s reason', async () => {
    server.faults.push({ kind: 'reject-recipient', address: 'nobody@example.com' });
    const accountId = await addSmtpAccount(engine, server.port);
    const id = await engine.queue.queueEmail(simpleMessage('nobody@example.com'), accountId);
    const summary = await engine.process();
    expect(summary).toMatchObject({ sent: 0, failed: 1 });
    const detail = engine.queue.get(id);
    expect(detail.status).toBe('failed');
    expect(detail.attempts).toBe(1);
    expect(detail.lastErrorCode).toBe('smtp-550');
    expect(detail.lastError).toContain('User unknown');
    expect(detail.history[0]).toMatchObject({ outcome: 'failed', providerCode: '550' });
  });

  it.each([421, 451] as const)('retries after a %i deferral and then delivers once', async (code) => {
    server.faults.push({ kind: 'defer', code, count: 1 });
    const accountId = await addSmtpAccount(engine, server.port);
    const id = await engine.queue.queueEmail(simpleMessage(), accountId);
    expect(await engine.process()).toMatchObject({ sent: 0, retrying: 1 });
    expect(statusOf(id)).toBe('queued');
    expect(engine.queue.get(id).lastErrorCode).toBe(`smtp-${code}`);
    // Due again after the (1 s) backoff.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await engine.process()).toMatchObject({ sent: 1 });
    expect(server.received).toHaveLength(1);
    expect(engine.queue.get(id).history.map((a) => a.outcome)).toEqual(['retry', 'sent']);
  });

  it('gives up after maxAttempts transient failures', async () => {
    server.faults.push({ kind: 'defer', code: 451, count: 10 });
    const accountId = await addSmtpAccount(engine, server.port);
    const id = await engine.queue.queueEmail(simpleMessage(), accountId, { maxAttempts: 2 });
    await engine.process();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await engine.process()).toMatchObject({ failed: 1 });
    const detail = engine.queue.get(id);
    expect(detail.status).toBe('failed');
    expect(detail.lastError).toMatch(/gave up after 2 attempts/u);
    expect(server.received).toHaveLength(0);
  });

  it('retries when the connection drops mid-DATA (nothing was accepted)', async () => {
    const accountId = await addSmtpAccount(engine, server.port);
    // A big message, so the drop happens while the client is still streaming it.
    const file = path.join(engine.dataDir, 'big.bin');
    fs.writeFileSync(file, crypto.randomBytes(8 * 1024 * 1024));
    server.faults.push({ kind: 'drop-during-data', count: 1 });
    const id = await engine.queue.queueEmail(simpleMessage('ana@example.com', { attachments: [{ path: file }] }), accountId);
    expect(await engine.process()).toMatchObject({ sent: 0, retrying: 1, uncertain: 0 });
    expect(server.received).toHaveLength(0);
    expect(statusOf(id)).toBe('queued');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await engine.process()).toMatchObject({ sent: 1 });
    expect(server.received).toHaveLength(1);
  });

  it('marks the email uncertain when the server accepted it but the confirmation was lost', async () => {
    server.faults.push({ kind: 'drop-after-data', count: 1 });
    const accountId = await addSmtpAccount(engine, server.port);
    const id = await engine.queue.queueEmail(simpleMessage(), accountId);
    expect(await engine.process()).toMatchObject({ sent: 0, uncertain: 1 });
    expect(server.received).toHaveLength(1);
    expect(statusOf(id)).toBe('uncertain');
    // Never re-sent blindly: another run leaves it alone.
    await engine.process();
    expect(server.received).toHaveLength(1);
    expect(engine.queue.list({ status: 'uncertain' }).map((e) => e.id)).toEqual([id]);
    // The user decides: mark as sent.
    engine.queue.markSent(id);
    expect(statusOf(id)).toBe('sent');
  });

  it('makes the email uncertain when the server stalls after the whole message (timeout)', async () => {
    server.faults.push({ kind: 'stall', ms: 3_000, count: 1 });
    const accountId = await addSmtpAccount(engine, server.port, 'sender@example.com', { timeoutSeconds: 1 });
    const id = await engine.queue.queueEmail(simpleMessage(), accountId);
    const summary = await engine.process();
    expect(summary.sent).toBe(0);
    // The whole message was written before the stall: the outcome may not be assumed.
    expect(statusOf(id)).toBe('uncertain');
  });

  it('does not send scheduled mail before its time', async () => {
    const accountId = await addSmtpAccount(engine, server.port);
    const later = new Date(Date.now() + 60 * 60_000).toISOString();
    const id = await engine.queue.queueEmail(simpleMessage(), accountId, { sendAt: later });
    expect(statusOf(id)).toBe('scheduled');
    expect(await engine.process()).toMatchObject({ sent: 0, deferred: 0 });
    expect(server.received).toHaveLength(0);
    expect(statusOf(id)).toBe('scheduled');
  });

  it('sends earliest due first and at most batch-size per run', async () => {
    const accountId = await addSmtpAccount(engine, server.port);
    const ids: number[] = [];
    for (let i = 0; i < 5; i += 1) ids.push(await engine.queue.queueEmail(simpleMessage(`r${i}@example.com`), accountId));
    const first = await engine.process({ batchSize: 2 });
    expect(first).toMatchObject({ sent: 2, deferred: 3, stoppedBy: 'batch-size' });
    expect(server.received.map((m) => m.to[0])).toEqual(['r0@example.com', 'r1@example.com']);
    expect(await engine.process({ batchSize: 10 })).toMatchObject({ sent: 3, deferred: 0 });
    expect(new Set(server.received.map((m) => m.to[0])).size).toBe(5);
  });
});

describe('edit and resend', () => {
  it('keeps the original attachments by checksum, and refuses a checksum nothing is stored under', async () => {
    server.faults.push({ kind: 'reject-recipient', address: 'typo@example.com' });
    const accountId = await addSmtpAccount(engine, server.port);
    const bytes = crypto.randomBytes(50_000);
    const id = await engine.queue.queueEmail(
      simpleMessage('typo@example.com', { attachments: [{ contentBase64: bytes.toString('base64'), filename: 'plan.bin' }] }),
      accountId,
    );
    await engine.process();
    const failed = engine.queue.get(id);
    expect(failed.status).toBe('failed');
    const stored = failed.attachments[0]!;

    await expect(
      engine.queue.edit(id, simpleMessage('ana@example.com', { attachments: [{ sha256: 'f'.repeat(64), filename: 'plan.bin' }] })),
    ).rejects.toThrow(/attachments\[0\]\.sha256: no stored attachment has this checksum/u);
    expect(engine.queue.get(id).status).toBe('failed');

    await engine.queue.edit(id, simpleMessage('ana@example.com', { attachments: [{ sha256: stored.sha256, filename: stored.filename, contentType: stored.contentType }] }));
    expect(await engine.process()).toMatchObject({ sent: 1 });
    expect(server.received).toHaveLength(1);
    expect(attachmentsOf(server.received[0]!.raw).get('plan.bin')?.equals(bytes)).toBe(true);
  });
});
