// @vitest-environment jsdom
// Settings → "Your quick times": adding and removing the user's own presets saves the whole list,
// and the engine's refusal is shown.
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../shared/settings';
import { App } from '../app';
import { fakeEngine, renderWith } from '../test-support';

describe('QuickTimesEditor', () => {
  it('adds a quick time, lists it, and removes it', async () => {
    const user = userEvent.setup();
    let settings: Settings = { ...DEFAULT_SETTINGS };
    const engine = fakeEngine({
      'settings:get': () => settings,
      'settings:update': (patch) => {
        const next = settingsSchema.safeParse({ ...settings, ...patch });
        if (!next.success) return { ok: false, error: { code: 'invalid-input', message: 'settings.quickTimes: invalid' } };
        return (settings = next.data);
      },
    });
    renderWith(<App initialView="settings" />, engine);
    await user.type(await screen.findByLabelText('Name'), 'Friday wrap-up');
    await user.selectOptions(screen.getByLabelText('Day'), 'fri');
    const time = screen.getByLabelText('Time');
    await user.clear(time);
    await user.type(time, '16:30');
    await user.click(screen.getByRole('button', { name: 'Add quick time' }));
    const list = await screen.findByRole('list', { name: 'Your quick times' });
    await waitFor(() => expect(list.textContent).toBe('Friday wrap-up Friday at 16:30Remove Friday wrap-up'));
    expect(engine.callsTo('settings:update')).toEqual([{ quickTimes: [{ label: 'Friday wrap-up', day: 'fri', time: '16:30' }] }]);
    await user.click(screen.getByRole('button', { name: 'Remove Friday wrap-up' }));
    await waitFor(() => expect(settings.quickTimes).toEqual([]));
  });
});
