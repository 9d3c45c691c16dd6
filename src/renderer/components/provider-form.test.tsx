// @vitest-environment jsdom
// The add form drawn from SMTP's descriptor fills itself in from the address (the descriptor's
// lookup slot): leaving the field (or "Find settings") asks the engine, fills server, port,
// security and username, and says where they came from; the user can still change them, and the
// TLS mode moves the port; a domain nothing knows leaves the manual form, with no error.
// Relinking shows the stored settings and sends only what the form shows.
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { smtpDescriptor } from '../../shared/providers/smtp';
import type { SettingsLookup } from '../../shared/settings-lookup';
import { account, fakeEngine, renderWith } from '../test-support';
import { AccountsView } from '../views/accounts-view';
import { ProviderForm, type ProviderFormInput } from './provider-form';

const found = (email: string): SettingsLookup =>
  email.endsWith('@acme.test')
    ? { found: { settings: { host: 'smtp.acme.test', port: 465, secure: true, username: email.split('@')[0] ?? null }, source: 'autoconfig', from: 'https://autoconfig.acme.test/mail/config-v1.1.xml', viaMx: null, note: null }, tried: [] }
    : email.endsWith('@custom.test')
      ? { found: { settings: { host: 'smtp.gmail.com', port: 465, secure: true, username: email }, source: 'table', from: 'Gmail', viaMx: 'aspmx.l.google.com', note: 'Gmail needs an app password' }, tried: [] }
      : { found: null, tried: [{ from: 'https://autoconfig.thunderbird.net/v1.1/nowhere.test', outcome: 'HTTP 404' }] };

function setup() {
  const engine = fakeEngine({ 'accounts:findSettings': ({ email }) => found(email) });
  const submitted: ProviderFormInput[] = [];
  renderWith(<ProviderForm descriptor={smtpDescriptor} busy={false} onSubmit={(input) => submitted.push(input)} onCancel={() => {}} />, engine);
  const form = screen.getByRole('form', { name: 'Add an SMTP account' });
  return { engine, submitted, form, user: userEvent.setup() };
}

describe('the SMTP form fills itself in', () => {
  it('leaving the address fills server, port, TLS and username, says where from, and keeps the user’s changes', async () => {
    const { engine, submitted, form, user } = setup();
    await user.type(within(form).getByLabelText('Email address'), 'ana@acme.test');
    await user.tab();
    expect(await within(form).findByText('Found in the settings acme.test publishes. Change them if you know better; the login is tried before anything is saved.')).toBeTruthy();
    expect((within(form).getByLabelText('Server') as HTMLInputElement).value).toBe('smtp.acme.test');
    expect((within(form).getByLabelText('Port') as HTMLInputElement).value).toBe('465');
    expect((within(form).getByLabelText('Security') as HTMLSelectElement).value).toBe('tls');
    expect((within(form).getByLabelText('Username (leave empty if none)') as HTMLInputElement).value).toBe('ana');
    expect(engine.callsTo('accounts:findSettings')).toEqual([{ kind: 'smtp', email: 'ana@acme.test' }]);

    await user.selectOptions(within(form).getByLabelText('Security'), 'starttls');
    await user.type(within(form).getByLabelText('Password'), 'secret');
    await user.click(within(form).getByRole('button', { name: 'Add account' }));
    expect(submitted).toEqual([
      { email: 'ana@acme.test', displayName: null, settings: { host: 'smtp.acme.test', port: 587, secure: false, username: 'ana', timeoutSeconds: 60 }, password: 'secret' },
    ]);
  });

  it('a custom domain found through its mail server says so, with the service’s note', async () => {
    const { form, user } = setup();
    await user.type(within(form).getByLabelText('Email address'), 'bo@custom.test');
    await user.click(within(form).getByRole('button', { name: 'Find settings' }));
    const note = await within(form).findByTestId('smtp-autoconfig-note');
    await within(note).findByText(/Found in Facteur’s list of known services \(Gmail\)\. Its mail is handled by aspmx\.l\.google\.com\./u);
    expect(within(note).getByText('Gmail needs an app password')).toBeTruthy();
    expect((within(form).getByLabelText('Server') as HTMLInputElement).value).toBe('smtp.gmail.com');
  });

  it('an unknown domain leaves the manual form as it was, with no error', async () => {
    const { form, user } = setup();
    await user.type(within(form).getByLabelText('Email address'), 'ana@nowhere.test');
    await user.tab();
    expect(await within(form).findByText('No settings found for nowhere.test: enter the server below.')).toBeTruthy();
    expect(within(form).queryByRole('alert')).toBeNull();
    expect((within(form).getByLabelText('Server') as HTMLInputElement).value).toBe('');
    expect((within(form).getByLabelText('Port') as HTMLInputElement).value).toBe('587');
  });

  it('a server the user typed first is not replaced when the address is left', async () => {
    const { engine, form, user } = setup();
    await user.type(within(form).getByLabelText('Server'), 'mine.example');
    await user.type(within(form).getByLabelText('Email address'), 'ana@acme.test');
    await user.tab();
    expect(engine.callsTo('accounts:findSettings')).toEqual([]);
    expect((within(form).getByLabelText('Server') as HTMLInputElement).value).toBe('mine.example');
  });
});

