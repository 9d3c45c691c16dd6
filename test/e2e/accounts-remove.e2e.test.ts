// Accounts against the real engine, real SMTP server and the real CLI: removing an account says
// how much unsent mail it has and moves it to another account, which then delivers it (checked on
// the server and with `facteur list --json`); Gmail and Outlook without an OAuth client show what
// to set up, in English and French.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { addSmtpAccount } from '../helpers/engine';
import { shootAt, useBrowserSession, WAIT } from './e2e-browser';

const session = useBrowserSession();

describe('accounts', () => {
  it('removing an account moves its unsent mail to another account, which delivers it', async () => {
    const { engine, smtp } = session.app;
    const old = await addSmtpAccount(engine, smtp.port, 'old@example.com');
    const next = await addSmtpAccount(engine, smtp.port, 'new@example.com');
    // Due in a few seconds: time enough to remove the account first.
    const soon = new Date(Date.now() + 6_000).toISOString();
    const ids: number[] = [];
    for (const to of ['a@example.com', 'b@example.com', 'c@example.com']) {
      ids.push(await engine.queue.queueEmail({ to: [{ address: to }], subject: `For ${to}`, text: 'Hello.', html: null }, old, { sendAt: soon }));
    }
    engine.events.emit('account-changed', old);

    await session.page.getByRole('button', { name: 'Accounts' }).click();
    await session.page.getByRole('button', { name: 'Remove old@example.com' }).click();
    const dialog = session.page.getByRole('alertdialog', { name: 'Remove old@example.com?' });
    await dialog.getByText('It still has 3 unsent messages.').waitFor(WAIT);
    expect(await dialog.getByLabel('Account to move them to').inputValue()).toBe(String(next));
    await shootAt(session.page, 'accounts-remove-move', 'small');
    await shootAt(session.page, 'accounts-remove-move', 'large');
    await dialog.getByRole('button', { name: 'Remove and move 3 messages' }).click();
    await session.page.getByText('old@example.com removed; 3 unsent messages moved to new@example.com.').waitFor(WAIT);

    await smtp.waitFor(3, 30_000);
    expect(smtp.received.map((mail) => mail.from)).toEqual(['new@example.com', 'new@example.com', 'new@example.com']);
    expect(smtp.received.flatMap((mail) => mail.to).sort()).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
    const listed = await runCli(['list', '--json'], { dataDir: engine.dataDir });
    expect(listed.code).toBe(0);
    const items = (JSON.parse(listed.stdout) as Array<{ id: number; accountId: number; status: string }>).filter((item) => ids.includes(item.id));
    expect(items.map((item) => [item.accountId, item.status])).toEqual([
      [next, 'sent'],
      [next, 'sent'],
      [next, 'sent'],
    ]);
  });

  it('removing the only account with unsent mail says it will cancel them', async () => {
    const { engine, smtp } = session.app;
    const accounts = engine.accounts.list();
    const only = accounts.find((account) => account.email === 'new@example.com');
    if (!only) throw new Error('new@example.com is missing');
    await engine.queue.queueEmail({ to: [{ address: 'z@example.com' }], subject: 'Later', text: 'Later.', html: null }, only.id, {
      sendAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    engine.events.emit('account-changed', only.id);
    await session.page.getByRole('button', { name: 'Remove new@example.com' }).click();
    const dialog = session.page.getByRole('alertdialog', { name: 'Remove new@example.com?' });
    await dialog.getByText('It still has 1 unsent message.').waitFor(WAIT);
    expect(await dialog.getByRole('combobox').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await session.page.getByText('new@example.com removed; 1 unsent message cancelled.').waitFor(WAIT);
    expect(engine.accounts.list().some((account) => account.email === 'new@example.com')).toBe(false);
    expect(smtp.received).toHaveLength(3);
  });

  it('shows Gmail and Outlook as needing set-up when no OAuth client is configured, in English and French', async () => {
    const { engine } = session.app;
    const gmail = await engine.accounts.create('gmail', { email: 'ada@gmail.com', displayName: null, secret: '{}' });
    engine.events.emit('account-changed', gmail);
    await session.page.getByTestId(`account-state-${gmail}`).getByText('Needs set-up').waitFor(WAIT);
    await session.page.getByRole('button', { name: 'Link Outlook' }).click();
    const note = session.page.getByTestId('setup-outlook');
    await note.getByText('Outlook needs set-up first').waitFor(WAIT);
    expect(await note.textContent()).toMatch(/FACTEUR_MS_CLIENT_ID.*docs\/outlook\.md/su);
    // No sign-in is started: there is no form to submit, only the way to set it up.
    expect(await session.page.getByRole('button', { name: 'Continue in the browser' }).count()).toBe(0);
    await shootAt(session.page, 'accounts-needs-setup', 'large');
    await session.page.getByRole('button', { name: 'Close' }).click();

    engine.settings.update({ language: 'fr' });
    await session.page.reload();
    await session.page.getByRole('button', { name: 'Comptes' }).click();
    await session.page.getByTestId(`account-state-${gmail}`).getByText('À configurer').waitFor(WAIT);
    const gmailNote = session.page.getByTestId('setup-gmail');
    expect(await gmailNote.textContent()).toMatch(/Gmail doit d’abord être configuré.*FACTEUR_GOOGLE_CLIENT_ID.*docs\/gmail\.md/su);
    engine.settings.update({ language: 'en' });
  });
});
