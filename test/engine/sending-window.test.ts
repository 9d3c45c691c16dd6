// Sending windows end to end on a fake clock, a real SQLite file and a real SMTP server: mail due
// outside the window waits (its next try shows the opening) and reaches the server at the opening,
// 09:00 Paris on both sides of the DST changes; mail in flight when the window closes finishes; a
// batch's own window narrows its account's; the batch ETA counts the window.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/main/core/clock';
import type { ProcessOptions } from '../../src/main/core/processor/processor';
import { waitReason } from '../../src/main/core/queue/wait-reason';
import type { ProcessSummary } from '../../src/shared/domain';
import type { SendingWindow } from '../../src/shared/sending-window';
import type { SmtpTestServerOptions } from '../fakes/smtp-test-server';
import { addSmtpAccount, simpleMessage, type TestEngine } from '../helpers/engine';
import { useEngineWithServer } from '../helpers/engine-with-server';
import { mergePeople, WEDNESDAY_AFTERNOONS } from '../helpers/merge-people';

const OFFICE: SendingWindow = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], hours: [{ start: '09:00', end: '17:30' }], timeZone: 'Europe/Paris' };
const at = (text: string): number => Date.parse(text);

const start = useEngineWithServer();

async function setup(begin: string, server: SmtpTestServerOptions = {}) {
  const clock = new FakeClock(at(begin));
  return { clock, ...(await start({ clock, server })) };
}

/**
 * Runs a batch, moving the fake clock only while the engine waits on it — never while a send is
 * on its way to the SMTP server (real sockets take real time).
 */
async function processWithClock(run: TestEngine, clock: FakeClock, options: ProcessOptions, stepMs = 30_000): Promise<ProcessSummary> {
  let finished = false;
  const done = run.process(options).finally(() => (finished = true));
  while (!finished) {
    for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    if (run.queue.counts().sending > 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      continue;
    }
    const wake = clock.nextWake();
    if (!finished && wake !== null) clock.advance(Math.max(1, Math.min(stepMs, wake - clock.now())));
  }
  return done;
}

const queueOne = (e: TestEngine, accountId: number, subject = 'Hello'): Promise<number> =>
  e.queue.queueEmail(simpleMessage('ana@example.com', { subject }), accountId);

