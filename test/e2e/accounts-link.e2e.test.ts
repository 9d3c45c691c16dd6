// Linking and relinking an SMTP account in the window, against real SMTP servers: a refused login
// is refused with the server's own words in a translated frame, and nothing is stored; relinking
// changes the server, port, security and username (checked by connecting first), and mail then
// leaves through the new server.
import { describe, expect, it } from 'vitest';
import { startSmtpTestServer } from '../fakes/smtp-test-server';
import { runCli } from '../helpers/cli';
import { useBrowserSession, useGuardedSmtpServer, WAIT } from './e2e-browser';

const guarded = useGuardedSmtpServer();

const session = useBrowserSession();

describe('linking an SMTP account', () => {
  it('refuses a wrong password with the server’s words and stores nothing; the right one links', async () => {
    await session.page.getByRole('button', { name: 'Accounts' }).click();
    await session.page.getByRole('button', { name: 'Add SMTP' }).click();
    const form = session.page.getByRole('form', { name: 'Add an SMTP account' });
    await form.getByLabel('Email address').fill('me@example.com');
    await form.getByLabel('Server').fill('127.0.0.1');
    await form.getByLabel('Port').fill(String(guarded.server.port));
    await form.getByLabel('Username (leave empty if none)').fill('me');
    await form.getByLabel('Password').fill('wrong');
    await form.getByRole('button', { name: 'Add account' }).click();
    const problem = form.getByRole('alert');
    await problem.waitFor(WAIT);
    expect(await problem.textContent()).toMatch(/^The server refused this username and password\. It said: .*535.*Invalid username or password/u);
    expect(session.app.engine.accounts.list()).toEqual([]);

    await form.getByLabel('Password').fill('right');
    await form.getByRole('button', { name: 'Add account' }).click();
    await session.page.getByText('me@example.com added.').waitFor(WAIT);
    expect(session.app.engine.accounts.list().map((account) => account.email)).toEqual(['me@example.com']);
  });

  it('relinks to another server, port and username; mail then leaves through it', async () => {
    const { engine, smtp } = session.app;
    const [account] = engine.accounts.list();
    if (!account) throw new Error('no account');
    await session.page.getByRole('listitem', { name: 'me@example.com' }).getByRole('button', { name: 'Relink' }).click();
    const form = session.page.getByRole('form', { name: 'Relink me@example.com' });
    expect(await form.getByLabel('Port').inputValue()).toBe(String(guarded.server.port));
    expect(await form.getByLabel('Username (leave empty if none)').inputValue()).toBe('me');

    // A port nothing listens on: refused as unreachable, nothing changed.
    const closed = await startSmtpTestServer();
    await closed.close();
    await form.getByLabel('Port').fill(String(closed.port));
    await form.getByLabel('Password').fill('right');
    await form.getByRole('button', { name: 'Check and save' }).click();
    await form.getByText(/^The server could not be reached; check the server, port and security\./u).waitFor(WAIT);
    expect(JSON.parse(engine.accounts.get(account.id).settings)).toMatchObject({ port: guarded.server.port });

    await form.getByLabel('Server').fill('localhost');
    await form.getByLabel('Port').fill(String(smtp.port));
    await form.getByLabel('Username (leave empty if none)').fill('');
    await form.getByRole('button', { name: 'Check and save' }).click();
    await session.page.getByText('me@example.com linked again; its held mail is on its way.').waitFor(WAIT);
    expect(JSON.parse(engine.accounts.get(account.id).settings)).toMatchObject({ host: 'localhost', port: smtp.port, username: null });

    const id = await engine.queue.queueEmail({ to: [{ address: 'ana@example.com' }], subject: 'Through the new server', text: 'Hello.', html: null }, account.id);
    await expect.poll(() => engine.queue.get(id).status, WAIT).toBe('sent');
    expect(smtp.received.map((mail) => mail.from)).toEqual(['me@example.com']);
    expect(smtp.received.map((mail) => mail.to)).toEqual([['ana@example.com']]);
    expect(guarded.server.received).toHaveLength(0);
    // The command line, on the same data, tells the same story.
    const shown = await runCli(['show', String(id), '--json'], { dataDir: engine.dataDir });
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ status: 'sent', accountEmail: 'me@example.com', attempts: 1 });
  });
});
