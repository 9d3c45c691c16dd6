// Repeating mail on a fake clock against the real SMTP server: "every Monday 09:00" in
// Europe/Paris and in America/New_York goes out once a week at 09:00 local, before, across and
// after both daylight-saving changes of each zone; a series stopped, skipped, or left while the
// app was off for weeks does what the user expects.
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/main/core/clock';
import type { SmtpTestServer } from '../fakes/smtp-test-server';
import { simpleMessage, type TestEngine } from '../helpers/engine';
import { useEngineWithServer } from '../helpers/engine-with-server';
import { parseMime } from '../helpers/mime';

let smtp: SmtpTestServer;
let engine: TestEngine;
let clock: FakeClock;
let accountId: number;

const start = useEngineWithServer();
beforeEach(async () => {
  clock = new FakeClock(Date.UTC(2030, 1, 20, 12));
  ({ engine, server: smtp, accountId } = await start({ clock }));
});

/** "Mon 09:00" as the zone's own clock shows `instant`. */
const wall = (instant: number, timeZone: string): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant).replace(',', '');

const subjectOf = (raw: Buffer): string => parseMime(raw).headers.get('subject') ?? '';

describe('a weekly series across daylight-saving changes', () => {
  it('sends each Monday occurrence once, at 09:00 local, in Paris and New York', { timeout: 120_000 }, async () => {
    await engine.queue.queueEmail(simpleMessage('paris@example.com', { subject: 'Paris weekly' }), accountId, {
      sendAt: '2030-03-04T09:00',
      timeZone: 'Europe/Paris',
      repeat: 'FREQ=WEEKLY;BYDAY=MO',
    });
    await engine.queue.queueEmail(simpleMessage('ny@example.com', { subject: 'NY weekly' }), accountId, {
      sendAt: '2030-03-04T09:00',
      timeZone: 'America/New_York',
      repeat: 'RRULE:FREQ=WEEKLY;BYDAY=MO',
    });
    const end = Date.UTC(2030, 10, 12);
    const deliveries: Array<{ subject: string; at: number }> = [];
    for (;;) {
      const due = engine.queue.nextDueAt();
      if (due === null || due > end) break;
      // A minute early nothing leaves; at the time exactly one mail does.
      clock.set(due - 60_000);
      await engine.process();
      expect(smtp.received.length).toBe(deliveries.length);
      clock.set(due);
      await engine.process();
      const fresh = smtp.received.slice(deliveries.length);
      expect(fresh).toHaveLength(1);
      deliveries.push({ subject: subjectOf((fresh[0] as { raw: Buffer }).raw), at: clock.now() });
      // Always exactly one occurrence of each series waiting.
      const waiting = engine.queue.list({ status: 'scheduled' });
      expect(waiting.map((item) => item.subject).sort()).toEqual(['NY weekly', 'Paris weekly']);
    }
    const paris = deliveries.filter((d) => d.subject === 'Paris weekly');
    const ny = deliveries.filter((d) => d.subject === 'NY weekly');
    // 4 Mar … 11 Nov 2030: 37 Mondays, each sent once.
    expect(paris).toHaveLength(37);
    expect(ny).toHaveLength(37);
    for (const d of paris) expect(wall(d.at, 'Europe/Paris')).toBe('Mon 09:00');
    for (const d of ny) expect(wall(d.at, 'America/New_York')).toBe('Mon 09:00');
    const parisUtc = paris.map((d) => new Date(d.at).toISOString());
    const nyUtc = ny.map((d) => new Date(d.at).toISOString());
    // Paris: CET (UTC+1) until 31 Mar, CEST (UTC+2) until 27 Oct, CET again.
    expect(parisUtc).toContain('2030-03-25T08:00:00.000Z');
    expect(parisUtc).toContain('2030-04-01T07:00:00.000Z');
    expect(parisUtc).toContain('2030-10-21T07:00:00.000Z');
    expect(parisUtc).toContain('2030-10-28T08:00:00.000Z');
    // New York: EST (UTC-5) until 10 Mar, EDT (UTC-4) until 3 Nov, EST again.
    expect(nyUtc).toContain('2030-03-04T14:00:00.000Z');
    expect(nyUtc).toContain('2030-03-11T13:00:00.000Z');
    expect(nyUtc).toContain('2030-10-28T13:00:00.000Z');
    expect(nyUtc).toContain('2030-11-04T14:00:00.000Z');
    // Each occurrence is its own email: 37 distinct Message-IDs per series.
    const ids = smtp.received.map((mail) => parseMime(mail.raw).headers.get('message-id'));
    expect(new Set(ids).size).toBe(74);
  });

  it('shows the rule, zone and the next five times with their offsets, across the change', async () => {
    const id = await engine.queue.queueEmail(simpleMessage(), accountId, { sendAt: '2030-03-18T09:00', timeZone: 'Europe/Paris', repeat: 'FREQ=WEEKLY;BYDAY=MO' });
    const detail = engine.queue.get(id);
    expect(detail.seriesId).toBe(detail.series?.id);
    expect(detail.series).toMatchObject({
      rule: 'FREQ=WEEKLY;BYDAY=MO',
      timeZone: 'Europe/Paris',
      state: 'active',
      upcoming: ['2030-03-18T09:00:00+01:00', '2030-03-25T09:00:00+01:00', '2030-04-01T09:00:00+02:00', '2030-04-08T09:00:00+02:00', '2030-04-15T09:00:00+02:00'],
    });
    expect(engine.queue.list({})[0]?.seriesId).toBe(detail.series?.id);
  });
});

