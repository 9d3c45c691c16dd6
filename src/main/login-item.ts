// "Start at login, hidden in the tray": the OS login item, and telling a login launch from a
// user launch (then no window is shown).
import type { App } from 'electron';

export const HIDDEN_ARG = '--hidden';

export function applyStartAtLogin(app: Pick<App, 'setLoginItemSettings'>, enabled: boolean): void {
  // openAsHidden is honoured on macOS; Windows and Linux get the --hidden argument instead.
  app.setLoginItemSettings({ openAtLogin: enabled, openAsHidden: true, args: [HIDDEN_ARG] });
}

export function launchedHidden(argv: readonly string[], app: Pick<App, 'getLoginItemSettings'>, platform = process.platform): boolean {
  if (argv.includes(HIDDEN_ARG)) return true;
  // macOS passes no argument; it says whether this launch came from the login item.
  return platform === 'darwin' && app.getLoginItemSettings().wasOpenedAsHidden === true;
}
