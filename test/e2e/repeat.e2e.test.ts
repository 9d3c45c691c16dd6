// Repeating mail in Debian Chromium against the real engine: "Repeat → every week on this day"
// from compose, said back in plain words, makes a series the CLI reports (rule, zone, the next
// five Mondays at 09:00 Paris time across the change to summer time); the outbox shows the
// badge and the series' next times, and "Skip next" / "Stop series" do what they say.
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { addSmtpAccount } from '../helpers/engine';
import { compose, shootAt, useBrowserSession, WAIT } from './e2e-browser';

const session = useBrowserSession();

beforeAll(async () => {
  await addSmtpAccount(session.app.engine, session.app.smtp.port);
  await session.page.reload();
  await session.page.getByRole('heading', { name: 'Outbox' }).waitFor();
}, 180_000);

const cliJson = async <T,>(...args: string[]): Promise<T> => {
  const result = await runCli([...args, '--json'], { dataDir: session.app.engine.dataDir });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
};

interface Shown {
  id: number;
  status: string;
  subject: string;
  seriesId: number | null;
  series: { id: number; rule: string; timeZone: string; state: string; upcoming: string[] } | null;
}

describe('Repeat in compose', () => {
  it('creates a weekly series from compose that the CLI shows, with badge, next times, skip and stop in the outbox', { timeout: 180_000 }, async () => {
    await compose(session.page, { to: 'team@example.com', subject: 'Weekly status', body: 'Where we are this week.' });
    await session.page.getByRole('radio', { name: 'Schedule' }).check();
    await session.page.getByLabel('Time zone', { exact: true }).selectOption('Europe/Paris');
    // Monday 17 March 2031, 09:00 Paris time; summer time starts on 30 March.
    await session.page.getByLabel('Date and time').fill('2031-03-17T09:00');
    await session.page.getByLabel('Repeat').selectOption('weekly');
    await session.page.getByLabel('Ends').selectOption('until');
    await session.page.getByLabel('Last day').fill('2031-12-31');
    // The time as every other time in the window is written (en-US: "9:00 AM", a narrow space before AM).
    await expect.poll(async () => (await session.page.getByTestId('repeat-summary').textContent())?.replace(/\s/gu, ' '), WAIT).toBe('Every Monday at 9:00 AM, until Dec 31, 2031');
    const shot = await shootAt(session.page, 'compose-repeat', 'large');
    expect(shot).toMatch(/compose-repeat/u);
    await session.page.getByRole('button', { name: 'Schedule', exact: true }).click();
    await session.page.getByRole('heading', { name: 'Outbox' }).waitFor();

    const list = await cliJson<Shown[]>('list');
    const first = list.find((item) => item.subject === 'Weekly status');
    expect(first?.seriesId).not.toBeNull();
    const shown = await cliJson<Shown>('show', String(first?.id));
    expect(shown.series).toMatchObject({
      rule: 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20311231',
      timeZone: 'Europe/Paris',
      state: 'active',
      upcoming: ['2031-03-17T09:00:00+01:00', '2031-03-24T09:00:00+01:00', '2031-03-31T09:00:00+02:00', '2031-04-07T09:00:00+02:00', '2031-04-14T09:00:00+02:00'],
    });

    // The outbox: a badge on the row, the series and its next times in the detail.
    await session.page.getByRole('tab', { name: /^Scheduled/u }).click();
    const row = session.page.getByRole('listbox').getByText('Weekly status');
    await row.click();
    const panel = session.page.getByTestId('series-panel');
    await panel.waitFor(WAIT);
    expect(await session.page.getByRole('listbox').locator('.repeat-badge').count()).toBe(1);
    expect(await panel.locator('.series-next li').count()).toBe(5);
    expect(await panel.textContent()).toMatch(/Every Monday at 9:00\sAM, until Dec 31, 2031 \(Europe\/Paris\)/u);
    await shootAt(session.page, 'outbox-series', 'large');
    await panel.getByRole('button', { name: 'Skip next' }).click();
    await expect.poll(async () => (await cliJson<Shown>('show', String(first?.id))).status, WAIT).toBe('cancelled');
    const afterSkip = await cliJson<Shown[]>('list');
    const next = afterSkip.find((item) => item.seriesId === first?.seriesId && item.status === 'scheduled');
    expect((await cliJson<Shown>('show', String(next?.id))).series?.upcoming[0]).toBe('2031-03-24T09:00:00+01:00');

    await session.page.getByRole('listbox').getByText('Weekly status').first().click();
    await session.page.getByTestId('series-panel').getByRole('button', { name: 'Stop series' }).click();
    await session.page.getByRole('alertdialog').getByRole('button', { name: 'Stop series' }).click();
    await expect.poll(async () => (await cliJson<Shown>('show', String(next?.id))).series?.state, WAIT).toBe('stopped');
    expect((await cliJson<Shown>('show', String(next?.id))).status).toBe('cancelled');
    // Stopped, it still reads in words, not as its raw rule.
    const stopped = session.page.getByTestId('series-panel');
    await expect.poll(async () => (await stopped.textContent())?.replace(/\s/gu, ' '), WAIT).toMatch(/Every Monday at 9:00 AM, until Dec 31, 2031 \(Europe\/Paris\), stopped/u);
    await shootAt(session.page, 'outbox-series-stopped', 'large');
    expect(session.problems).toEqual([]);
  });
});
