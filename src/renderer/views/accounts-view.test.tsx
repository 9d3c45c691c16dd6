// @vitest-environment jsdom
// Accounts: each state is shown for what it is, quota use is visible, and removing an account
// never happens without an explicit confirmation.
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { account, fakeEngine, renderWith } from '../test-support';
import { AccountsView } from './accounts-view';

const accounts = [
  account({ id: 1, email: 'ada@gmail.com', provider: 'gmail', quotaUsed: 120, limits: { ...account().limits, perDay: 500 } }),
  account({ id: 2, email: 'grace@outlook.com', provider: 'outlook', state: 'needs-reauth', stateReason: 'invalid_grant: token revoked' }),
  account({ id: 3, email: 'relay@example.org', provider: 'smtp', active: false }),
];

describe('AccountsView', () => {
  it('shows each account with its state, the reason it needs relinking, and its quota use', () => {
    renderWith(<AccountsView accounts={accounts} onChanged={() => {}} />, fakeEngine({}));
    expect(screen.getByTestId('account-state-1').textContent).toBe('Ready');
    expect(screen.getByTestId('account-state-2').textContent).toBe('Needs relinking');
    expect(screen.getByTestId('account-state-3').textContent).toBe('Disabled');
    expect(screen.getByText(/invalid_grant: token revoked/)).toBeTruthy();
    const card = screen.getByRole('listitem', { name: 'ada@gmail.com' });
    const meter = within(card).getByRole('meter');
    expect(meter.getAttribute('aria-valuenow')).toBe('120');
    expect(meter.getAttribute('aria-valuemax')).toBe('500');
    expect(within(card).getByText('120 / 500')).toBeTruthy();
    // A disabled account offers Enable, an enabled one Disable.
    expect(within(screen.getByRole('listitem', { name: 'relay@example.org' })).getByRole('button', { name: 'Enable' })).toBeTruthy();
  });

  it('asks for confirmation before removing, and removes only after it', async () => {
    const user = userEvent.setup();
    const engine = fakeEngine({ 'accounts:remove': () => ({ cancelled: 2, moved: 0 }), 'accounts:unsent': () => ({ movable: 2, stuck: 0 }) });
    renderWith(<AccountsView accounts={accounts} onChanged={() => {}} />, engine);

    await user.click(screen.getByRole('button', { name: 'Remove grace@outlook.com' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Remove grace@outlook.com?' });
    expect(engine.callsTo('accounts:remove')).toEqual([]);
    // The safe choice has the focus, so Enter does not destroy anything.
    expect(document.activeElement?.textContent).toBe('Keep account');
    await user.click(within(dialog).getByRole('button', { name: 'Keep account' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(engine.callsTo('accounts:remove')).toEqual([]);

    // With another account linked, moving the unsent mail is the default; cancelling it is a choice.
    await user.click(screen.getByRole('button', { name: 'Remove grace@outlook.com' }));
    const again = screen.getByRole('alertdialog');
    await within(again).findByText('It still has 2 unsent messages.');
    await user.click(within(again).getByRole('radio', { name: 'Cancel them' }));
    await user.click(within(again).getByRole('button', { name: 'Remove' }));
    expect(engine.callsTo('accounts:remove')).toEqual([{ id: 2, force: true }]);
    expect(await screen.findByText('grace@outlook.com removed; 2 unsent messages cancelled.')).toBeTruthy();
  });

  it('adds an SMTP account without a login, and shows the engine’s refusal in plain words', async () => {
    const user = userEvent.setup();
    const engine = fakeEngine({
      'accounts:add': (input) =>
        input.settings?.host === 'bad.example'
          ? { ok: false as const, error: { code: 'unavailable' as const, message: 'connection refused' } }
          : account({ id: 4, email: input.email }),
    });
    renderWith(<AccountsView accounts={[]} onChanged={() => {}} />, engine);
    await user.click(screen.getByRole('button', { name: /Add SMTP/ }));
    const form = screen.getByRole('form', { name: 'Add an SMTP account' });
    await user.type(within(form).getByLabelText('Email address'), 'me@example.com');
    await user.type(within(form).getByLabelText('Server'), 'bad.example');
    await user.click(within(form).getByRole('button', { name: 'Add account' }));
    expect(await screen.findByText('The server could not be reached; check the server, port and security. Detail: connection refused')).toBeTruthy();
    await user.clear(within(form).getByLabelText('Server'));
    await user.type(within(form).getByLabelText('Server'), 'smtp.example.com');
    await user.click(within(form).getByRole('button', { name: 'Add account' }));
    expect(engine.callsTo('accounts:add')[1]).toEqual({
      kind: 'smtp',
      email: 'me@example.com',
      displayName: null,
      settings: { host: 'smtp.example.com', port: 587, secure: false, username: null, timeoutSeconds: 60 },
      credential: { type: 'password', password: null },
      verify: true,
    });
    expect(await screen.findByText('me@example.com added.')).toBeTruthy();
  });
});
