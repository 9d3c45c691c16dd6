// App lifecycle rules: one instance (a second launch focuses the first), and quitting waits for
// the running batch to finish the mail in flight — a send cut in half would become "uncertain".
import type { App } from 'electron';

export function claimSingleInstance(app: Pick<App, 'requestSingleInstanceLock' | 'on' | 'quit'>, onSecondLaunch: (argv: string[]) => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', (_event, argv) => onSecondLaunch(argv));
  return true;
}

export interface QuitGuard {
  isQuitting(): boolean;
}

/**
 * On the first quit request: ask `confirm` (the late-mail warning, quit-prompt.ts) when given —
 * a "no" leaves the app running as if nothing happened — then stop claiming, wait for `drain`
 * (the scheduler's stop), then quit for real. Further quit requests meanwhile are absorbed.
 */
export function drainBeforeQuit(
  app: Pick<App, 'on' | 'quit'>,
  drain: () => Promise<void>,
  log?: (error: unknown) => void,
  confirm?: () => Promise<boolean>,
): QuitGuard {
  let quitting = false;
  let drained = false;
  let asking = false;
  let draining: Promise<void> | null = null;
  app.on('before-quit', (event) => {
    if (drained) return;
    event.preventDefault();
    if (draining || asking) return;
    const go = (): void => {
      quitting = true;
      draining = drain()
        .catch((error: unknown) => log?.(error))
        .finally(() => {
          drained = true;
          app.quit();
        });
    };
    if (!confirm) return go();
    asking = true;
    void confirm()
      .catch((error: unknown) => (log?.(error), true))
      .then((yes) => {
        asking = false;
        if (yes) go();
      });
  });
  return { isQuitting: () => quitting };
}
