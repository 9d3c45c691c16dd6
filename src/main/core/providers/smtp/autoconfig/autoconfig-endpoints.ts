// Where the autoconfig lookups go. The defaults are the real ones (the domain's own autoconfig
// host and .well-known path, then Thunderbird's ISPDB, then the system's DNS); tests and local
// fakes replace them through FACTEUR_AUTOCONFIG_URL, FACTEUR_ISPDB_URL and FACTEUR_DNS_SERVER.
// A URL must be https, or http on loopback; a URL template has {domain} and {email} placeholders.
import { checkEndpoint, isLoopbackHost } from '../../../endpoint-check';
import { FacteurError } from '../../../facteur-error';

export interface AutoconfigEndpoints {
  /** The provider's own autoconfig URLs, tried in this order. */
  autoconfigUrls: string[];
  /** Thunderbird's ISPDB, {domain} filled in. */
  ispdbUrl: string;
  /** host:port of the DNS server for SRV and MX lookups; null = the system's. */
  dnsServer: string | null;
}

export const DEFAULT_AUTOCONFIG_ENDPOINTS: AutoconfigEndpoints = {
  autoconfigUrls: [
    'https://autoconfig.{domain}/mail/config-v1.1.xml?emailaddress={email}',
    'https://{domain}/.well-known/autoconfig/mail/config-v1.1.xml',
  ],
  ispdbUrl: 'https://autoconfig.thunderbird.net/v1.1/{domain}',
  dnsServer: null,
};

/** `template` with the domain and the (URL-encoded) address filled in. */
export function fillUrl(template: string, domain: string, email: string): string {
  return template.replaceAll('{domain}', domain).replaceAll('{email}', encodeURIComponent(email));
}

function checkTemplate(variable: string, value: string): string {
  return checkEndpoint(variable, fillUrl(value, 'example.com', 'user@example.com')) && value;
}

/** The endpoints from the environment, each checked; a bad one is an error naming its variable. */
export function readAutoconfigEndpoints(env: NodeJS.ProcessEnv): AutoconfigEndpoints {
  const given = (name: string): string | null => {
    const value = env[name]?.trim();
    return value ? value : null;
  };
  const autoconfig = given('FACTEUR_AUTOCONFIG_URL');
  const ispdb = given('FACTEUR_ISPDB_URL');
  const dns = given('FACTEUR_DNS_SERVER');
  if (dns !== null) {
    const match = /^(?:\[([0-9a-f:]+)\]|([\d.]+|localhost)):(\d{1,5})$/iu.exec(dns);
    const host = match?.[1] ?? match?.[2];
    if (!match || !host || !isLoopbackHost(host)) {
      throw new FacteurError('invalid-input', `FACTEUR_DNS_SERVER: "${dns}" must be host:port on loopback (e.g. 127.0.0.1:5353)`, 'FACTEUR_DNS_SERVER');
    }
  }
  return {
    autoconfigUrls: autoconfig ? [checkTemplate('FACTEUR_AUTOCONFIG_URL', autoconfig)] : DEFAULT_AUTOCONFIG_ENDPOINTS.autoconfigUrls,
    ispdbUrl: ispdb ? checkTemplate('FACTEUR_ISPDB_URL', ispdb) : DEFAULT_AUTOCONFIG_ENDPOINTS.ispdbUrl,
    dnsServer: dns === null ? null : dns.replace(/^localhost:/u, '127.0.0.1:'),
  };
}
