// @vitest-environment jsdom
// Undo send in the window: "Send now" shows "Sending in N seconds — Undo"; Undo takes the mail
// back and reopens compose with exactly what was sent; too late, it says so and nothing changes.
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../shared/result';
import { DEFAULT_SETTINGS, settingsSchema } from '../../shared/settings';
import { App } from '../app';
import { account, fakeEngine, renderWith } from '../test-support';

async function writeAndSend(user: ReturnType<typeof userEvent.setup>): Promise<void> {
  await user.click(await screen.findByRole('button', { name: /New message/u }));
  await user.type(await screen.findByLabelText('To'), 'reader@example.com{Enter}');
  await user.type(screen.getByLabelText('Subject'), 'Minutes');
  const body = screen.getByRole('textbox', { name: 'Message body' });
  body.innerHTML = '<p>Hello <b>team</b></p>';
  fireEvent.input(body);
  fireEvent.keyDown(screen.getByLabelText('Subject'), { key: 'Enter', ctrlKey: true });
}

function engineWith(undo: () => Result<null>) {
  return fakeEngine({
    'accounts:list': () => [account({ id: 7 })],
    'queue:enqueue': () => ({ id: 42, undoUntil: new Date(Date.now() + 10_000).toISOString() }),
    'queue:undoSend': undo,
  });
}

describe('Undo send', () => {
  it('takes the mail back into compose, intact, without asking the engine to send', async () => {
    const user = userEvent.setup();
    const engine = engineWith(() => ({ ok: true, value: null }));
    renderWith(<App />, engine);
    await writeAndSend(user);
    const toast = await screen.findByText(/^Sending in (10|9) seconds…$/u);
    expect(engine.callsTo('queue:enqueue')).toMatchObject([{ accountId: 7, undoable: true, message: { subject: 'Minutes' } }]);
    expect(engine.callsTo('queue:processNow')).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(engine.callsTo('queue:undoSend')).toEqual([{ id: 42 }]);
    await waitFor(() => expect(toast.isConnected).toBe(false));
    expect(screen.getByLabelText<HTMLInputElement>('Subject').value).toBe('Minutes');
    expect(screen.getByText('reader@example.com')).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Message body' }).innerHTML).toBe('<p>Hello <b>team</b></p>');
  });

  it('says when it is too late and leaves the mail alone', async () => {
    const user = userEvent.setup();
    const engine = engineWith(() => ({ ok: false, error: { code: 'conflict', message: 'email 42 cannot be undone: it is already on its way' } }));
    renderWith(<App />, engine);
    await writeAndSend(user);
    await user.click(await screen.findByRole('button', { name: 'Undo' }));
    expect(await screen.findByText('Too late to undo: email 42 cannot be undone: it is already on its way')).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'New message' })).toBeNull();
  });

  it('sets the delay in Settings (0 turns it off)', async () => {
    const user = userEvent.setup();
    const engine = fakeEngine({ 'settings:update': (patch) => settingsSchema.parse({ ...DEFAULT_SETTINGS, ...patch }) });
    renderWith(<App initialView="settings" />, engine);
    const select = await screen.findByLabelText(/^Undo send/u);
    expect((select as HTMLSelectElement).value).toBe('10');
    await user.selectOptions(select, 'Off');
    await user.selectOptions(select, '30 seconds');
    expect(engine.callsTo('settings:update')).toEqual([{ undoSendSeconds: 0 }, { undoSendSeconds: 30 }]);
  });
});
