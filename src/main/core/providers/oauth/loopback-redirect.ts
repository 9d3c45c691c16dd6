// The OAuth redirect target for desktop sign-in (RFC 8252 §7.3): a one-shot HTTP server on
// 127.0.0.1 and a random port that receives `?code=…&state=…` from the system browser.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FacteurError } from '../../errors';

export interface LoopbackRedirect {
  /** `http://127.0.0.1:<port>/callback` — register "http://127.0.0.1" (any port) with the provider. */
  redirectUri: string;
  /** Resolves with the authorisation code once the browser comes back with the right state. */
  waitForCode(): Promise<string>;
  close(): void;
}

export interface LoopbackOptions {
  /** The `state` sent in the authorisation request; a callback without it is refused (CSRF). */
  state: string;
  /** Give up after this long (default 5 minutes). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const page = (title: string, body: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>` +
  `<style>body{font:16px system-ui,sans-serif;margin:15vh auto;max-width:32rem;text-align:center;color:#222}</style>` +
  `</head><body><h1>${title}</h1><p>${body}</p></body></html>`;

export async function startLoopbackRedirect(options: LoopbackOptions): Promise<LoopbackRedirect> {
  let settle: { resolve: (code: string) => void; reject: (error: Error) => void } | null = null;
  let outcome: { code?: string; error?: Error } | null = null;
  const finish = (result: { code?: string; error?: Error }): void => {
    if (outcome) return;
    outcome = result;
    if (settle) {
      if (result.error) settle.reject(result.error);
      else settle.resolve(result.code ?? '');
    }
  };

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      response.writeHead(404).end();
      return;
    }
    const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
    if (url.searchParams.get('state') !== options.state) {
      response.writeHead(400, headers).end(page('Sign-in refused', 'This answer does not belong to the sign-in Facteur started.'));
      return;
    }
    const error = url.searchParams.get('error');
    if (error) {
      const description = url.searchParams.get('error_description') ?? error;
      response.writeHead(200, headers).end(page('Sign-in cancelled', 'You can close this tab and return to Facteur.'));
      finish({ error: new FacteurError('auth-required', `sign-in was not completed: ${description}`) });
      return;
    }
    const code = url.searchParams.get('code');
    if (!code) {
      response.writeHead(400, headers).end(page('Sign-in failed', 'The answer had no authorisation code.'));
      return;
    }
    response.writeHead(200, headers).end(page('Account linked', 'You can close this tab and return to Facteur.'));
    finish({ code });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const timer = setTimeout(
    () => finish({ error: new FacteurError('auth-required', 'sign-in timed out: no answer came back from the browser') }),
    options.timeoutMs ?? 5 * 60_000,
  );
  const onAbort = (): void => finish({ error: new FacteurError('auth-required', 'sign-in was cancelled') });
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const close = (): void => {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    server.close();
    server.closeAllConnections();
  };

  return {
    redirectUri: `http://127.0.0.1:${port}/callback`,
    waitForCode: () =>
      new Promise<string>((resolve, reject) => {
        const done = { resolve: (code: string) => (close(), resolve(code)), reject: (error: Error) => (close(), reject(error)) };
        if (outcome) {
          if (outcome.error) done.reject(outcome.error);
          else done.resolve(outcome.code ?? '');
        } else {
          settle = done;
        }
      }),
    close,
  };
}
