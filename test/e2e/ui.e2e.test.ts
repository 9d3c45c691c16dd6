// The real React UI in Debian Chromium, through the loopback transport, against the real engine,
// scheduler and a real SMTP server: add an account, compose with attachments (picked by path and
// dropped as bytes), schedule one mail 2 s ahead and send one now, watch both arrive, see a
// refused recipient land in Failed with the server's reason, retry it once fixed, and switch to
// French and back. Screenshots of each view, light and dark, go to test/e2e/screenshots/
// (with FACTEUR_UPDATE_SCREENSHOTS=1).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compose, shootSchemes, useBrowserSession, WAIT } from './e2e-browser';

const session = useBrowserSession({
  viewport: { width: 1280, height: 900 },
  // Client ids configured, so the Gmail and Outlook accounts below show their own state rather
  // than "needs set-up" (accounts-remove.e2e.test.ts covers that).
  env: { FACTEUR_GOOGLE_CLIENT_ID: 'e2e-google-client', FACTEUR_MS_CLIENT_ID: 'e2e-ms-client' },
  // "Send now" waits the undo delay in the engine; 2 s keeps this walk-through quick.
  beforeLoad: (started) => void started.engine.settings.update({ undoSendSeconds: 2 }),
});

/** Light and dark screenshots of what is on screen now (committed with FACTEUR_UPDATE_SCREENSHOTS=1). */
const shoot = (name: string): Promise<void> => shootSchemes(session.page, name);

/** Sets a controlled input's value the way a user would, so React sees the change. */
async function setInputValue(label: string, value: string): Promise<void> {
  await session.page.getByLabel(label, { exact: true }).evaluate((element, next) => {
    const input = element as HTMLInputElement;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, next);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

/** Drops a file onto the attachment zone as a browser does: bytes, no path. */
async function dropFile(name: string, text: string): Promise<void> {
  const transfer = await session.page.evaluateHandle(
    ([fileName, content]) => {
      const data = new DataTransfer();
      data.items.add(new File([content], fileName, { type: 'text/plain' }));
      return data;
    },
    [name, text] as const,
  );
  await session.page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: transfer });
}

async function tabText(name: RegExp): Promise<string> {
  return (await session.page.getByRole('tab', { name }).textContent()) ?? '';
}

const composeTo = (to: string, subject: string, body: string): Promise<void> => compose(session.page, { to, subject, body });

