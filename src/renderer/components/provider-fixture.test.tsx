// @vitest-environment jsdom
// A provider registered in one place (test/fixtures/fixture-provider.ts) gets its button in the
// Accounts view and a form drawn from its descriptor: its fields, checked by its own schema
// before anything is sent, then one `accounts:add` with its kind, settings and password; and
// the same form relinks its account through `accounts:relink` with the settings changed.
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { PIGEON_KIND, registerPigeonPost } from '../../../test/fixtures/fixture-provider';
import { account, fakeEngine, renderWith } from '../test-support';
import { AccountsView } from '../views/accounts-view';

beforeAll(() => registerPigeonPost());

describe('a registered provider in the Accounts view', () => {
  it('has its button and its form, and adds the account through accounts:add', async () => {
    const user = userEvent.setup();
    const engine = fakeEngine({ 'accounts:add': (input) => account({ id: 7, email: input.email, provider: input.kind }) });
    renderWith(<AccountsView accounts={[]} onChanged={() => {}} />, engine);
    await user.click(screen.getByRole('button', { name: 'Add Pigeon Post account' }));
    const form = screen.getByRole('form', { name: /Pigeon Post/u });
    await user.type(within(form).getByLabelText('Email address'), 'me@example.com');
    await user.type(within(form).getByLabelText('Drop-off URL'), 'http://loft.example');
    await user.type(within(form).getByLabelText('Birds per minute'), '4');
    await user.type(within(form).getByLabelText('Password'), 's3cret');
    await user.click(within(form).getByRole('button', { name: 'Add account' }));
    // Its own schema refuses plain http before anything reaches the engine.
    expect(within(form).getByText(/must be an https:\/\/ URL/u)).toBeTruthy();
    expect(engine.callsTo('accounts:add')).toEqual([]);
    await user.clear(within(form).getByLabelText('Drop-off URL'));
    await user.type(within(form).getByLabelText('Drop-off URL'), 'https://loft.example');
    await user.click(within(form).getByRole('button', { name: 'Add account' }));
    expect(engine.callsTo('accounts:add')).toEqual([
      { kind: PIGEON_KIND, email: 'me@example.com', displayName: null, settings: { dropOff: 'https://loft.example', birdsPerMinute: 4 }, credential: { type: 'password', password: 's3cret' }, verify: true },
    ]);
    expect(await screen.findByText('me@example.com added.')).toBeTruthy();
  });

  it('relinks its account with the same form: its stored settings shown, a changed one sent with the new password', async () => {
    const user = userEvent.setup();
    const pigeon = account({ id: 8, email: 'me@example.com', provider: PIGEON_KIND });
    const engine = fakeEngine({ 'accounts:settings': () => ({ dropOff: 'https://loft.example', birdsPerMinute: 4 }), 'accounts:relink': () => pigeon });
    renderWith(<AccountsView accounts={[pigeon]} onChanged={() => {}} relinkAccountId={8} />, engine);
    const form = await screen.findByRole('form', { name: 'Relink me@example.com' });
    expect((within(form).getByLabelText('Drop-off URL') as HTMLInputElement).value).toBe('https://loft.example');
    await user.clear(within(form).getByLabelText('Birds per minute'));
    await user.type(within(form).getByLabelText('Birds per minute'), '99');
    await user.type(within(form).getByLabelText('Password'), 'n3w');
    await user.click(within(form).getByRole('button', { name: 'Check and save' }));
    // Its schema refuses 99 birds before anything reaches the engine.
    expect(within(form).getByText(/birdsPerMinute/u)).toBeTruthy();
    expect(engine.callsTo('accounts:relink')).toEqual([]);
    await user.clear(within(form).getByLabelText('Birds per minute'));
    await user.type(within(form).getByLabelText('Birds per minute'), '10');
    await user.click(within(form).getByRole('button', { name: 'Check and save' }));
    expect(engine.callsTo('accounts:relink')).toEqual([{ id: 8, password: 'n3w', settings: { dropOff: 'https://loft.example', birdsPerMinute: 10 } }]);
    expect(await screen.findByText('me@example.com linked again; its held mail is on its way.')).toBeTruthy();
  });

  it('keeps the built-in providers’ buttons', () => {
    renderWith(<AccountsView accounts={[]} onChanged={() => {}} />, fakeEngine({}));
    for (const name of [/Link Gmail/u, /Link Outlook/u, /Add SMTP/u, /Add Pigeon Post account/u]) expect(screen.getByRole('button', { name })).toBeTruthy();
  });
});
