// A sending window and `--expires-after` together, on a fake clock against the real SMTP server.
// The limit counts from the mail's own time, not from the window's opening: mail due at 18:00 on
// Friday (after the window closed) with "not more than 60 minutes late" fails with code `expired`
// once its hour has passed — at the next run after 19:00, not on Monday at the opening, so the
// outbox does not promise "opens Mon 09:00" for mail that can never leave. Mail whose limit
// reaches past the opening leaves at the opening, once; so does each evening occurrence of a
// daily series, and the series carries on at its own time.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/main/core/clock';
import type { SendingWindow } from '../../src/shared/sending-window';
import { simpleMessage } from '../helpers/engine';
import { useEngineWithServer } from '../helpers/engine-with-server';

const OFFICE: SendingWindow = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], hours: [{ start: '09:00', end: '17:30' }], timeZone: 'Europe/Paris' };
const at = (text: string): number => Date.parse(text);

const start = useEngineWithServer();

async function officeAccount(begin: string) {
  const clock = new FakeClock(at(begin));
  const { engine, server, accountId } = await start({ clock });
  engine.accounts.setWindow(accountId, OFFICE);
  return { clock, accountId, e: engine, smtp: server };
}

describe('a sending window with --expires-after', { timeout: 60_000 }, () => {
  it('expires mail the window holds past its limit once the limit has passed, not at the opening', async () => {
    const { clock, accountId, e, smtp } = await officeAccount('2030-01-04T16:55:00Z'); // Friday 17:55 Paris: closed
    const id = await e.queue.queueEmail(simpleMessage('ana@example.com', { subject: 'Tonight only' }), accountId, {
      sendAt: '2030-01-04T17:00:00Z', // 18:00 Paris
      timeZone: 'Europe/Paris',
      expiresAfterMinutes: 60,
    });
    clock.set(at('2030-01-04T17:00:00Z'));
    expect(await e.process({ maxRuntimeMs: 1_000 })).toMatchObject({ sent: 0, failed: 0, deferred: 1 });
    expect(e.queue.get(id)).toMatchObject({ status: 'queued', nextAttemptAt: '2030-01-07T08:00:00.000Z' });

    // 19:01 Paris: more than 60 minutes after its time, and the window is still closed until Monday.
    clock.set(at('2030-01-04T18:01:00Z'));
    expect(await e.process({ maxRuntimeMs: 1_000 })).toMatchObject({ sent: 0, failed: 1 });
    expect(e.queue.get(id)).toMatchObject({ status: 'failed', lastErrorCode: 'expired' });
    expect(e.queue.counts().failed).toBe(1);

    // Monday at the opening nothing leaves.
    clock.set(at('2030-01-07T08:00:00Z'));
    await e.process({ maxRuntimeMs: 1_000 });
    expect(smtp.received).toHaveLength(0);
  });

  it('sends mail whose limit reaches past the opening at the opening, once', async () => {
    const { clock, accountId, e, smtp } = await officeAccount('2030-01-07T07:00:00Z'); // Monday 08:00 Paris: closed
    const id = await e.queue.queueEmail(simpleMessage('ana@example.com', { subject: 'Morning' }), accountId, {
      sendAt: '2030-01-07T07:30:00Z', // 08:30 Paris
      timeZone: 'Europe/Paris',
      expiresAfterMinutes: 60,
    });
    clock.set(at('2030-01-07T07:30:00Z'));
    expect(await e.process({ maxRuntimeMs: 1_000 })).toMatchObject({ sent: 0, failed: 0, deferred: 1 });
    expect(e.queue.get(id)).toMatchObject({ status: 'queued', nextAttemptAt: '2030-01-07T08:00:00.000Z' });
    clock.set(at('2030-01-07T08:00:00Z'));
    expect(await e.process({ maxRuntimeMs: 30_000 })).toMatchObject({ sent: 1, failed: 0 });
    expect(await e.process({ maxRuntimeMs: 1_000 })).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(e.queue.get(id).status).toBe('sent');
  });

  it('a daily series at 20:00 leaves each evening’s occurrence at the next opening, once, and carries on at 20:00', async () => {
    const { clock, accountId, e, smtp } = await officeAccount('2030-01-07T12:00:00Z'); // Monday 13:00 Paris
    const first = await e.queue.queueEmail(simpleMessage('ana@example.com', { subject: 'Evening digest' }), accountId, {
      sendAt: '2030-01-07T20:00',
      timeZone: 'Europe/Paris',
      repeat: 'FREQ=DAILY',
    });
    clock.set(at('2030-01-07T19:00:00Z')); // 20:00 Paris: closed
    expect(await e.process({ maxRuntimeMs: 1_000 })).toMatchObject({ sent: 0, deferred: 1 });
    expect(e.queue.get(first)).toMatchObject({ status: 'queued', nextAttemptAt: '2030-01-08T08:00:00.000Z' });
    expect(e.queue.get(first).series?.upcoming.slice(0, 2)).toEqual(['2030-01-07T20:00:00+01:00', '2030-01-08T20:00:00+01:00']);
    clock.set(at('2030-01-08T08:00:00Z')); // Tuesday 09:00 Paris
    expect(await e.process({ maxRuntimeMs: 30_000 })).toMatchObject({ sent: 1 });
    expect(await e.process({ maxRuntimeMs: 1_000 })).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(e.queue.list({ status: 'scheduled' }).map((item) => item.sendAt)).toEqual(['2030-01-08T19:00:00.000Z']);
  });
});

// The late-mail rule ("held or expired when its time passed more than N minutes ago while nothing
// was sending") counts from when the mail could first have left: for mail due while its window is
// closed, that is the opening, so a computer off overnight does not hold mail that would have
// waited for the morning anyway.
describe('a sending window with the late-mail rule', { timeout: 60_000 }, () => {
  it('sends mail due while the window was closed at a run soon after the opening, though nothing ran overnight', async () => {
    const { clock, accountId, e, smtp } = await officeAccount('2030-01-07T12:00:00Z'); // Monday 13:00 Paris
    e.settings.update({ lateMail: 'hold', lateAfterMinutes: 60 });
    const id = await e.queue.queueEmail(simpleMessage('ana@example.com', { subject: 'Evening note' }), accountId, { sendAt: '2030-01-07T20:00', timeZone: 'Europe/Paris' });
    // Nothing runs until Tuesday 09:30 Paris: 13.5 hours after its time, 30 minutes after the opening.
    clock.set(at('2030-01-08T08:30:00Z'));
    expect(await e.process({ maxRuntimeMs: 30_000 })).toMatchObject({ sent: 1, held: 0 });
    expect(e.queue.get(id).status).toBe('sent');
    expect(smtp.received).toHaveLength(1);
  });

  it('still holds it when the run comes more than the rule’s minutes after the opening', async () => {
    const { clock, accountId, e, smtp } = await officeAccount('2030-01-07T12:00:00Z');
    e.settings.update({ lateMail: 'hold', lateAfterMinutes: 60 });
    const id = await e.queue.queueEmail(simpleMessage('ana@example.com', { subject: 'Evening note' }), accountId, { sendAt: '2030-01-07T20:00', timeZone: 'Europe/Paris' });
    clock.set(at('2030-01-08T09:30:00Z')); // Tuesday 10:30 Paris: 90 minutes after the opening
    await e.process({ maxRuntimeMs: 1_000 });
    expect(e.queue.get(id)).toMatchObject({ status: 'held', lastErrorCode: 'late' });
    expect(smtp.received).toHaveLength(0);
  });
});
