// @vitest-environment jsdom
// "Keep sending when Facteur is closed": the switch shows what the OS reports, installs and
// removes the job through the contract, and says why when the OS refuses.
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { BackgroundStatus } from '../../shared/background';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { App } from '../app';
import { fakeEngine, renderWith } from '../test-support';

const off: BackgroundStatus = { installed: false, kind: null, every: null, files: [] };
const on: BackgroundStatus = { installed: true, kind: 'systemd', every: 5, files: ['/home/a/.config/systemd/user/facteur-queue.timer'] };

describe('BackgroundSetting', () => {
  it('turns the background job on and off and shows how it runs', async () => {
    const user = userEvent.setup();
    let status = off;
    const engine = fakeEngine({
      'background:status': () => status,
      'background:set': ({ enabled }) => (status = enabled ? on : off),
    });
    renderWith(<App initialView="settings" />, engine);
    const toggle = await screen.findByRole('switch', { name: /Keep sending when Facteur is closed/u });
    await waitFor(() => expect((toggle as HTMLInputElement).disabled).toBe(false));
    expect((toggle as HTMLInputElement).checked).toBe(false);
    await user.click(toggle);
    expect(await screen.findByText('On: a systemd user timer sends due mail every 5 minutes.')).toBeTruthy();
    expect((toggle as HTMLInputElement).checked).toBe(true);
    await user.click(toggle);
    await waitFor(() => expect((toggle as HTMLInputElement).checked).toBe(false));
    expect(engine.callsTo('background:set')).toEqual([{ enabled: true }, { enabled: false }]);
  });

  it('shows the system’s refusal and stays off', async () => {
    const user = userEvent.setup();
    const engine = fakeEngine({
      'background:set': () => ({ ok: false, error: { code: 'unavailable', message: 'crontab - failed: not found on PATH' } }),
    });
    renderWith(<App initialView="settings" />, engine);
    const toggle = await screen.findByRole('switch', { name: /Keep sending/u });
    await waitFor(() => expect((toggle as HTMLInputElement).disabled).toBe(false));
    await user.click(toggle);
    expect((await screen.findByRole('alert')).textContent).toContain('crontab - failed: not found on PATH');
    expect((toggle as HTMLInputElement).checked).toBe(false);
  });

  it('speaks French', async () => {
    const engine = fakeEngine({
      'settings:get': () => ({ ...DEFAULT_SETTINGS, language: 'fr' }),
      'background:status': () => ({ ...on, kind: 'launchd', every: 10 }),
    });
    renderWith(<App initialView="settings" />, engine, 'fr');
    expect(await screen.findByText('Activé : un agent launchd envoie le courrier dû toutes les 10 minutes.')).toBeTruthy();
    expect(screen.getByRole('switch', { name: /Continuer l’envoi quand Facteur est fermé/u })).toBeTruthy();
  });
});
