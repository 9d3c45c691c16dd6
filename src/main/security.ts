// Web-content hardening applied to every window: no new windows, no navigation away from the app,
// no webviews, no permissions, and the CSP as a response header on everything the session loads.
// Nothing here opens the system browser: a page-initiated navigation (a link, a script, a
// message's <meta http-equiv=refresh>) is cancelled, period. External pages open only from an
// explicit user action, through the `app:openExternal` IPC call and its allowlist.
import type { Session, WebContents } from 'electron';

export interface HardenOptions {
  /** Whether a URL is the app's own page (navigation to it stays allowed: reloads, dev server). */
  isAppUrl(url: string): boolean;
}

type Contents = Pick<WebContents, 'setWindowOpenHandler' | 'on'>;

export function hardenWebContents(contents: Contents, options: HardenOptions): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!options.isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!options.isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function installSessionPolicy(session: Pick<Session, 'webRequest' | 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>, csp: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  // Facteur needs no camera, microphone, geolocation, notifications from the page, etc.
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