describe('Facteur in Chromium', () => {
  it('adds an SMTP account', async () => {
    await session.page.getByRole('button', { name: 'Accounts' }).click();
    await session.page.getByRole('heading', { name: 'No account yet' }).waitFor();
    await shoot('accounts-empty');
    await session.page.getByRole('button', { name: 'Add SMTP' }).click();
    const form = session.page.getByRole('form', { name: 'Add an SMTP account' });
    await form.getByLabel('Email address').fill('sender@example.com');
    await form.getByLabel('Name shown to recipients').fill('Facteur Test');
    await form.getByLabel('Server').fill('127.0.0.1');
    await form.getByLabel('Port').fill(String(session.app.smtp.port));
    await shoot('accounts-add-smtp');
    await form.getByRole('button', { name: 'Add account' }).click();
    await session.page.getByText('sender@example.com added.').waitFor();
    expect(await session.page.getByTestId(/account-state-/).textContent()).toBe('Ready');
    await shoot('accounts');
  });

  it('schedules a mail with attachments 2 seconds ahead and sends another now; both arrive', async () => {
    const picked = path.join(session.app.fileDir, 'agenda.txt');
    fs.writeFileSync(picked, 'Agenda: 1. budget 2. roadmap\n');
    session.app.pickedFiles.push(picked);

    await composeTo('Ana Lima <ana@example.com>', 'Scheduled hello', 'Hello Ana, the agenda is attached.');
    await session.page.getByRole('button', { name: 'Bold (Ctrl+B)' }).click();
    await session.page.keyboard.type(' See you soon.');
    await session.page.getByRole('button', { name: 'Attach files' }).click();
    await session.page.getByText('agenda.txt').waitFor();
    await dropFile('notes.txt', 'dropped from the desktop');
    await session.page.getByText('notes.txt').waitFor();
    await session.page.getByRole('radio', { name: 'Schedule' }).check();
    await session.page.getByRole('button', { name: 'Tomorrow 9:00 AM' }).click();
    await session.page.getByTestId('schedule-summary').getByText(/UTC/).waitFor();
    await shoot('compose');
    const at = new Date(Date.now() + 2_000).toISOString().slice(0, 19);
    await setInputValue('Date and time', at);
    await session.page.getByRole('button', { name: 'Schedule', exact: true }).last().click();
    // The new email is selected in the outbox.
    await session.page.getByRole('complementary', { name: 'Message details' }).getByText('Scheduled hello').waitFor();

    await composeTo('bob@example.com', 'Right now', 'This one leaves at once.');
    await session.page.keyboard.press('Control+Enter');
    await session.page.getByRole('complementary', { name: 'Message details' }).getByText('Right now').waitFor();

    await session.app.smtp.waitFor(2, 20_000);
    const received = session.app.smtp.received.map((mail) => ({ to: mail.to, raw: mail.raw.toString('utf8') }));
    const scheduled = received.find((mail) => mail.to.includes('ana@example.com'));
    expect(scheduled?.raw).toMatch(/Subject: Scheduled hello/);
    expect(scheduled?.raw).toMatch(/filename=agenda\.txt/);
    expect(scheduled?.raw).toMatch(/filename=notes\.txt/);
    expect(scheduled?.raw).toMatch(/<b>/);
    expect(received.find((mail) => mail.to.includes('bob@example.com'))?.raw).toMatch(/Subject: Right now/);

    await session.page.getByRole('tab', { name: /^Sent/ }).click();
    await expect.poll(() => tabText(/^Sent/), WAIT).toBe('Sent2');
    await session.page.getByRole('listbox').getByText('Scheduled hello').click();
    await session.page.getByRole('list', { name: 'Attempt log' }).getByText('Sent').waitFor();
    await shoot('outbox-sent');
  });

  it('shows a refused recipient in Failed with the server’s reason, and retries it once fixed', async () => {
    session.app.smtp.faults.push({ kind: 'reject-recipient', address: 'nobody@example.com', code: 550, message: '5.1.1 nobody@example.com: user unknown' });
    await composeTo('nobody@example.com', 'Lost letter', 'Is anyone there?');
    await session.page.keyboard.press('Control+Enter');
    await session.page.getByRole('complementary', { name: 'Message details' }).getByText('Lost letter').waitFor();

    await session.page.getByRole('tab', { name: /^Failed/ }).click();
    await expect.poll(() => tabText(/^Failed/), WAIT).toBe('Failed1');
    await session.page.getByRole('listbox').getByText('Lost letter').click();
    const pane = session.page.getByRole('complementary', { name: 'Message details' });
    await pane.getByText(/refused a recipient/).first().waitFor();
    expect(await pane.getByRole('list', { name: 'Attempt log' }).textContent()).toMatch(/user unknown/);
    await shoot('outbox-failed');

    session.app.smtp.faults.length = 0;
    await pane.getByRole('button', { name: 'Retry' }).click();
    await session.app.smtp.waitFor(3, 20_000);
    expect(session.app.smtp.received.at(-1)?.to).toEqual(['nobody@example.com']);
    await expect.poll(() => tabText(/^Failed/), WAIT).toBe('Failed0');
    await expect.poll(() => tabText(/^Sent/), WAIT).toBe('Sent3');
  });

  it('switches to French and back', async () => {
    await session.page.getByRole('button', { name: 'Settings' }).click();
    await shoot('settings');
    await session.page.getByLabel('Language').selectOption('fr');
    await session.page.getByRole('heading', { name: 'Réglages' }).waitFor();
    await shoot('settings-fr');
    await session.page.getByRole('button', { name: /Boîte d’envoi/ }).click();
    await session.page.getByRole('tab', { name: /^Envoyés/ }).click();
    await session.page.getByRole('listbox').getByText('Scheduled hello').click();
    await session.page.getByRole('list', { name: 'Journal des tentatives' }).waitFor();
    await shoot('outbox-fr');
    await session.page.getByRole('button', { name: 'Réglages' }).click();
    await session.page.getByLabel('Langue').selectOption('en');
    await session.page.getByRole('heading', { name: 'Settings' }).waitFor();
    expect(session.app.engine.settings.get().language).toBe('en');
  });

  it('keeps a long scheduled queue windowed in the browser', async () => {
    const people = ['Camille Martin', 'Léa Bernard', 'Hugo Dubois', 'Chloé Thomas', 'Louis Robert', 'Emma Richard', 'Jules Petit', 'Inès Durand'];
    const topics = ['Invoice', 'Weekly report', 'Meeting notes', 'Contract renewal', 'Welcome aboard', 'Reminder: payment due', 'Project update', 'Newsletter'];
    const items = Array.from({ length: 2_000 }, (_, index) => {
      const name = people[index % people.length] ?? 'Reader';
      const address = `${name.split(' ')[0]?.toLowerCase().normalize('NFD').replace(/[^a-z]/gu, '')}.${index}@example.com`;
      return {
        message: { to: [{ address, name }], subject: `${topics[index % topics.length]} #${2_000 - index}`, text: 'Hello', html: '<p>Hello</p>' },
        accountRef: 'sender@example.com',
        options: { sendAt: `2030-01-${String(1 + (index % 28)).padStart(2, '0')}T09:00:00`, timeZone: 'Europe/Paris' },
      };
    });
    await session.app.engine.queue.queueEmails(items);
    await session.page.getByRole('button', { name: 'Outbox' }).click();
    await session.page.getByRole('tab', { name: /^Scheduled/ }).click();
    await expect.poll(() => tabText(/^Scheduled/), WAIT).toBe('Scheduled2,000');
    const list = session.page.getByRole('listbox');
    // Listed by when they leave: #2000 was queued first for the earliest day (ties: order queued).
    await list.getByRole('option').first().getByText(/#2000$/u).waitFor();
    expect(await list.getByRole('option').count()).toBeLessThan(40);
    await list.getByRole('option').nth(2).click();
    await session.page.getByRole('complementary', { name: 'Message details' }).getByText('Attempt log').waitFor();
    await shoot('outbox-scheduled');
    // The end of the list is one scroll away, and still only a window of rows is in the page.
    await list.evaluate((element) => (element.scrollTop = element.scrollHeight));
    await list.getByText(/#13$/u).waitFor(); // the last one queued for the 28th
    expect(await list.getByRole('option').count()).toBeLessThan(40);
  });

  it('shows every account state, quota use included, live from the engine', async () => {
    // Seeded in the engine directly (linking them needs Google and Microsoft): the UI learns of
    // them through the accounts:changed push, not by reloading.
    await session.app.engine.accounts.create('gmail', { email: 'ada@gmail.com', displayName: 'Ada Lovelace', secret: '{}' });
    const outlook = await session.app.engine.accounts.create('outlook', { email: 'grace@contoso.com', displayName: null, secret: '{}' });
    session.app.engine.accounts.markNeedsReauth(outlook, 'invalid_grant: the refresh token was revoked');
    session.app.engine.events.emit('account-changed', outlook);
    await session.page.getByRole('button', { name: 'Accounts' }).click();
    await session.page.getByTestId(`account-state-${outlook}`).getByText('Needs relinking').waitFor();
    expect(await session.page.getByRole('listitem', { name: 'Facteur Test' }).getByText('3 / 2,000').count()).toBe(1);
    await shoot('accounts-overview');
    await session.page.getByRole('button', { name: 'Link Gmail' }).click();
    await session.page.getByRole('form', { name: 'Link Gmail' }).waitFor();
    await shoot('accounts-link-gmail');
    expect(session.problems).toEqual([]);
  });

  it('takes back a "Send now" with Undo: nothing reaches the server, compose has it back, and it can still be sent', async () => {
    session.app.engine.settings.update({ undoSendSeconds: 4 });
    const before = session.app.smtp.received.length;
    await composeTo('carol@example.com', 'Second thoughts', 'Maybe not yet.');
    await session.page.keyboard.press('Control+Enter');
    await session.page.getByRole('status').getByText(/^Sending in [1-4] seconds?…$/u).waitFor();
    await session.page.getByRole('button', { name: 'Undo' }).click();
    await session.page.getByRole('heading', { name: 'New message' }).waitFor();
    expect(await session.page.getByLabel('Subject').inputValue()).toBe('Second thoughts');
    expect(await session.page.getByRole('textbox', { name: 'Message body' }).textContent()).toBe('Maybe not yet.');
    await session.page.getByText('carol@example.com').waitFor();
    // Past the delay, with the scheduler running: nothing left, nothing queued.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(session.app.smtp.received.length).toBe(before);
    expect(session.app.engine.queue.list({ search: 'Second thoughts' })).toEqual([]);

    await session.page.keyboard.press('Control+Enter');
    await session.app.smtp.waitFor(before + 1, 20_000);
    expect(session.app.smtp.received.at(-1)?.raw.toString('utf8')).toMatch(/Subject: Second thoughts/u);
    expect(session.app.smtp.received.filter((mail) => mail.to.includes('carol@example.com'))).toHaveLength(1);
  });
});
