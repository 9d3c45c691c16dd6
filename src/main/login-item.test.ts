// Start at login, hidden in the tray, and telling a login launch from a user launch.
import { describe, expect, it, vi } from 'vitest';
import { applyStartAtLogin, launchedHidden } from './login-item';

describe('login item', () => {
  it('starts at login hidden in the tray', () => {
    const setLoginItemSettings = vi.fn();
    applyStartAtLogin({ setLoginItemSettings }, true);
    expect(setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true, openAsHidden: true, args: ['--hidden'] });
    applyStartAtLogin({ setLoginItemSettings }, false);
    expect(setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: false, openAsHidden: true, args: ['--hidden'] });
  });

  it('tells a login launch from a user launch', () => {
    const app = { getLoginItemSettings: () => ({ wasOpenedAsHidden: true }) as never };
    expect(launchedHidden(['facteur', '--hidden'], app, 'linux')).toBe(true);
    expect(launchedHidden(['facteur'], app, 'linux')).toBe(false);
    expect(launchedHidden(['facteur'], app, 'darwin')).toBe(true);
  });
});
