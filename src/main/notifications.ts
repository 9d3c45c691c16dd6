// Native notifications for what needs the user: mail that failed for good, an account that must
// be linked again. Clicking one opens the window on that email or account.
import type { Notification as NotificationType, NotificationConstructorOptions } from 'electron';
import type { NavigateTarget } from '../shared/ipc-contract';
import { shellStrings, type Language } from '../shared/shell-strings';
import type { Engine } from './core/engine';

export interface NotificationDeps {
  Notification: (new (options: NotificationConstructorOptions) => NotificationType) & { isSupported(): boolean };
}

/** Past this many failures in one batch, one summary instead of a notification storm. */
const MAX_PER_RUN = 3;

export function watchForNotifications(
  deps: NotificationDeps,
  events: Engine['events'],
  open: (target: NavigateTarget) => void,
  /** Read at each notification, so a language change applies at once. */
  language: () => Language = () => 'en',
): () => void {
  let shownThisRun = 0;
  let suppressed = 0;
  const show = (title: string, body: string, target: NavigateTarget): void => {
    if (!deps.Notification.isSupported()) return;
    const notification = new deps.Notification({ title, body });
    notification.on('click', () => open(target));
    notification.show();
  };
  const onFailed = (emailId: number, message: string): void => {
    if (shownThisRun >= MAX_PER_RUN) {
      suppressed += 1;
      return;
    }
    shownThisRun += 1;
    show(shellStrings(language()).failedTitle, message, { view: 'email', emailId });
  };
  const onReauth = (accountId: number, reason: string): void => {
    const words = shellStrings(language());
    show(words.reauthTitle, words.reauthBody(reason), { view: 'account', accountId });
  };
  const onStarted = (): void => {
    shownThisRun = 0;
    suppressed = 0;
  };
  const onFinished = (): void => {
    const words = shellStrings(language());
    if (suppressed > 0) show(words.moreFailedTitle(suppressed), words.moreFailedBody, { view: 'failed' });
    suppressed = 0;
  };
  events.on('email-failed', onFailed);
  events.on('account-needs-reauth', onReauth);
  events.on('run-started', onStarted);
  events.on('run-finished', onFinished);
  return () => {
    events.off('email-failed', onFailed);
    events.off('account-needs-reauth', onReauth);
    events.off('run-started', onStarted);
    events.off('run-finished', onFinished);
  };
}
