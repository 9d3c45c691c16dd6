// The mail merge view in Debian Chromium, through the loopback transport, against the real engine
// and a real SMTP server: write a template, choose a CSV with one bad row, see it marked with the
// reason in the preview, queue the others, and check what reached the server; the batch then shows
// as one line in the outbox and opens to its rows. Screenshots (light and dark) as in ui.e2e.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { addSmtpAccount } from '../helpers/engine';
import { parseMime } from '../helpers/mime';
import { shootSchemes, useBrowserSession } from './e2e-browser';

const WAIT = { timeout: 30_000 };
const session = useBrowserSession({
  viewport: { width: 1280, height: 900 },
  beforeLoad: async (started) => {
    const accountId = await addSmtpAccount(started.engine, started.smtp.port, 'news@example.com');
    started.engine.accounts.setLimits(accountId, { perMinute: 1_000 });
  },
});

const shoot = (name: string): Promise<void> => shootSchemes(session.page, name);
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const cliJson = async <T,>(...args: string[]): Promise<T> => {
  const result = await runCli([...args, '--json'], { dataDir: session.app.engine.dataDir });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
};

describe('mail merge in the browser', () => {
  it('previews with the bad row marked, queues the valid rows, and each reaches the server personalised', async () => {
    await session.page.getByRole('button', { name: 'Mail merge' }).click();
    await session.page.getByLabel('To', { exact: true }).fill('{{email}}');
    await session.page.getByLabel('Subject', { exact: true }).fill('Hello {{name}}');
    await session.page.getByLabel('Message', { exact: true }).fill('Dear {{name}},\nyour code is {{code}}.');
    await session.page.getByLabel('Unsubscribe link (optional)').fill('https://example.com/u/{{code}}');
    const csv = 'name;email;code\nAna;ana@example.com;A1\nBo;bo@example.com;B2\nCy;cy-at-example.com;C3\nDi;di@example.com;D4\n';
    await session.page.getByLabel('Data file (CSV)').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await session.page.getByRole('button', { name: 'Check and preview' }).click();
    await session.page.getByText('4 rows, 3 ready to send').waitFor(WAIT);
    const bad = session.page.locator('.merge-table tr.bad');
    expect(await bad.count()).toBe(1);
    expect(await bad.textContent()).toMatch(/^4.*email: not a valid email address/u);
    await expect.poll(() => session.page.getByText(/Last one leaves around/u).count()).toBe(1);
    await shoot('merge-preview');

    await session.page.getByLabel('Leave these rows out and send the others').check();
    await session.page.getByRole('button', { name: 'Queue 3 messages' }).click();
    await session.app.smtp.waitFor(3, 30_000);
    const received = session.app.smtp.received.map((mail) => ({ to: mail.to.join(','), mime: parseMime(mail.raw) }));
    expect(received.map((mail) => mail.to).sort()).toEqual(['ana@example.com', 'bo@example.com', 'di@example.com']);
    for (const [name, code, to] of [['Ana', 'A1', 'ana@example.com'], ['Bo', 'B2', 'bo@example.com'], ['Di', 'D4', 'di@example.com']] as const) {
      const mail = received.find((item) => item.to === to);
      expect(mail?.mime.headers.get('subject')).toBe(`Hello ${name}`);
      expect(mail?.mime.headers.get('list-unsubscribe')).toBe(`<https://example.com/u/${code}>`);
      expect(mail?.mime.body.toString('utf8').replace(/\r\n/gu, '\n')).toContain(`Dear ${name},\nyour code is ${code}.`);
    }

    // The outbox shows the batch as one line; opened, it lists its rows, the skipped one marked.
    await session.page.getByRole('button', { name: /customers\.csv · news@example\.com/u }).waitFor(WAIT);
    await expect.poll(async () => (await session.page.locator('.batch-row').textContent()) ?? '', WAIT).toMatch(/3 of 3 sent/u);
    await session.page.getByRole('button', { name: /customers\.csv · news@example\.com/u }).click();
    await session.page.getByText('Row 4').waitFor(WAIT);
    expect(await session.page.locator('.batch-data-row.bad').count()).toBe(1);
    await shoot('merge-batch');
    expect(session.problems).toEqual([]);
  }, 180_000);

  it('starts a batch at a chosen time and zone, inside its own window: nothing leaves early, and the CLI shows both', async () => {
    const before = session.app.smtp.received.length;
    await session.page.getByRole('button', { name: 'Mail merge' }).click();
    await session.page.getByLabel('To', { exact: true }).fill('{{email}}');
    await session.page.getByLabel('Subject', { exact: true }).fill('Invitation {{name}}');
    await session.page.getByLabel('Message', { exact: true }).fill('See you there, {{name}}.');
    const csv = 'name,email\nEm,em@example.com\nFa,fa@example.com\n';
    await session.page.getByLabel('Data file (CSV)').setInputFiles({ name: 'invites.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    // Monday 6 January 2031, 09:00 in New York (14:00 UTC) …
    await session.page.getByLabel('At a chosen time').check();
    const schedule = session.page.locator('fieldset.schedule');
    await schedule.getByLabel('Date and time').fill('2031-01-06T09:00');
    await schedule.getByLabel('Time zone', { exact: true }).selectOption('America/New_York');
    // … but this batch only leaves on Tuesdays, 10:00–12:00 UTC: its first opening after that.
    await session.page.getByLabel('Only send this batch on these days and hours').check();
    const window = session.page.locator('.merge-window');
    for (const day of DAYS) {
      const toggle = window.getByRole('button', { name: day, exact: true });
      if (((await toggle.getAttribute('aria-pressed')) === 'true') !== (day === 'Tuesday')) await toggle.click();
    }
    await window.getByLabel('From (range 1)').fill('10:00');
    await window.getByLabel('Until (range 1)').fill('12:00');
    await window.getByLabel('Time zone').selectOption('UTC');
    await session.page.getByRole('button', { name: 'Check and preview' }).click();
    await session.page.getByText('2 rows, 2 ready to send').waitFor(WAIT);
    await shoot('merge-scheduled-window');
    await session.page.getByRole('button', { name: 'Queue 2 messages' }).click();

    interface Batch { name: string; total: number; eta: string | null; window: unknown }
    await expect.poll(async () => (await cliJson<Batch[]>('batches')).find((batch) => batch.name === 'invites.csv')?.total ?? 0, WAIT).toBe(2);
    const batch = (await cliJson<Batch[]>('batches')).find((item) => item.name === 'invites.csv');
    expect(batch?.window).toEqual({ days: ['tue'], hours: [{ start: '10:00', end: '12:00' }], timeZone: 'UTC' });
    expect(batch?.eta).toMatch(/^2031-01-07T10:0/u);
    const listed = (await cliJson<Array<{ subject: string; status: string; sendAt: string; timeZone: string }>>('list')).filter((item) => item.subject.startsWith('Invitation'));
    expect(listed.map(({ subject, status, sendAt, timeZone }) => ({ subject, status, sendAt, timeZone })).sort((a, b) => a.subject.localeCompare(b.subject))).toEqual([
      { subject: 'Invitation Em', status: 'scheduled', sendAt: '2031-01-06T14:00:00.000Z', timeZone: 'America/New_York' },
      { subject: 'Invitation Fa', status: 'scheduled', sendAt: '2031-01-06T14:00:00.000Z', timeZone: 'America/New_York' },
    ]);
    const run = await runCli(['process-queue'], { dataDir: session.app.engine.dataDir });
    expect(run.code, run.stderr).toBe(0);
    expect(session.app.smtp.received.length).toBe(before);

    // The outbox's line for the batch says its window.
    await session.page.getByRole('button', { name: /invites\.csv · news@example\.com/u }).waitFor(WAIT);
    const line = session.page.locator('.batch-row').filter({ hasText: 'invites.csv' });
    expect((await line.getByTestId('window-summary').textContent())?.replace(/\s/gu, ' ')).toBe('Sends Tue · 10:00 AM–12:00 PM (UTC)');
    expect(session.problems).toEqual([]);
  }, 180_000);
});
