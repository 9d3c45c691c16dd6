// Serves the bundled renderer as app://facteur/… instead of file://, so the page has a real
// origin the IPC sender check and the CSP's 'self' can rely on, and cannot read other local files.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Net, Protocol } from 'electron';

export const APP_SCHEME = 'app';

/** Must run before the app is ready. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Resolves an app:// URL to a file inside `root`, or null when it would leave it. */
export function resolveAppFile(root: string, url: string): string | null {
  const { pathname } = new URL(url);
  const base = path.resolve(root);
  const file = path.resolve(base, `.${decodeURIComponent(pathname === '/' ? '/index.html' : pathname)}`);
  return file === base || file.startsWith(base + path.sep) ? file : null;
}

export function serveAppScheme(protocol: Pick<Protocol, 'handle'>, net: Pick<Net, 'fetch'>, root: string, csp: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(root, request.url);
    if (!file) return new Response('forbidden', { status: 403 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', csp);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
