// The quit warning: quitting with mail due in the next 24 hours while background sending is off
// means that mail waits until Facteur runs again (then the late-mail rule decides). Says so, and
// offers to turn background sending on: "Turn on and quit", "Quit anyway", "Cancel".
import type { BrowserWindow, Dialog, MessageBoxOptions } from 'electron';
import { shellStrings, type Language } from '../shared/shell-strings';

export interface QuitPromptDeps {
  dialog: Pick<Dialog, 'showMessageBox'>;
  /** The window to attach the dialog to, when there is one (it may be hidden in the tray). */
  window: () => BrowserWindow | null;
  /** Mail due within 24 hours (core/late/upcoming.ts). */
  upcoming: () => number;
  backgroundInstalled: () => boolean;
  /** Installs the background job; throws with the reason when it cannot. */
  installBackground: () => void;
  language: () => Language;
}

/** Resolves true to go on quitting, false to stay. Never asks when there is nothing to lose. */
export async function confirmQuit(deps: QuitPromptDeps): Promise<boolean> {
  const due = deps.upcoming();
  if (due === 0 || deps.backgroundInstalled()) return true;
  const words = shellStrings(deps.language());
  const { response } = await show(deps, {
    type: 'question',
    title: words.quitTitle,
    message: words.quitMessage(due),
    detail: words.quitDetail,
    buttons: [words.quitTurnOn, words.quitAnyway, words.quitCancel],
    defaultId: 0,
    cancelId: 2,
    noLink: true,
  });
  if (response === 1) return true;
  if (response !== 0) return false;
  try {
    deps.installBackground();
    return true;
  } catch (error) {
    // Staying open is the safe answer: the user can still choose "Quit anyway".
    await show(deps, { type: 'error', title: words.quitTitle, message: words.quitTurnOnFailed, detail: error instanceof Error ? error.message : String(error), buttons: ['OK'] });
    return false;
  }
}

function show(deps: QuitPromptDeps, options: MessageBoxOptions): ReturnType<Dialog['showMessageBox']> {
  const window = deps.window();
  return window && !window.isDestroyed() ? deps.dialog.showMessageBox(window, options) : deps.dialog.showMessageBox(options);
}
