// Web-content hardening applied to every window: no new windows (allowlisted links go to the
// system browser instead), no navigation away from the app, no webviews, no permissions, and the
// CSP as a response header on everything the session loads.
import type { Session, WebContents } from 'electron';

export interface HardenOptions {
  /** Whether a URL is the app's own page (navigation to it stays allowed: reloads, dev server). */
  isAppUrl(url: string): boolean;
  /** Opens a link in the system browser if the allowlist accepts it (else does nothing). */
  openExternal(url: string): void;
}

type Contents = Pick<WebContents, 'setWindowOpenHandler' | 'on'>;

export function hardenWebContents(contents: Contents, options: HardenOptions): void {
  contents.setWindowOpenHandler(({ url }) => {
    options.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!options.isAppUrl(url)) {
      event.preventDefault();
      options.openExternal(url);
    }
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
