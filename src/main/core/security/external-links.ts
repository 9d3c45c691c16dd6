// Which addresses Facteur may open in the system browser. The renderer can ask to open a link,
// so a compromised page must not be able to launch arbitrary URLs (file:, custom protocol
// handlers, phishing pages): only https pages of the providers' sign-in and help sites, plus the
// configured OAuth sign-in endpoints (which tests point at loopback fakes).

const ALLOWED_HOSTS = new Set([
  'accounts.google.com',
  'myaccount.google.com',
  'support.google.com',
  'console.cloud.google.com',
  'developers.google.com',
  'login.microsoftonline.com',
  'login.live.com',
  'account.microsoft.com',
  'support.microsoft.com',
  'learn.microsoft.com',
  'entra.microsoft.com',
  'portal.azure.com',
]);

/** `extraOrigins`: origins of configured sign-in endpoints (e.g. http://127.0.0.1:PORT in tests). */
export function isAllowedExternalUrl(value: string, extraOrigins: readonly string[] = []): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (extraOrigins.includes(url.origin)) return true;
  return url.protocol === 'https:' && ALLOWED_HOSTS.has(url.hostname.toLowerCase()) && (url.port === '' || url.port === '443');
}
