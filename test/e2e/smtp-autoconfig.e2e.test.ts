// The SMTP link form fills itself in, in Chromium against the real engine: the address's domain
// is looked up on a real local autoconfig server (and a real UDP DNS server), the form shows
// where the settings came from, the account links after a real login check, and its mail
// reaches the real local SMTP server. A domain nothing knows leaves the manual form, no error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientConfigXml, startFakeAutoconfig, type FakeAutoconfig } from '../fakes/fake-autoconfig';
import { startFakeDns, type FakeDns } from '../fakes/fake-dns';
import { useBrowserSession, WAIT } from './e2e-browser';

let web: FakeAutoconfig;
let dns: FakeDns;

beforeAll(async () => {
  [web, dns] = await Promise.all([startFakeAutoconfig(), startFakeDns()]);
});

afterAll(async () => {
  await Promise.all([web?.close(), dns?.close()]);
});

const session = useBrowserSession(() => ({ env: { FACTEUR_AUTOCONFIG_URL: web.autoconfigTemplate, FACTEUR_ISPDB_URL: web.ispdbTemplate, FACTEUR_DNS_SERVER: dns.server } }));

beforeAll(() => {
  // The app's own SMTP server takes mail without a login.
  web.routes.set('/autoconfig/e2e.test', { xml: clientConfigXml([{ host: '127.0.0.1', port: session.app.smtp.port, socketType: 'STARTTLS', auth: ['none'] }]) });
});

describe('the SMTP form fills itself in from the address', () => {
  it('an unknown domain leaves the manual form, with no error', async () => {
    await session.page.getByRole('button', { name: 'Accounts' }).click();
    await session.page.getByRole('button', { name: 'Add SMTP' }).click();
    const form = session.page.getByRole('form', { name: 'Add an SMTP account' });
    await form.getByLabel('Email address').fill('ana@nowhere.test');
    await form.getByLabel('Email address').press('Tab');
    await form.getByText('No settings found for nowhere.test: enter the server below.').waitFor(WAIT);
    expect(await form.getByLabel('Server').inputValue()).toBe('');
    expect(await form.getByRole('alert').count()).toBe(0);
    expect(web.requests).toContain('/autoconfig/nowhere.test?emailaddress=ana%40nowhere.test');
  });

  it('fills server, port and security from the domain’s autoconfig; the account links and sends to the local SMTP server', async () => {
    const { engine, smtp } = session.app;
    const form = session.page.getByRole('form', { name: 'Add an SMTP account' });
    await form.getByLabel('Email address').fill('me@e2e.test');
    await form.getByLabel('Email address').press('Tab');
    await form.getByText('Found in the settings e2e.test publishes.', { exact: false }).waitFor(WAIT);
    expect(await form.getByLabel('Server').inputValue()).toBe('127.0.0.1');
    expect(await form.getByLabel('Port').inputValue()).toBe(String(smtp.port));
    expect(await form.getByLabel('Security').inputValue()).toBe('starttls');
    expect(await form.getByLabel('Username (leave empty if none)').inputValue()).toBe('');

    await form.getByRole('button', { name: 'Add account' }).click();
    await session.page.getByText('me@e2e.test added.').waitFor(WAIT);
    const [account] = engine.accounts.list();
    expect(account?.email).toBe('me@e2e.test');
    expect(JSON.parse(engine.accounts.get(account?.id ?? 0).settings)).toMatchObject({ host: '127.0.0.1', port: smtp.port, secure: false, username: null });

    const id = await engine.queue.queueEmail({ to: [{ address: 'bob@example.com' }], subject: 'Set up by itself', text: 'Hello.', html: null }, account?.id ?? 0);
    await expect.poll(() => engine.queue.get(id).status, WAIT).toBe('sent');
    expect(smtp.received.map((mail) => [mail.from, mail.to])).toEqual([['me@e2e.test', ['bob@example.com']]]);
    expect(session.problems).toEqual([]);
  });
});
