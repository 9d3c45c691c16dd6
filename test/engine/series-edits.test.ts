// One occurrence of a series changed by hand, on a fake clock against the real SMTP server: moved
// to another time it leaves then while the series keeps its rule (the next occurrence is still the
// rule's next Monday 09:00 Paris, once); failed and retried, it leaves once and does not make a
// second "next occurrence".
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/main/core/clock';
import type { SmtpTestServer } from '../fakes/smtp-test-server';
import { simpleMessage, type TestEngine } from '../helpers/engine';
import { useEngineWithServer } from '../helpers/engine-with-server';

let smtp: SmtpTestServer;
let engine: TestEngine;
let clock: FakeClock;
let accountId: number;

const start = useEngineWithServer();
beforeEach(async () => {
  clock = new FakeClock(Date.UTC(2030, 2, 1, 12)); // Friday 1 March 2030
  ({ engine, server: smtp, accountId } = await start({ clock }));
});

/** Every Monday 09:00 Paris from Monday 4 March 2030. */
const weekly = (): Promise<number> =>
  engine.queue.queueEmail(simpleMessage('ana@example.com', { subject: 'Weekly' }), accountId, {
    sendAt: '2030-03-04T09:00',
    timeZone: 'Europe/Paris',
    repeat: 'FREQ=WEEKLY;BYDAY=MO',
  });

const waiting = (): string[] => engine.queue.list({ status: 'scheduled' }).map((item) => item.sendAt);

describe('one occurrence of a series changed by hand', { timeout: 60_000 }, () => {
  it('rescheduled, it leaves at its new time and the series keeps its rule: next Monday 09:00, once', async () => {
    const first = await weekly();
    engine.queue.reschedule(first, '2030-03-05T10:00', 'Europe/Paris');
    expect(engine.queue.get(first).series).toMatchObject({
      rule: 'FREQ=WEEKLY;BYDAY=MO',
      state: 'active',
      upcoming: ['2030-03-05T10:00:00+01:00', '2030-03-11T09:00:00+01:00', '2030-03-18T09:00:00+01:00', '2030-03-25T09:00:00+01:00', '2030-04-01T09:00:00+02:00'],
    });
    clock.set(Date.UTC(2030, 2, 4, 8, 30)); // Monday: it no longer leaves today
    await engine.process();
    expect(smtp.received).toHaveLength(0);
    clock.set(Date.UTC(2030, 2, 5, 9)); // Tuesday 10:00 Paris
    expect(await engine.process()).toMatchObject({ sent: 1 });
    expect(waiting()).toEqual(['2030-03-11T08:00:00.000Z']);
    clock.set(Date.UTC(2030, 2, 11, 8));
    expect(await engine.process()).toMatchObject({ sent: 1 });
    expect(smtp.received).toHaveLength(2);
    expect(waiting()).toEqual(['2030-03-18T08:00:00.000Z']);
  });

  it('moved past the next Monday, show --json does not promise the Monday it will skip', async () => {
    const first = await weekly();
    engine.queue.reschedule(first, '2030-03-12T10:00', 'Europe/Paris'); // Tuesday of the week after
    expect(engine.queue.get(first).series?.upcoming.slice(0, 3)).toEqual(['2030-03-12T10:00:00+01:00', '2030-03-18T09:00:00+01:00', '2030-03-25T09:00:00+01:00']);
    clock.set(Date.UTC(2030, 2, 12, 9));
    expect(await engine.process()).toMatchObject({ sent: 1 });
    expect(waiting()).toEqual(['2030-03-18T08:00:00.000Z']);
  });

  it('failed for good then retried, it leaves once and the series still has one next occurrence', async () => {
    const first = await weekly();
    smtp.faults.push({ kind: 'reject-recipient', address: 'ana@example.com', code: 550, times: 1 });
    clock.set(Date.UTC(2030, 2, 4, 8));
    expect(await engine.process()).toMatchObject({ sent: 0, failed: 1 });
    expect(waiting()).toEqual(['2030-03-11T08:00:00.000Z']);
    engine.queue.retry(first);
    expect(await engine.process()).toMatchObject({ sent: 1 });
    expect(engine.queue.get(first).status).toBe('sent');
    expect(waiting()).toEqual(['2030-03-11T08:00:00.000Z']);
    clock.set(Date.UTC(2030, 2, 11, 8));
    expect(await engine.process()).toMatchObject({ sent: 1 });
    expect(smtp.received).toHaveLength(2);
    expect(waiting()).toEqual(['2030-03-18T08:00:00.000Z']);
  });

  it('keeps --expires-after for every occurrence, not only the first: a later one left hours late expires', async () => {
    const first = await engine.queue.queueEmail(simpleMessage('ana@example.com', { subject: 'Standup' }), accountId, {
      sendAt: '2030-03-04T09:00',
      timeZone: 'Europe/Paris',
      repeat: 'FREQ=DAILY',
      expiresAfterMinutes: 30,
    });
    clock.set(Date.UTC(2030, 2, 4, 8)); // on time
    expect(await engine.process()).toMatchObject({ sent: 1 });
    const second = engine.queue.list({ status: 'scheduled' })[0]?.id as number;
    expect(engine.queue.get(second)).toMatchObject({ sendAt: '2030-03-05T08:00:00.000Z', expiresAfterMinutes: 30 });
    // After an edit of the mail from now on, the limit stays.
    await engine.series.edit(second, { message: simpleMessage('ana@example.com', { subject: 'Standup v2' }) });
    expect(engine.queue.get(second).expiresAfterMinutes).toBe(30);
    clock.set(Date.UTC(2030, 2, 5, 10)); // two hours late: nothing ran this morning
    expect(await engine.process()).toMatchObject({ sent: 0, failed: 1 });
    expect(engine.queue.get(second)).toMatchObject({ status: 'failed', lastErrorCode: 'expired' });
    expect(smtp.received).toHaveLength(1);
    const third = engine.queue.list({ status: 'scheduled' })[0]?.id as number;
    expect(engine.queue.get(third)).toMatchObject({ sendAt: '2030-03-06T08:00:00.000Z', expiresAfterMinutes: 30, subject: 'Standup v2' });
    expect(engine.queue.get(first).status).toBe('sent');
  });
});
