// Repeating mail through the real `facteur` command: enqueue --repeat, show/list, bad rules,
// skip, edit from now on, cancel --series, and a series' attachment kept for the occurrences to come.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpTestServer, type SmtpTestServer } from '../fakes/smtp-test-server';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';
import { cliBench, type CliBench } from './support';

let smtp: SmtpTestServer;
let cli: CliBench;
let messageFile: string;

interface Series {
  id: number;
  rule: string;
  timeZone: string;
  state: string;
  upcoming: string[];
}
interface Shown {
  id: number;
  status: string;
  sendAt: string;
  seriesId: number | null;
  series: Series | null;
  lastErrorCode: string | null;
  subject: string;
  attachments: Array<{ sha256: string }>;
}

beforeAll(async () => {
  smtp = await startSmtpTestServer();
  cli = cliBench(makeDataDir());
  await cli.addSmtpAccount(smtp.port);
  messageFile = cli.message('weekly.json', { to: [{ address: 'ana@example.com' }], subject: 'Weekly report', text: 'numbers' });
}, 120_000);

afterAll(async () => {
  await smtp.close();
  removeDataDir(cli.dataDir);
});

const enqueue = (extra: string[]) => cli.run(['enqueue', '--account', 'me@example.com', '--message', messageFile, ...extra]);

