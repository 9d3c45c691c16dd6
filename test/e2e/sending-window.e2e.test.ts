// The "Sending window" editor in Chromium against the real engine: the user picks days, hours and
// a zone on an account card; the CLI then reports that window, mail queued while it is closed is
// held with its next try at the opening (`facteur list --json`), the outbox says why, and nothing
// reached the SMTP server. Clearing it sends the mail.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { addSmtpAccount } from '../helpers/engine';
import { shootAt, useBrowserSession, WAIT } from './e2e-browser';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const session = useBrowserSession();

describe('sending window', () => {
  it('is set on the account card, held mail waits for it and says so, and the CLI sees the same window', async () => {
    const { engine, smtp } = session.app;
    const account = await addSmtpAccount(engine, smtp.port, 'office@example.com');
    engine.events.emit('account-changed', account);
    // Only tomorrow (UTC), all day: closed now whatever the time, opening at the next midnight UTC.
    const now = new Date();
    const tomorrowIndex = (now.getUTCDay() + 6 + 1) % 7;
    const tomorrow = DAYS[tomorrowIndex] as string;
    const opening = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString();

    await session.page.getByRole('button', { name: 'Accounts' }).click();
    const card = session.page.getByRole('listitem').filter({ hasText: 'office@example.com' });
    await card.getByRole('button', { name: 'Sending window' }).click();
    const form = session.page.getByRole('form', { name: 'Sending window for office@example.com' });
    await form.getByRole('checkbox', { name: 'Only send on these days and hours' }).check();
    // Mon–Fri is offered first; keep tomorrow only.
    for (const day of DAYS) {
      const toggle = form.getByRole('button', { name: day, exact: true });
      const pressed = (await toggle.getAttribute('aria-pressed')) === 'true';
      if (pressed !== (day === tomorrow)) await toggle.click();
    }
    await form.getByLabel('From (range 1)').fill('00:00');
    await form.getByLabel('Until (range 1)').fill('23:59');
    await form.getByLabel('Time zone').selectOption('UTC');
    await shootAt(session.page, 'sending-window-editor', 'large');
    await form.getByRole('button', { name: 'Save' }).click();
    await session.page.getByText('Sending window saved.').waitFor(WAIT);
    await card.getByTestId('window-summary').waitFor(WAIT);
    expect((await card.getByTestId('window-summary').textContent())?.replace(/\s/gu, ' ')).toBe(`Sends ${tomorrow.slice(0, 3)} · 12:00 AM–11:59 PM (UTC)`);

    const shown = await runCli(['accounts', 'window', String(account), '--json'], { dataDir: engine.dataDir });
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toEqual({ days: [tomorrow.slice(0, 3).toLowerCase()], hours: [{ start: '00:00', end: '23:59' }], timeZone: 'UTC' });

    // Mail queued now waits: the app's own scheduler runs, nothing reaches the server.
    const before = smtp.received.length;
    const id = await engine.queue.queueEmail({ to: [{ address: 'ana@example.com' }], subject: 'After hours', text: 'Hello.', html: null }, account);
    // A run (ours, or the app scheduler's if it holds the lock) holds it at the opening.
    await expect
      .poll(async () => {
        await engine.process();
        return engine.queue.list({}).find((row) => row.id === id)?.nextAttemptAt;
      }, WAIT)
      .toBe(opening);
    const listed = await runCli(['list', '--json'], { dataDir: engine.dataDir });
    const item = (JSON.parse(listed.stdout) as Array<{ id: number; status: string; nextAttemptAt: string }>).find((row) => row.id === id);
    expect(item).toMatchObject({ status: 'queued', nextAttemptAt: opening });
    expect(smtp.received.length).toBe(before);

    await session.page.getByRole('button', { name: /^Outbox/u }).click();
    await session.page.getByRole('tab', { name: /^Queued/u }).click();
    await session.page.getByRole('listbox').getByText('After hours').click();
    const note = session.page.getByTestId('wait-note');
    await note.waitFor(WAIT);
    const day = new Date(opening).getUTCDate();
    expect(await note.textContent()).toBe(
      `Waiting for office@example.com’s sending window — it opens ${tomorrow.slice(0, 3)}, ${new Date(opening).toLocaleString('en-US', { month: 'short', timeZone: 'UTC' })} ${day}, 12:00 AM (UTC).`,
    );
    await shootAt(session.page, 'sending-window-held', 'large');

    // Cleared: the mail goes.
    await session.page.getByRole('button', { name: 'Accounts' }).click();
    await card.getByRole('button', { name: 'Sending window' }).click();
    await form.getByRole('checkbox', { name: 'Only send on these days and hours' }).uncheck();
    await form.getByRole('button', { name: 'Save' }).click();
    await session.page.getByText('This account sends at any time again.').waitFor(WAIT);
    await engine.process();
    await expect.poll(() => engine.queue.get(id).status, WAIT).toBe('sent');
    expect(smtp.received.length).toBe(before + 1);
  });
});