describe('living with a series', () => {
  const start = async (rule = 'FREQ=DAILY'): Promise<number> =>
    engine.queue.queueEmail(simpleMessage('ana@example.com', { subject: 'Daily' }), accountId, { sendAt: '2030-03-01T09:00', timeZone: 'Europe/Paris', repeat: rule });

  it('after weeks switched off sends one late occurrence, not the backlog, and carries on from today', async () => {
    await start();
    clock.set(Date.UTC(2030, 2, 20, 12)); // three weeks later
    await engine.process();
    expect(smtp.received).toHaveLength(1);
    const waiting = engine.queue.list({ status: 'scheduled' });
    expect(waiting).toHaveLength(1);
    expect(waiting[0]?.sendAt).toBe('2030-03-21T08:00:00.000Z');
    await engine.process();
    expect(smtp.received).toHaveLength(1);
  });

  it('with the late-mail rule "expire", a missed occurrence fails as expired and the next one is made at once', async () => {
    engine.settings.update({ lateMail: 'expire', lateAfterMinutes: 60 });
    const first = await start();
    clock.set(Date.UTC(2030, 2, 20, 12));
    await engine.process();
    expect(smtp.received).toHaveLength(0);
    expect(engine.queue.get(first)).toMatchObject({ status: 'failed', lastErrorCode: 'expired' });
    expect(engine.queue.list({ status: 'scheduled' }).map((item) => item.sendAt)).toEqual(['2030-03-21T08:00:00.000Z']);
  });

  it('with the late-mail rule "hold", a missed occurrence waits for the user and the series carries on without it', async () => {
    engine.settings.update({ lateMail: 'hold', lateAfterMinutes: 60 });
    const first = await start();
    clock.set(Date.UTC(2030, 2, 20, 12)); // three weeks later
    await engine.process();
    expect(smtp.received).toHaveLength(0);
    expect(engine.queue.get(first)).toMatchObject({ status: 'held', lastErrorCode: 'late' });
    // The next occurrence is there at once: the held one does not stop the series.
    const next = engine.queue.list({ status: 'scheduled' });
    expect(next.map((item) => item.sendAt)).toEqual(['2030-03-21T08:00:00.000Z']);
    expect(engine.queue.get(first).series?.upcoming[0]).toBe('2030-03-21T09:00:00+01:00');
    clock.set(Date.UTC(2030, 2, 21, 8, 0, 5));
    await engine.process();
    expect(smtp.received).toHaveLength(1);
    // The user sends the late one after all: it leaves once, and no extra occurrence appears.
    engine.queue.retry(first);
    await engine.process();
    expect(smtp.received).toHaveLength(2);
    expect(engine.queue.get(first).status).toBe('sent');
    expect(engine.queue.list({ status: 'scheduled' }).map((item) => item.sendAt)).toEqual(['2030-03-22T08:00:00.000Z']);
  });

  it('cancelling one occurrence skips it; skip makes the next; stopping cancels what waits and makes no more', async () => {
    const first = await start();
    engine.queue.cancel(first);
    const second = engine.queue.list({ status: 'scheduled' });
    expect(second.map((item) => item.sendAt)).toEqual(['2030-03-02T08:00:00.000Z']);
    const skipped = engine.series.skip(first);
    expect(engine.queue.get(skipped.skipped)).toMatchObject({ status: 'cancelled', lastErrorCode: 'skipped' });
    expect(engine.queue.get(skipped.next as number).sendAt).toBe('2030-03-03T08:00:00.000Z');
    expect(engine.series.stop(first)).toEqual({ cancelled: 1 });
    expect(engine.queue.list({ status: 'scheduled' })).toEqual([]);
    clock.set(Date.UTC(2030, 2, 10));
    await engine.process();
    expect(smtp.received).toHaveLength(0);
    expect(engine.queue.get(first).series).toMatchObject({ state: 'stopped', upcoming: [] });
    expect(() => engine.series.skip(first)).toThrow(/stopped/u);
  });

  it('a COUNT ends the series after its last occurrence', async () => {
    await start('FREQ=DAILY;COUNT=2');
    for (const day of [1, 2, 3]) {
      clock.set(Date.UTC(2030, 2, day, 8));
      await engine.process();
    }
    expect(smtp.received).toHaveLength(2);
    expect(engine.queue.list({ status: 'scheduled' })).toEqual([]);
    expect(engine.queue.list({})[0]?.seriesId).not.toBeNull();
  });

  it('an edit from now on changes the rule and the mail of the waiting occurrence and those after', async () => {
    const first = await start();
    const info = await engine.series.edit(first, { repeat: 'FREQ=WEEKLY;BYDAY=WE', message: simpleMessage('bo@example.com', { subject: 'Weekly now' }) });
    expect(info.upcoming.slice(0, 2)).toEqual(['2030-03-06T09:00:00+01:00', '2030-03-13T09:00:00+01:00']);
    clock.set(Date.UTC(2030, 2, 6, 8));
    await engine.process();
    clock.set(Date.UTC(2030, 2, 13, 8));
    await engine.process();
    expect(smtp.received.map((mail) => [subjectOf(mail.raw), mail.to])).toEqual([
      ['Weekly now', ['bo@example.com']],
      ['Weekly now', ['bo@example.com']],
    ]);
  });

  it('refuses a bad rule, naming --repeat and why, and writes nothing', async () => {
    for (const [rule, reason] of [
      ['FREQ=FORTNIGHTLY', /FREQ=FORTNIGHTLY is not supported/u],
      ['FREQ=WEEKLY;BYDAY=XX', /BYDAY=XX/u],
      ['BYDAY=MO', /needs FREQ/u],
      ['FREQ=MINUTELY', /not supported/u],
      ['FREQ=DAILY;UNTIL=20300201', /gives no time at or after/u],
      ['DTSTART:20300101T090000Z\nRRULE:FREQ=DAILY', /only the rule/u],
    ] as const) {
      await expect(start(rule)).rejects.toMatchObject({ field: 'repeat', message: expect.stringMatching(reason) as unknown });
    }
    expect(engine.queue.list({})).toEqual([]);
  });
});