describe('facteur enqueue --repeat', { timeout: 120_000 }, () => {
  it('starts a series: show --json gives its rule, zone and next five times with offsets; list --json gives seriesId', async () => {
    const made = await enqueue(['--send-at', '2031-03-17T09:00', '--time-zone', 'Europe/Paris', '--repeat', 'FREQ=WEEKLY;BYDAY=MO']);
    expect(made.code, made.stderr).toBe(0);
    const id = Number(made.stdout.trim());
    const shown = await cli.json<Shown>(['show', String(id)]);
    expect(shown.sendAt).toBe('2031-03-17T08:00:00.000Z');
    expect(shown.series).toEqual({
      id: shown.seriesId,
      rule: 'FREQ=WEEKLY;BYDAY=MO',
      timeZone: 'Europe/Paris',
      state: 'active',
      upcoming: ['2031-03-17T09:00:00+01:00', '2031-03-24T09:00:00+01:00', '2031-03-31T09:00:00+02:00', '2031-04-07T09:00:00+02:00', '2031-04-14T09:00:00+02:00'],
    });
    const oneOff = Number((await enqueue(['--send-at', '2031-03-17T09:00', '--time-zone', 'Europe/Paris'])).stdout.trim());
    const list = await cli.json<Shown[]>(['list']);
    expect(list.find((item) => item.id === id)?.seriesId).toBe(shown.seriesId);
    expect(list.find((item) => item.id === oneOff)?.seriesId).toBeNull();
    expect((await cli.json<Shown>(['show', String(oneOff)])).series).toBeNull();
  });

  it('refuses a bad rule or one with no occurrence with exit 2, naming --repeat and why, writing nothing', async () => {
    const before = (await cli.json<Shown[]>(['list'])).length;
    for (const [rule, why] of [
      ['FREQ=SOMETIMES', /FREQ=SOMETIMES is not supported/u],
      ['FREQ=WEEKLY;BYDAY=MONDAY', /BYDAY=MONDAY/u],
      ['FREQ=DAILY;COUNT=2;UNTIL=20311231', /COUNT or UNTIL/u],
      ['FREQ=DAILY;UNTIL=20310101', /gives no time at or after/u],
    ] as const) {
      const refused = await enqueue(['--send-at', '2031-03-17T09:00', '--time-zone', 'Europe/Paris', '--repeat', rule]);
      expect(refused.code, refused.stdout).toBe(2);
      expect(refused.stderr).toMatch(/repeat/u);
      expect(refused.stderr).toMatch(why);
    }
    expect(await cli.json<Shown[]>(['list'])).toHaveLength(before);
  });

  it('skips the next occurrence, changes the series from now on, and stops it with cancel --series', async () => {
    const id = (await enqueue(['--send-at', '2031-05-05T09:00', '--time-zone', 'America/New_York', '--repeat', 'FREQ=WEEKLY;BYDAY=MO'])).stdout.trim();
    const skipped = await cli.json<{ skipped: number; next: number }>(['series', 'skip', id]);
    expect(skipped.skipped).toBe(Number(id));
    expect(await cli.json<Shown>(['show', id])).toMatchObject({ status: 'cancelled', lastErrorCode: 'skipped' });
    const next = await cli.json<Shown>(['show', String(skipped.next)]);
    expect(next.sendAt).toBe('2031-05-12T13:00:00.000Z');

    const newMessage = cli.message('weekly-v2.json', { to: [{ address: 'bo@example.com' }], subject: 'Weekly report v2', text: 'more numbers' });
    const edited = await cli.json<Series>(['series', 'edit', id, '--repeat', 'FREQ=WEEKLY;BYDAY=TU,TH', '--message', newMessage]);
    expect(edited.upcoming.slice(0, 3)).toEqual(['2031-05-13T09:00:00-04:00', '2031-05-15T09:00:00-04:00', '2031-05-20T09:00:00-04:00']);
    expect(await cli.json<Shown>(['show', String(skipped.next)])).toMatchObject({ subject: 'Weekly report v2', sendAt: '2031-05-13T13:00:00.000Z' });
    const badEdit = await cli.run(['series', 'edit', id, '--repeat', 'FREQ=WEEKLY;BYDAY=XY']);
    expect(badEdit.code).toBe(2);
    expect(badEdit.stderr).toMatch(/repeat/u);

    const stop = await cli.run(['cancel', id, '--series']);
    expect(stop.code, stop.stderr).toBe(0);
    expect(await cli.json<Shown>(['show', String(skipped.next)])).toMatchObject({ status: 'cancelled', series: { state: 'stopped', upcoming: [] } });
    const again = await cli.run(['series', 'skip', id]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/stopped/u);
    const oneOff = (await enqueue(['--send-at', '2031-05-05T09:00', '--time-zone', 'America/New_York'])).stdout.trim();
    const refused = await cli.run(['cancel', oneOff, '--series']);
    expect(refused.stderr).toMatch(/not part of a repeating series/u);
  });

  it('keeps a series’ attachment for the occurrences to come after the first one is sent', async () => {
    fs.writeFileSync(path.join(cli.dataDir, 'report.csv'), 'a,b\n1,2\n');
    const withFile = cli.message('with-file.json', {
      to: [{ address: 'cy@example.com' }],
      subject: 'Daily with file',
      text: 'attached',
      attachments: [{ path: './report.csv' }],
    });
    const made = await cli.run(['enqueue', '--account', 'me@example.com', '--message', withFile, '--repeat', 'FREQ=DAILY']);
    expect(made.code, made.stderr).toBe(0);
    const first = made.stdout.trim();
    const run = await cli.run(['process-queue']);
    expect(run.code, run.stderr).toBe(0);
    expect(smtp.received.filter((mail) => mail.to.includes('cy@example.com'))).toHaveLength(1);
    const shown = await cli.json<Shown>(['show', first]);
    expect(shown.status).toBe('sent');
    const next = (await cli.json<Shown[]>(['list'])).find((item) => item.seriesId === shown.seriesId && item.status === 'scheduled');
    expect(next).toBeDefined();
    const nextShown = await cli.json<Shown>(['show', String(next?.id)]);
    // A day later, to the second (the series keeps whole seconds; the first left "now").
    expect(Math.abs(Date.parse(nextShown.sendAt) - Date.parse(shown.sendAt) - 86_400_000)).toBeLessThan(1_000);
    const sha = nextShown.attachments[0]?.sha256 ?? '';
    expect(fs.existsSync(path.join(cli.dataDir, 'attachments', sha.slice(0, 2), sha))).toBe(true);
  });
});