describe('sending windows', () => {
  it('holds mail queued after hours and delivers it at Monday 09:00 Paris, not before', async () => {
    const { clock, accountId, engine: e, server: smtp } = await setup('2030-01-04T17:00:00Z'); // Friday 18:00 Paris
    e.accounts.setWindow(accountId, OFFICE);
    const id = await queueOne(e, accountId);
    const first = await processWithClock(e, clock, { maxRuntimeMs: 10 * 60_000 });
    // Held by the window, it is reported to cron as deferred, not silently left out.
    expect(first).toMatchObject({ sent: 0, failed: 0, deferred: 1 });
    expect(smtp.received).toHaveLength(0);
    // The held mail shows when it will leave, and why.
    const listed = e.queue.list({}).find((item) => item.id === id);
    expect(listed).toMatchObject({ status: 'queued', nextAttemptAt: '2030-01-07T08:00:00.000Z' });
    expect(waitReason(e.db, e.accounts, e.settings, clock, id)).toEqual({
      reason: 'sending-window',
      until: '2030-01-07T08:00:00.000Z',
      opens: { label: 'Mon 09:00', timeZone: 'Europe/Paris' },
    });
    // Monday 08:50 Paris: a run that starts before the opening waits for it, like a pause end.
    clock.set(at('2030-01-07T07:50:00Z'));
    const second = await processWithClock(e, clock, { maxRuntimeMs: 20 * 60_000 });
    expect(second).toMatchObject({ sent: 1 });
    expect(smtp.received).toHaveLength(1);
    const received = smtp.received[0]?.receivedAt ?? 0;
    expect(received).toBeGreaterThanOrEqual(at('2030-01-07T08:00:00Z'));
    expect(received).toBeLessThan(at('2030-01-07T08:00:10Z'));
    expect(e.queue.get(id).status).toBe('sent');
  });

  it('counts mail held by both a pause and the window once in deferred', async () => {
    const { clock, accountId, engine: e } = await setup('2030-01-04T17:00:00Z'); // Friday 18:00 Paris
    e.accounts.setWindow(accountId, OFFICE);
    await queueOne(e, accountId, 'held twice over');
    const held = await processWithClock(e, clock, { maxRuntimeMs: 60_000 });
    expect(held).toMatchObject({ sent: 0, deferred: 1 });
    // Now the account is also paused past the opening: still one mail left waiting, not two.
    e.accounts.pause(accountId, at('2030-01-08T08:00:00Z'));
    expect(await processWithClock(e, clock, { maxRuntimeMs: 60_000 })).toMatchObject({ sent: 0, deferred: 1 });
  });

  it.each([
    ['spring (UTC+1 → UTC+2)', '2030-03-29T17:00:00Z', '2030-04-01T07:00:00.000Z'],
    ['autumn (UTC+2 → UTC+1)', '2030-10-25T16:00:00Z', '2030-10-28T08:00:00.000Z'],
  ])('opens at 09:00 Paris across the %s change', async (_name, friday, monday) => {
    const { clock, accountId, engine: e, server: smtp } = await setup(friday);
    e.accounts.setWindow(accountId, OFFICE);
    const id = await queueOne(e, accountId);
    await processWithClock(e, clock, { maxRuntimeMs: 5 * 60_000 });
    expect(e.queue.list({}).find((item) => item.id === id)?.nextAttemptAt).toBe(monday);
    clock.set(Date.parse(monday) - 5 * 60_000);
    expect(await processWithClock(e, clock, { maxRuntimeMs: 20 * 60_000 })).toMatchObject({ sent: 1 });
    const received = smtp.received[0]?.receivedAt ?? 0;
    expect(received).toBeGreaterThanOrEqual(Date.parse(monday));
    expect(received).toBeLessThan(Date.parse(monday) + 10_000);
  });

  it('lets mail in flight when the window closes finish, and holds the rest', async () => {
    const { clock, accountId, engine: e, server: smtp } = await setup('2030-01-02T16:29:59Z', { delayMs: 400 }); // Wednesday 17:29:59 Paris
    const slowAccount = await addSmtpAccount(e, smtp.port, 'slow@example.com');
    e.accounts.setLimits(slowAccount, { concurrency: 1 });
    e.accounts.setWindow(slowAccount, OFFICE);
    void accountId;
    const firstId = await queueOne(e, slowAccount, 'first');
    const secondId = await queueOne(e, slowAccount, 'second');
    const run = e.process({ maxRuntimeMs: 60_000 });
    // Once the first is on its way, the window closes.
    const deadline = Date.now() + 20_000;
    while (e.queue.get(firstId).status !== 'sending' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    clock.advance(2_000);
    const summary = await run;
    expect(summary).toMatchObject({ sent: 1, failed: 0, deferred: 1 });
    expect(smtp.received.map((mail) => mail.raw.toString('utf8').match(/^Subject: (.*)$/mu)?.[1])).toEqual(['first']);
    expect(e.queue.get(firstId).status).toBe('sent');
    expect(e.queue.list({}).find((item) => item.id === secondId)).toMatchObject({ status: 'queued', nextAttemptAt: '2030-01-03T08:00:00.000Z' });
  });

  it('a batch window narrows the account’s: the batch waits, other mail of the account leaves; the ETA follows the window', async () => {
    const { clock, accountId, engine: e, server: smtp } = await setup('2030-01-07T09:00:00Z'); // Monday 10:00 Paris
    e.accounts.setWindow(accountId, OFFICE);
    const merged = await mergePeople(e, accountId, WEDNESDAY_AFTERNOONS);
    expect(merged.eta).toBe('2030-01-09T13:00:00.000Z'); // Wednesday 14:00 Paris: both in the opening burst
    const alone = await queueOne(e, accountId, 'not in the batch');
    expect(await processWithClock(e, clock, { maxRuntimeMs: 5 * 60_000 })).toMatchObject({ sent: 1, deferred: 2 });
    expect(e.queue.get(alone).status).toBe('sent');
    expect(smtp.received).toHaveLength(1);
    const batchMail = e.queue.list({}).filter((item) => item.id !== alone);
    expect(batchMail.map((item) => item.nextAttemptAt)).toEqual(['2030-01-09T13:00:00.000Z', '2030-01-09T13:00:00.000Z']);
    expect(e.batches.list()[0]?.eta).toBe('2030-01-09T13:00:00.000Z');
    clock.set(at('2030-01-09T12:58:00Z'));
    expect(await processWithClock(e, clock, { maxRuntimeMs: 10 * 60_000 })).toMatchObject({ sent: 2 });
    expect(smtp.received.slice(1).every((mail) => mail.receivedAt >= at('2030-01-09T13:00:00Z'))).toBe(true);
  });

  it('the batch ETA skips the closed hours: what does not fit before 17:30 leaves Monday', async () => {
    const { accountId, engine: e } = await setup('2030-01-04T16:29:00Z'); // Friday 17:29 Paris
    e.accounts.setLimits(accountId, { perMinute: 60 });
    e.accounts.setWindow(accountId, OFFICE);
    const rows = Array.from({ length: 100 }, (_, i) => `r${i}@example.com,R${i}`).join('\n');
    const merged = await e.batches.merge({
      accountRef: accountId,
      template: { to: [{ address: '{{email}}' }], subject: 'Hi {{name}}', text: 'Hello' },
      data: Buffer.from(`email,name\n${rows}\n`),
      dataLabel: 'many.csv',
      name: 'many',
      templateDir: e.dataDir,
      dataDir: e.dataDir,
    });
    // About 60 leave in the last minute of Friday; the rest start again Monday 09:00 Paris.
    const eta = Date.parse(merged.eta ?? '');
    expect(eta).toBeGreaterThan(at('2030-01-07T08:00:00Z'));
    expect(eta).toBeLessThan(at('2030-01-07T08:01:30Z'));
    e.accounts.setWindow(accountId, null);
    expect(Date.parse(e.batches.list()[0]?.eta ?? '')).toBeLessThan(at('2030-01-04T16:31:00Z'));
  });
});
