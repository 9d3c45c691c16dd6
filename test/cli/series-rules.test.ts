// The rules people actually write for `enqueue --repeat`, through the real `facteur` command:
// month ends, last weekdays, BYSETPOS, COUNT and UNTIL give the times RFC 5545 says, in the
// series' zone; values out of their RFC 5545 range, parts the RFC forbids with that FREQ, and
// lists that would send more often than hourly are refused (exit 2, naming `repeat` and why)
// rather than silently wrapped (BYHOUR=25 became 01:00) or read as another rule.
import { describe, expect, it } from 'vitest';
import type { CliResult } from '../helpers/cli';
import { benchWithUnverifiedAccount } from './support';

const bench = benchWithUnverifiedAccount();

interface Shown {
  sendAt: string;
  series: { upcoming: string[] } | null;
}

async function enqueue(rule: string, sendAt = '2031-01-31T09:00'): Promise<CliResult> {
  const file = bench.cli.message('m.json', { to: [{ address: 'ana@example.com' }], subject: 'Report', text: 'numbers' });
  return bench.cli.run(['enqueue', '--account', 'me@example.com', '--message', file, '--send-at', sendAt, '--time-zone', 'Europe/Paris', '--repeat', rule]);
}

async function upcoming(rule: string, sendAt?: string): Promise<string[]> {
  const made = await enqueue(rule, sendAt);
  expect(made.code, made.stderr).toBe(0);
  return (await bench.cli.json<Shown>(['show', made.stdout.trim()])).series?.upcoming ?? [];
}

