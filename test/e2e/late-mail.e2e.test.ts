// Late mail in the window, in Chromium against the real engine and SMTP server: the rule chosen in
// Settings (a bad value refused, naming the field), a mail whose time passed three hours ago while
// nothing ran shown as "Missed its time (was due …)" with Send now / Reschedule / Cancel that
// work, and the compose option "Don't send if more than … late" stored on the mail.
import { describe, expect, it } from 'vitest';
import { addSmtpAccount, simpleMessage } from '../helpers/engine';
import { compose, shootAt, useBrowserSession, WAIT } from './e2e-browser';

const HOUR = 3_600_000;
const session = useBrowserSession();

const details = () => session.page.getByRole('complementary', { name: 'Message details' });

/** Queues a mail for later, then moves its time three hours into the past, as if nothing ran since. */
async function missedItsTime(accountId: number, subject: string): Promise<{ id: number; due: number }> {
  const { engine } = session.app;
  const id = await engine.queue.queueEmail(simpleMessage('ana@example.com', { subject }), accountId, { sendAt: new Date(Date.now() + HOUR).toISOString(), timeZone: 'UTC' });
  const due = Date.now() - 3 * HOUR;
  engine.db.$client.prepare('update emails set send_at = ?, next_attempt_at = ? where id = ?').run(due, due, id);
  return { id, due };
}

/** A run (the app's scheduler may be running one: then try again). */
async function runUntil(id: number, status: string): Promise<void> {
  const { engine } = session.app;
  await expect
    .poll(async () => {
      await engine.process();
      return engine.queue.get(id).status;
    }, WAIT)
    .toBe(status);
}

describe('late mail in the window', () => {
  it('sets the rule in Settings; a bad number of minutes is refused and changes nothing', async () => {
    await session.page.getByRole('button', { name: 'Settings' }).click();
    await session.page.getByRole('heading', { name: 'Settings' }).waitFor(WAIT);
    const section = session.page.getByTestId('late-mail-setting');
    await section.getByLabel('What to do').selectOption('hold');
    await expect.poll(() => session.app.engine.settings.get().lateMail, WAIT).toBe('hold');
    const minutes = section.getByLabel('When more than');
    await minutes.fill('0');
    await minutes.press('Enter');
    await session.page.getByText(/lateAfterMinutes.*at least 1 minute/u).waitFor(WAIT);
    expect(session.app.engine.settings.get().lateAfterMinutes).toBe(60);
    await minutes.fill('30');
    await minutes.press('Enter');
    await expect.poll(() => session.app.engine.settings.get().lateAfterMinutes, WAIT).toBe(30);
    await section.scrollIntoViewIfNeeded();
    await shootAt(session.page, 'settings-late-mail', 'large');
  }, 60_000);

  it('shows mail that missed its time with Send now, Reschedule and Cancel, and each works', async () => {
    const { engine, smtp } = session.app;
    const account = await addSmtpAccount(engine, smtp.port, 'ana@example.com');
    const late = await missedItsTime(account, 'Weekly report');
    const moved = await missedItsTime(account, 'Team lunch');
    const dropped = await missedItsTime(account, 'Old reminder');
    await runUntil(late.id, 'held');
    for (const { id } of [moved, dropped]) expect(engine.queue.get(id)).toMatchObject({ status: 'held', lastErrorCode: 'late' });
    expect(smtp.received).toHaveLength(0);

    await session.page.getByRole('button', { name: 'Outbox' }).click();
    await session.page.getByRole('tab', { name: /^Held/u }).click();
    const row = session.page.getByRole('listbox').getByRole('option').filter({ hasText: 'Weekly report' });
    await row.getByText('Missed its time').waitFor(WAIT);
    await row.click();
    const due = new Intl.DateTimeFormat('en-US', { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(late.due);
    await details().getByText(`Missed its time (was due ${due})`).waitFor(WAIT);
    expect(await details().getByRole('button', { name: 'Relink the account' }).count()).toBe(0);
    await shootAt(session.page, 'outbox-missed-its-time', 'large');
    await shootAt(session.page, 'outbox-missed-its-time', 'small');

    await details().getByRole('button', { name: 'Send now' }).click();
    await smtp.waitFor(1, 20_000);
    expect(smtp.received[0]?.raw.toString('utf8')).toMatch(/Subject: Weekly report/u);
    await expect.poll(() => engine.queue.get(late.id).status, WAIT).toBe('sent');

    await session.page.getByRole('listbox').getByText('Team lunch').click();
    await details().getByRole('heading', { name: 'Team lunch' }).waitFor(WAIT);
    await details().getByRole('button', { name: 'Reschedule' }).click();
    const tomorrow = new Date(Date.now() + 24 * HOUR).toISOString().slice(0, 10);
    await details().getByLabel('Date and time').fill(`${tomorrow}T09:00`);
    await details().getByRole('button', { name: 'Save new time' }).click();
    await expect.poll(() => engine.queue.get(moved.id), WAIT).toMatchObject({ status: 'scheduled', sendAt: `${tomorrow}T09:00:00.000Z`, lastErrorCode: null });

    await session.page.getByRole('listbox').getByText('Old reminder').click();
    await details().getByRole('heading', { name: 'Old reminder' }).waitFor(WAIT);
    await details().getByRole('button', { name: 'Cancel message' }).click();
    await session.page.getByRole('alertdialog').getByRole('button', { name: 'Cancel message' }).click();
    await expect.poll(() => engine.queue.get(dropped.id).status, WAIT).toBe('cancelled');
    expect(smtp.received).toHaveLength(1);
    expect(session.problems).toEqual([]);
  }, 120_000);

  it('stores "Don\'t send if more than … late" from the schedule picker', async () => {
    const { engine } = session.app;
    await compose(session.page, { to: 'leo@example.com', subject: 'Only if on time', body: 'See you at ten.' }, WAIT);
    await session.page.getByRole('radio', { name: 'Schedule' }).check();
    const tomorrow = new Date(Date.now() + 24 * HOUR).toISOString().slice(0, 10);
    await session.page.getByLabel('Date and time').fill(`${tomorrow}T10:00`);
    await session.page.getByLabel('Time zone', { exact: true }).selectOption('UTC');
    await session.page.getByLabel('Don’t send if more than').selectOption('60');
    await session.page.getByText('If it cannot leave in time').waitFor(WAIT);
    await session.page.evaluate(() => document.querySelector('.expiry-option')?.scrollIntoView({ block: 'center' }));
    await shootAt(session.page, 'compose-expiry', 'large');
    await session.page.keyboard.press('Control+Enter');
    await expect
      .poll(() => engine.queue.list({}).find((item) => item.subject === 'Only if on time'), WAIT)
      .toMatchObject({ status: 'scheduled', expiresAfterMinutes: 60, sendAt: `${tomorrow}T10:00:00.000Z` });
    expect(session.problems).toEqual([]);
  }, 60_000);
});
