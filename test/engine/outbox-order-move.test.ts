// The outbox's engine side: tabs read waiting mail by when it leaves and finished mail newest
// first; "retry all failed" leaves mail a retry cannot fix; removing an account can first move
// its unsent mail to another account, which then delivers it (real SQLite, real SMTP server).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { moveUnsentMail, unsentMail } from '../../src/main/core/accounts/account-move';
import { startSmtpTestServer, type SmtpTestServer } from '../fakes/smtp-test-server';
import { addSmtpAccount, makeEngine, simpleMessage, type TestEngine } from '../helpers/engine';

let server: SmtpTestServer;
let engine: TestEngine;

beforeEach(async () => {
  server = await startSmtpTestServer();
  engine = makeEngine();
});

afterEach(async () => {
  engine.dispose();
  await server.close();
});

const inFuture = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString();

describe('outbox order', () => {
  it('lists scheduled mail by send time, not by when it was queued; the CLI order stays newest first', async () => {
    const account = await addSmtpAccount(engine, server.port);
    const late = await engine.queue.queueEmail(simpleMessage('a@example.com', { subject: 'in 3 days' }), account, { sendAt: inFuture(3) });
    const soon = await engine.queue.queueEmail(simpleMessage('b@example.com', { subject: 'tomorrow' }), account, { sendAt: inFuture(1) });
    const middle = await engine.queue.queueEmail(simpleMessage('c@example.com', { subject: 'in 2 days' }), account, { sendAt: inFuture(2) });
    expect(engine.queue.list({ status: 'scheduled', order: 'leaving' }).map((item) => item.id)).toEqual([soon, middle, late]);
    expect(engine.queue.list({ status: 'scheduled' }).map((item) => item.id)).toEqual([middle, soon, late]);
  });

  it('lists sent mail newest sent first, whatever the order it was queued in', async () => {
    const account = await addSmtpAccount(engine, server.port);
    const first = await engine.queue.queueEmail(simpleMessage('a@example.com'), account, { sendAt: inFuture(1) });
    const second = await engine.queue.queueEmail(simpleMessage('b@example.com'), account);
    await engine.process();
    engine.queue.reschedule(first, new Date(Date.now() + 1_000).toISOString());
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await engine.process();
    expect(engine.queue.get(first).status).toBe('sent');
    // `first` was queued first but left last.
    expect(engine.queue.list({ status: 'sent', order: 'leaving' }).map((item) => item.id)).toEqual([first, second]);
  });

  it('counts add up to all: cancelled mail is a state of its own', async () => {
    const account = await addSmtpAccount(engine, server.port);
    const id = await engine.queue.queueEmail(simpleMessage(), account, { sendAt: inFuture(1) });
    await engine.queue.queueEmail(simpleMessage(), account, { sendAt: inFuture(1) });
    engine.queue.cancel(id);
    const counts = engine.queue.counts();
    expect(counts.cancelled).toBe(1);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(engine.queue.list({}).length);
  });
});

describe('retry all failed', () => {
  it('takes only what a retry may fix and says how many it left', async () => {
    const account = await addSmtpAccount(engine, server.port);
    engine.settings.update({ maxAttempts: 1 });
    server.faults.push({ kind: 'reject-recipient', address: 'gone@example.com', code: 550, message: '5.1.1 user unknown' });
    server.faults.push({ kind: 'defer', code: 451, count: 1 });
    const refused = await engine.queue.queueEmail(simpleMessage('gone@example.com'), account);
    await engine.process();
    const busy = await engine.queue.queueEmail(simpleMessage('busy@example.com'), account);
    await engine.process();
    expect(engine.queue.get(refused)).toMatchObject({ status: 'failed', lastErrorCode: 'smtp-550' });
    expect(engine.queue.get(busy)).toMatchObject({ status: 'failed', lastErrorCode: 'smtp-451' });

    expect(engine.queue.retryAllFailed()).toEqual({ count: 1, left: 1 });
    await engine.process();
    expect(engine.queue.get(busy).status).toBe('sent');
    expect(engine.queue.get(refused).status).toBe('failed');
    expect(server.received.map((mail) => mail.to)).toEqual([['busy@example.com']]);
  });
});

describe('moving unsent mail before removing an account', () => {
  it('moves scheduled, queued and held mail; the other account delivers it; nothing is cancelled', async () => {
    const old = await addSmtpAccount(engine, server.port, 'old@example.com');
    const next = await addSmtpAccount(engine, server.port, 'new@example.com');
    const due = await engine.queue.queueEmail(simpleMessage('a@example.com', { subject: 'due now' }), old);
    const later = await engine.queue.queueEmail(simpleMessage('b@example.com', { subject: 'later' }), old, { sendAt: inFuture(2) });
    expect(unsentMail(engine.db, old)).toEqual({ movable: 2, stuck: 0 });

    expect(moveUnsentMail(engine.db, engine.accounts, old, next, engine.clock)).toBe(2);
    expect(await engine.accounts.remove(old)).toBe(0);
    expect(engine.queue.get(later)).toMatchObject({ status: 'scheduled', accountId: next, accountEmail: 'new@example.com' });
    expect(engine.queue.get(later).messageId).toMatch(/@example\.com>$/u);

    await engine.process();
    expect(engine.queue.get(due).status).toBe('sent');
    expect(server.received).toHaveLength(1);
    expect(server.received[0]).toMatchObject({ from: 'new@example.com', to: ['a@example.com'] });
  });

  it('refuses the whole move when a mail breaks the other account’s limits, naming the field', async () => {
    const old = await addSmtpAccount(engine, server.port, 'old@example.com');
    const next = await addSmtpAccount(engine, server.port, 'new@example.com');
    engine.accounts.setLimits(next, { maxRecipients: 1 });
    await engine.queue.queueEmail(simpleMessage('a@example.com'), old, { sendAt: inFuture(1) });
    const wide = await engine.queue.queueEmail(simpleMessage('a@example.com', { cc: [{ address: 'b@example.com' }] }), old, { sendAt: inFuture(1) });
    expect(() => moveUnsentMail(engine.db, engine.accounts, old, next, engine.clock)).toThrow(/moveTo: 1 of the 2 emails exceed new@example\.com's limits/u);
    expect(engine.queue.get(wide).accountId).toBe(old);
    expect(() => moveUnsentMail(engine.db, engine.accounts, old, old, engine.clock)).toThrow(/moveTo/u);
  });
});
