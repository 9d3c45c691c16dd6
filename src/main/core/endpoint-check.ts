// The one rule for every URL Facteur talks to: https, or http only on loopback (local fakes, tests).
import { FacteurError } from './facteur-error';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/gu, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/u.test(host);
}

/**
 * Accepts https:// anywhere and http:// only on loopback, so a typo can never send a token in
 * clear over the network.
 */
export function checkEndpoint(variable: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new FacteurError('invalid-input', `${variable}: "${value}" is not a URL`, variable);
  }
  if (url.protocol === 'https:') return value.replace(/\/+$/u, '');
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return value.replace(/\/+$/u, '');
  throw new FacteurError(
    'invalid-input',
    `${variable}: "${value}" is refused — only https:// URLs are allowed (http:// only on loopback: 127.0.0.1, localhost, [::1])`,
    variable,
  );
}
