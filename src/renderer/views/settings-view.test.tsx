// @vitest-environment jsdom
// Settings: choosing French re-renders the whole window in French (dates and numbers too), and
// each control saves exactly its own setting.
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Settings } from '../../shared/settings';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { App } from '../app';
import { counts, fakeEngine, renderWith } from '../test-support';

function engineWithSettings() {
  let settings: Settings = { ...DEFAULT_SETTINGS };
  return fakeEngine({
    'settings:get': () => settings,
    'settings:update': (patch) => (settings = { ...settings, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) }),
    'queue:counts': () => ({ counts: counts({ sent: 1234, failed: 1 }), due: 0, attention: 0 }),
  });
}

describe('SettingsView', () => {
  it('switches the whole window to French and back', async () => {
    const user = userEvent.setup();
    const engine = engineWithSettings();
    renderWith(<App initialView="settings" />, engine);
    await user.selectOptions(await screen.findByLabelText('Language'), 'fr');
    expect(await screen.findByRole('heading', { name: 'Réglages' })).toBeTruthy();
    expect(screen.getByRole('button', { name: /Boîte d’envoi/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Mettre en pause' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('fr');
    expect(engine.callsTo('settings:update')).toEqual([{ language: 'fr' }]);

    // Numbers follow the language: 1 234 with a narrow no-break space in French.
    await user.click(screen.getByRole('button', { name: /Boîte d’envoi/ }));
    await user.click(screen.getByRole('tab', { name: /^Envoyés/ }));
    expect(screen.getByRole('tab', { name: /^Envoyés/ }).textContent).toBe('Envoyés1\u202f234');

    await user.click(screen.getByRole('button', { name: /Réglages/ }));
    await user.selectOptions(screen.getByLabelText('Langue'), 'en');
    expect(await screen.findByRole('heading', { name: 'Settings' })).toBeTruthy();
  });

  it('pauses sending and saves the batch size and interval it is given', async () => {
    const user = userEvent.setup();
    const engine = engineWithSettings();
    renderWith(<App initialView="settings" />, engine);
    await user.click(await screen.findByRole('button', { name: 'Pause sending' }));
    expect(await screen.findByText('Sending is paused')).toBeTruthy();
    const batch = screen.getByLabelText('Messages per batch');
    await user.clear(batch);
    await user.type(batch, '250');
    await user.tab();
    await user.selectOptions(screen.getByLabelText('Check for due mail'), 'Every 5 minutes');
    await waitFor(() =>
      expect(engine.callsTo('settings:update')).toEqual([{ paused: true }, { batchSize: 250 }, { schedulerCron: '*/5 * * * *' }]),
    );
  });
});
