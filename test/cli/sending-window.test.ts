// `facteur accounts window` through the real command line: the window shows in `accounts list
// --json`, held mail's nextAttemptAt in `list --json` is the opening (also after a process-queue
// run that sent nothing), bad input exits 2 naming the flag and writes nothing, `--clear` puts the
// mail back; a merge batch window option refuses bad input the same way.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpTestServer, type SmtpTestServer } from '../fakes/smtp-test-server';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';
import { cliBench, type CliBench } from './support';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

let server: SmtpTestServer;
let dataDir: string;
let cli: CliBench;
let account: string;

beforeAll(async () => {
  server = await startSmtpTestServer();
  dataDir = makeDataDir();
  cli = cliBench(dataDir);
  account = await cli.addSmtpAccount(server.port, ['--no-verify']);
}, 120_000);

afterAll(async () => {
  await server.close();
  removeDataDir(dataDir);
});

interface ListItem {
  id: number;
  status: string;
  nextAttemptAt: string | null;
}

describe('facteur accounts window', () => {
  it('holds mail until the opening: list --json shows it, process-queue sends nothing, --clear releases it', async () => {
    // Open only tomorrow (UTC), all day: whatever the time now, it opens at the next midnight UTC.
    const now = new Date();
    const tomorrow = WEEKDAYS[(now.getUTCDay() + 6 + 1) % 7] as string;
    const midnight = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString();
    const set = await cli.run(['accounts', 'window', account, '--days', tomorrow, '--hours', '00:00-12:00', '--hours', '12:00-24:00', '--time-zone', 'UTC']);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout.trim()).toBe(`${tomorrow} 00:00-12:00,12:00-24:00 UTC`);
    expect((await cli.run(['accounts', 'list'])).stdout).toContain(`${tomorrow} 00:00-12:00,12:00-24:00 UTC`);
    const accounts = await cli.json<Array<{ id: number; sendingWindow: unknown }>>(['accounts', 'list']);
    expect(accounts[0]?.sendingWindow).toEqual({ days: [tomorrow], hours: [{ start: '00:00', end: '12:00' }, { start: '12:00', end: '24:00' }], timeZone: 'UTC' });

    const file = cli.message('m.json', { to: [{ address: 'ana@example.com' }], subject: 'after hours', text: 'hi' });
    const queued = await cli.run(['enqueue', '--account', account, '--message', file]);
    expect(queued.code, queued.stderr).toBe(0);
    const id = Number(queued.stdout.trim());
    const run = await cli.json<{ sent: number; deferred: number }>(['process-queue']);
    expect(run).toMatchObject({ sent: 0, deferred: 1 });
    expect(server.received).toHaveLength(0);
    const listed = await cli.json<ListItem[]>(['list']);
    expect(listed.find((item) => item.id === id)).toMatchObject({ status: 'queued', nextAttemptAt: midnight });
    const shown = await cli.run(['show', String(id)]);
    expect(shown.stdout).toContain(`waiting for the sending window: opens ${tomorrow[0]?.toUpperCase()}${tomorrow.slice(1)} 00:00 UTC`);

    const cleared = await cli.run(['accounts', 'window', account, '--clear']);
    expect(cleared.code, cleared.stderr).toBe(0);
    const after = await cli.json<ListItem[]>(['list']);
    expect(Date.parse(after.find((item) => item.id === id)?.nextAttemptAt ?? '')).toBeLessThanOrEqual(Date.now());
    expect((await cli.json<{ sent: number }>(['process-queue'])).sent).toBe(1);
    expect(server.received).toHaveLength(1);
  });

  it.each([
    [['--days', 'mon-frx', '--hours', '09:00-17:30', '--time-zone', 'Europe/Paris'], /days: "frx" is not a day/u],
    [['--days', 'mon-fri', '--hours', '9h-17h', '--time-zone', 'Europe/Paris'], /hours: "9h-17h" is not a range of hours/u],
    [['--days', 'mon-fri', '--hours', '17:30-09:00', '--time-zone', 'Europe/Paris'], /hours: must end after it starts/u],
    [['--days', 'mon-fri', '--hours', '09:00-25:00', '--time-zone', 'Europe/Paris'], /hours: must be a time of day/u],
    [['--days', 'mon-fri', '--hours', '09:00-17:30', '--time-zone', 'Europe/Pariss'], /time-zone: is not a known IANA time zone/u],
    [['--days', 'mon-fri', '--hours', '09:00-17:30'], /time-zone: give the time zone/u],
    [['--clear', '--days', 'mon'], /clear: give --clear alone/u],
  ])('refuses %j with exit 2 naming the flag, and changes nothing', async (args, message) => {
    const before = await cli.json<Array<{ sendingWindow: unknown }>>(['accounts', 'list']);
    const result = await cli.run(['accounts', 'window', account, ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(await cli.json<Array<{ sendingWindow: unknown }>>(['accounts', 'list'])).toEqual(before);
  });

  it('merge --window-* refuses a bad batch window before queueing anything', async () => {
    const template = cli.message('t.json', { to: [{ address: '{{email}}' }], subject: 'Hi', text: 'Hello' });
    const data = path.join(dataDir, 'people.csv');
    fs.writeFileSync(data, 'email\nana@example.com\n');
    const result = await cli.run(['merge', '--account', account, '--template', template, '--data', data, '--window-days', 'mon-fri', '--window-hours', '18:00-08:00', '--window-time-zone', 'Europe/Paris']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/window-hours: must end after it starts/u);
    expect(await cli.json<unknown[]>(['batches'])).toEqual([]);
    const ok = await cli.json<{ batch: number; eta: string | null }>(['merge', '--account', account, '--template', template, '--data', data, '--window-days', 'mon-sun', '--window-hours', '00:00-24:00', '--window-time-zone', 'UTC']);
    expect(ok.batch).toBeGreaterThan(0);
  });
});
