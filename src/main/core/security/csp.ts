// The renderer's Content-Security-Policy, in one place: Electron's protocol handler and response
// headers, the loopback dev server and the index.html meta tag must all say the same thing.

export interface CspOptions {
  /** Extra connect-src sources: the loopback WebSocket in development (ws://127.0.0.1:PORT). */
  connect?: string[];
}

/**
 * Scripts only from the app itself, no eval, nothing framed, no plugins, no forms posted away.
 * Inline styles are allowed because the rich-text editor writes `style` attributes into the
 * message HTML it edits; no inline script is.
 */
export function contentSecurityPolicy(options: CspOptions = {}): string {
  const connect = ["'self'", ...(options.connect ?? [])].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
