// @vitest-environment jsdom
// The SMTP form fills itself in from the address: leaving the field (or "Find settings") asks the
// engine, fills server, port, security and username, and says where they came from; the user can
// still change them; a domain nothing knows leaves the manual form, with no error.
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { SmtpAutoconfigResult } from '../../shared/smtp-autoconfig';
import { fakeEngine, renderWith } from '../test-support';
import type { SmtpAccountInput } from '../../shared/ipc-contract';
import { SmtpForm } from './smtp-form';

const found = (email: string): SmtpAutoconfigResult =>
  email.endsWith('@acme.test')
    ? { found: { host: 'smtp.acme.test', port: 465, secure: true, username: email.split('@')[0] ?? null, source: 'autoconfig', from: 'https://autoconfig.acme.test/mail/config-v1.1.xml', viaMx: null, note: null }, tried: [] }
    : email.endsWith('@custom.test')
      ? { found: { host: 'smtp.gmail.com', port: 465, secure: true, username: email, source: 'table', from: 'Gmail', viaMx: 'aspmx.l.google.com', note: 'Gmail needs an app password' }, tried: [] }
      : { found: null, tried: [{ from: 'https://autoconfig.thunderbird.net/v1.1/nowhere.test', outcome: 'HTTP 404' }] };

function setup() {
  const engine = fakeEngine({ 'accounts:smtpAutoconfig': ({ email }) => found(email) });
  const submitted: SmtpAccountInput[] = [];
  renderWith(<SmtpForm busy={false} onSubmit={(input) => submitted.push(input)} onCancel={() => {}} />, engine);
  const form = screen.getByRole('form', { name: 'Add an SMTP account' });
  return { engine, submitted, form, user: userEvent.setup() };
}

describe('SmtpForm fills itself in', () => {
  it('leaving the address fills server, port, TLS and username, says where from, and keeps the user’s changes', async () => {
    const { engine, submitted, form, user } = setup();
    await user.type(within(form).getByLabelText('Email address'), 'ana@acme.test');
    await user.tab();
    expect(await within(form).findByText('Found in the settings acme.test publishes. Change them if you know better; the login is tried before anything is saved.')).toBeTruthy();
    expect((within(form).getByLabelText('Server') as HTMLInputElement).value).toBe('smtp.acme.test');
    expect((within(form).getByLabelText('Port') as HTMLInputElement).value).toBe('465');
    expect((within(form).getByLabelText('Security') as HTMLSelectElement).value).toBe('tls');
    expect((within(form).getByLabelText('Username (leave empty if none)') as HTMLInputElement).value).toBe('ana');
    expect(engine.callsTo('accounts:smtpAutoconfig')).toEqual([{ email: 'ana@acme.test' }]);

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
    expect(engine.callsTo('accounts:smtpAutoconfig')).toEqual([]);
    expect((within(form).getByLabelText('Server') as HTMLInputElement).value).toBe('mine.example');
  });
});