describe('relinking an SMTP account', () => {
  it('shows the stored settings and sends the shown ones, a cleared username as none', async () => {
    const user = userEvent.setup();
    const smtp = account({ id: 3, email: 'me@example.com', provider: 'smtp' });
    const engine = fakeEngine({
      'accounts:settings': () => ({ host: 'old.example', port: 2525, secure: false, username: 'me', timeoutSeconds: 120 }),
      'accounts:relink': () => smtp,
    });
    renderWith(<AccountsView accounts={[smtp]} onChanged={() => {}} relinkAccountId={3} />, engine);
    const form = await screen.findByRole('form', { name: 'Relink me@example.com' });
    expect((within(form).getByLabelText('Server') as HTMLInputElement).value).toBe('old.example');
    expect((within(form).getByLabelText('Port') as HTMLInputElement).value).toBe('2525');
    expect(within(form).queryByRole('button', { name: 'Find settings' })).toBeNull();
    await user.clear(within(form).getByLabelText('Server'));
    await user.type(within(form).getByLabelText('Server'), 'new.example');
    await user.selectOptions(within(form).getByLabelText('Security'), 'tls');
    expect((within(form).getByLabelText('Port') as HTMLInputElement).value).toBe('465');
    await user.clear(within(form).getByLabelText('Username (leave empty if none)'));
    expect((within(form).getByLabelText('Password') as HTMLInputElement).disabled).toBe(true);
    await user.click(within(form).getByRole('button', { name: 'Check and save' }));
    // The timeout, not on the form, is not sent: the engine keeps the stored one.
    expect(engine.callsTo('accounts:relink')).toEqual([{ id: 3, password: null, settings: { host: 'new.example', port: 465, secure: true, username: null } }]);
    expect(await screen.findByText('me@example.com linked again; its held mail is on its way.')).toBeTruthy();
  });
});

describe('the SMTP form while its account is being added', () => {
  it('ignores Enter and the button while busy, so the account is not added twice', async () => {
    const engine = fakeEngine({ 'accounts:findSettings': ({ email }) => found(email) });
    const submitted: ProviderFormInput[] = [];
    // As the accounts view does: busy from the first submit until the engine answers (never, here).
    function Adding(): ReactNode {
      const [busy, setBusy] = useState(false);
      return (
        <ProviderForm
          descriptor={smtpDescriptor}
          busy={busy}
          onSubmit={(input) => {
            submitted.push(input);
            setBusy(true);
          }}
          onCancel={() => {}}
        />
      );
    }
    renderWith(<Adding />, engine);
    const user = userEvent.setup();
    const view = screen.getByRole('form', { name: 'Add an SMTP account' });
    await user.type(within(view).getByLabelText('Email address'), 'ana@acme.test');
    await user.tab();
    await within(view).findByText(/Found in the settings acme\.test publishes/u);
    await user.type(within(view).getByLabelText('Password'), 'secret{Enter}');
    expect(submitted).toHaveLength(1);

    await user.type(within(view).getByLabelText('Password'), '{Enter}');
    await user.click(within(view).getByRole('button', { name: 'Add account' }));
    expect(submitted).toHaveLength(1);
    // The button keeps keyboard focus while busy (aria-disabled, not disabled).
    expect(document.activeElement).toBe(within(view).getByRole('button', { name: 'Add account' }));
  });
});