describe('facteur enqueue --repeat: the rules users write', { timeout: 180_000 }, () => {
  it('gives month ends, last Fridays, last weekdays, COUNT and both kinds of UNTIL as RFC 5545 does', async () => {
    // Months without a 31st are skipped, not moved to the 30th.
    expect(await upcoming('FREQ=MONTHLY;BYMONTHDAY=31')).toEqual([
      '2031-01-31T09:00:00+01:00', '2031-03-31T09:00:00+02:00', '2031-05-31T09:00:00+02:00', '2031-07-31T09:00:00+02:00', '2031-08-31T09:00:00+02:00',
    ]);
    expect(await upcoming('FREQ=MONTHLY;BYDAY=-1FR')).toEqual([
      '2031-01-31T09:00:00+01:00', '2031-02-28T09:00:00+01:00', '2031-03-28T09:00:00+01:00', '2031-04-25T09:00:00+02:00', '2031-05-30T09:00:00+02:00',
    ]);
    expect(await upcoming('FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1')).toEqual([
      '2031-01-31T09:00:00+01:00', '2031-02-28T09:00:00+01:00', '2031-03-31T09:00:00+02:00', '2031-04-30T09:00:00+02:00', '2031-05-30T09:00:00+02:00',
    ]);
    expect(await upcoming('FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=4')).toEqual([
      '2031-01-31T09:00:00+01:00', '2031-02-03T09:00:00+01:00', '2031-02-05T09:00:00+01:00', '2031-02-07T09:00:00+01:00',
    ]);
    // A bare date is "through that day" in the zone; with Z it is an instant (08:00Z is 09:00 Paris).
    expect(await upcoming('FREQ=DAILY;UNTIL=20310202')).toHaveLength(3);
    expect(await upcoming('FREQ=DAILY;UNTIL=20310202T080000Z')).toHaveLength(3);
    expect(await upcoming('FREQ=DAILY;UNTIL=20310202T075959Z')).toHaveLength(2);
  });

  it('refuses values out of range, parts the RFC forbids with that FREQ, and more than hourly, naming repeat and why', async () => {
    const before = (await bench.cli.json<unknown[]>(['list'])).length;
    for (const [rule, why] of [
      ['FREQ=DAILY;BYHOUR=25', /BYHOUR=25.*0 to 23/u],
      ['FREQ=DAILY;BYMINUTE=75', /BYMINUTE=75.*0 to 59/u],
      ['FREQ=DAILY;BYSECOND=61', /BYSECOND=61.*0 to 60/u],
      ['FREQ=YEARLY;BYMONTH=13', /BYMONTH=13.*1 to 12/u],
      ['FREQ=MONTHLY;BYMONTHDAY=32', /BYMONTHDAY=32.*1 to 31/u],
      ['FREQ=MONTHLY;BYMONTHDAY=0', /BYMONTHDAY=0.*1 to 31/u],
      ['FREQ=MONTHLY;BYDAY=6FR', /BYDAY=6FR/u],
      ['FREQ=DAILY;BYDAY=8MO', /numbered day.*MONTHLY or YEARLY/u],
      ['FREQ=WEEKLY;BYMONTHDAY=5', /BYMONTHDAY.*FREQ=WEEKLY/u],
      ['FREQ=MONTHLY;BYWEEKNO=20', /BYWEEKNO.*YEARLY/u],
      ['FREQ=DAILY;BYYEARDAY=100', /BYYEARDAY.*FREQ=DAILY/u],
      ['FREQ=DAILY;BYSETPOS=1', /BYSETPOS.*another BY/u],
      ['FREQ=DAILY;BYMINUTE=0,1,2,3', /more often than hourly/u],
      ['FREQ=DAILY;BYSECOND=0,30', /more often than hourly/u],
      ['FREQ=HOURLY;BYMINUTE=0,30', /more often than hourly/u],
      // Said at once, not after searching every year to 9999 (seconds of a frozen window).
      ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', /never happens: February has no 30th/u],
      ['FREQ=HOURLY;BYMONTH=4,6;BYMONTHDAY=31', /never happens: April and June have no 31st/u],
    ] as const) {
      const refused = await enqueue(rule);
      expect(refused.code, `${rule}: ${refused.stdout}`).toBe(2);
      expect(refused.stderr, rule).toMatch(/repeat/u);
      expect(refused.stderr, rule).toMatch(why);
    }
    expect(await bench.cli.json<unknown[]>(['list'])).toHaveLength(before);
  });

  it('refuses at once an hourly rule whose interval never reaches its BYHOUR (it used to spin forever)', async () => {
    const file = bench.cli.message('m.json', { to: [{ address: 'ana@example.com' }], subject: 'Report', text: 'numbers' });
    const started = Date.now();
    const refused = await bench.cli.run(
      ['enqueue', '--account', 'me@example.com', '--message', file, '--send-at', '2031-01-31T09:00', '--time-zone', 'Europe/Paris', '--repeat', 'FREQ=HOURLY;INTERVAL=24;BYHOUR=5'],
      { timeoutMs: 30_000 },
    );
    expect(refused.code, refused.stdout).toBe(2);
    expect(refused.stderr).toMatch(/repeat: .*every 24 hours from 09:00 never reaches BYHOUR=5/u);
    expect(Date.now() - started).toBeLessThan(30_000);
    // Reachable: every 12 hours from 09:00 is 09:00 and 21:00.
    expect(await upcoming('FREQ=HOURLY;INTERVAL=12;BYHOUR=9,21')).toEqual([
      '2031-01-31T09:00:00+01:00', '2031-01-31T21:00:00+01:00', '2031-02-01T09:00:00+01:00', '2031-02-01T21:00:00+01:00', '2031-02-02T09:00:00+01:00',
    ]);
  });

  it('still takes hours and a minute: twice a day at 09:15 and 17:15', async () => {
    expect(await upcoming('FREQ=DAILY;BYHOUR=9,17;BYMINUTE=15', '2031-01-31T09:15')).toEqual([
      '2031-01-31T09:15:00+01:00', '2031-01-31T17:15:00+01:00', '2031-02-01T09:15:00+01:00', '2031-02-01T17:15:00+01:00', '2031-02-02T09:15:00+01:00',
    ]);
  });
});
