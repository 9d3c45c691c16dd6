// Repeating mail in Debian Chromium against the real engine: "Repeat → every week on this day"
// from compose, said back in plain words, makes a series the CLI reports (rule, zone, the next
// five Mondays at 09:00 Paris time across the change to summer time); the outbox shows the
// badge and the series' next times, and "Skip next" / "Stop series" do what they say.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { addSmtpAccount } from '../helpers/engine';
import { shootAt, startSession, type Session } from './e2e-browser';

const WAIT = { timeout: 20_000 };
let session: Session;

beforeAll(async () => {
  session = await startSession();
  await addSmtpAccount(session.app.engine, session.app.smtp.port);
  await session.page.reload();
  await session.page.getByRole('heading', { name: 'Outbox' }).waitFor();
}, 180_000);

afterAll(async () => {
  await session?.close();
});

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
    const { page } = session;
    await page.keyboard.press('Control+n');
    await page.getByRole('heading', { name: 'New message' }).waitFor();
    await page.getByLabel('To', { exact: true }).fill('team@example.com');
    await page.keyboard.press('Enter');
    await page.getByLabel('Subject').fill('Weekly status');
    await page.getByRole('textbox', { name: 'Message body' }).click();
    await page.keyboard.type('Where we are this week.');
    await page.getByRole('radio', { name: 'Schedule' }).check();
    await page.getByLabel('Time zone', { exact: true }).selectOption('Europe/Paris');
    // Monday 17 March 2031, 09:00 Paris time; summer time starts on 30 March.
    await page.getByLabel('Date and time').fill('2031-03-17T09:00');
    await page.getByLabel('Repeat').selectOption('weekly');
    await page.getByLabel('Ends').selectOption('until');
    await page.getByLabel('Last day').fill('2031-12-31');
    await expect.poll(() => page.getByTestId('repeat-summary').textContent(), WAIT).toBe('Every Monday at 9:00, until Dec 31, 2031');
    const shot = await shootAt(page, 'compose-repeat', 'large');
    expect(shot).toMatch(/compose-repeat/u);
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    await page.getByRole('heading', { name: 'Outbox' }).waitFor();

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
    await page.getByRole('tab', { name: /^Scheduled/u }).click();
    const row = page.getByRole('listbox').getByText('Weekly status');
    await row.click();
    const panel = page.getByTestId('series-panel');
    await panel.waitFor(WAIT);
    expect(await page.getByRole('listbox').locator('.repeat-badge').count()).toBe(1);
    expect(await panel.locator('.series-next li').count()).toBe(5);
    expect(await panel.textContent()).toMatch(/Every Monday at 9:00, until 31 Dec 2031 \(Europe\/Paris\)|Every Monday at 9:00, until Dec 31, 2031 \(Europe\/Paris\)/u);
    await shootAt(page, 'outbox-series', 'large');
    await panel.getByRole('button', { name: 'Skip next' }).click();
    await expect.poll(async () => (await cliJson<Shown>('show', String(first?.id))).status, WAIT).toBe('cancelled');
    const afterSkip = await cliJson<Shown[]>('list');
    const next = afterSkip.find((item) => item.seriesId === first?.seriesId && item.status === 'scheduled');
    expect((await cliJson<Shown>('show', String(next?.id))).series?.upcoming[0]).toBe('2031-03-24T09:00:00+01:00');

    await page.getByRole('listbox').getByText('Weekly status').first().click();
    await page.getByTestId('series-panel').getByRole('button', { name: 'Stop series' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Stop series' }).click();
    await expect.poll(async () => (await cliJson<Shown>('show', String(next?.id))).series?.state, WAIT).toBe('stopped');
    expect((await cliJson<Shown>('show', String(next?.id))).status).toBe('cancelled');
    expect(session.problems).toEqual([]);
  });
});
