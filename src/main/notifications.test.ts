// Native notifications: a failed email, an account to sign in to again, a storm summarised; a
// click opens that view; titles in the language set when shown.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { EngineEventMap } from './core/engine';
import { watchForNotifications } from './notifications';

/** Electron's `Notification` as far as the watcher uses it, keeping what was shown and a way to click it. */
function fakeNotifications() {
  const shown: Array<{ title: string; click: () => void }> = [];
  class FakeNotification extends EventEmitter {
    static isSupported = (): boolean => true;
    constructor(private readonly options: { title: string }) {
      super();
    }
    show(): void {
      shown.push({ title: this.options.title, click: () => this.emit('click') });
    }
  }
  return { electron: { Notification: FakeNotification as never }, shown, titles: () => shown.map((n) => n.title) };
}

describe('notifications', () => {
  it('notifies a failure and a needed sign-in; a click opens that view', () => {
    const events = new EventEmitter<EngineEventMap>();
    const { electron, shown } = fakeNotifications();
    const open = vi.fn();
    watchForNotifications(electron, events, open);
    events.emit('email-failed', 7, '550 no such user');
    events.emit('account-needs-reauth', 3, 'The token was revoked.');
    expect(shown.map((n) => n.title)).toEqual(['An email could not be sent', 'An account needs you to sign in again']);
    shown[0]!.click();
    shown[1]!.click();
    expect(open.mock.calls).toEqual([[{ view: 'email', emailId: 7 }], [{ view: 'account', accountId: 3 }]]);
  });

  it('summarises a storm of failures in one batch', () => {
    const events = new EventEmitter<EngineEventMap>();
    const { electron, titles } = fakeNotifications();
    watchForNotifications(electron, events, vi.fn());
    events.emit('run-started');
    for (let id = 1; id <= 10; id += 1) events.emit('email-failed', id, 'bounced');
    events.emit('run-finished', { sent: 0, failed: 10, retrying: 0, held: 0, deferred: 0, uncertain: 0, stoppedBy: 'done' });
    expect(titles()).toHaveLength(4);
    expect(titles().at(-1)).toBe('7 more emails could not be sent');
  });
});

describe('notifications in French', () => {
  it('notifies in the language set when the notification is shown', () => {
    const events = new EventEmitter<EngineEventMap>();
    const { electron, titles } = fakeNotifications();
    let language: 'en' | 'fr' = 'en';
    watchForNotifications(electron, events, vi.fn(), () => language);
    events.emit('email-failed', 1, 'bounced');
    language = 'fr';
    events.emit('email-failed', 2, 'bounced');
    events.emit('account-needs-reauth', 3, 'Jeton révoqué.');
    expect(titles()).toEqual(['An email could not be sent', 'Un message n’a pas pu être envoyé', 'Un compte demande une nouvelle connexion']);
  });
});
