// From an email address to a proposed SMTP server, as Thunderbird and Mailspring do, asking in
// this order of preference: (a) the bundled table of well-known services (no network at all),
// (b) the domain's own Mozilla autoconfig document (autoconfig.<domain>, then
// <domain>/.well-known/…), then Thunderbird's ISPDB, (c) DNS SRV submission records — and, when
// none of those knows the domain, its MX host against the table and the ISPDB (a custom domain
// hosted at Google, Microsoft, OVH…). The network sources are asked at once, each with its own
// short timeout, and the best answer wins; a source that is slow, hostile or wrong is recorded
// in `tried` and the next one is used. Nothing here is ever saved: the caller proposes, the
// user confirms, and the account is stored only once its login works.
import type { AutoconfigAttempt, SmtpAutoconfigResult, SmtpSuggestion } from './smtp-suggestion';
import { DEFAULT_AUTOCONFIG_ENDPOINTS, fillUrl, type AutoconfigEndpoints } from './autoconfig-endpoints';
import { fetchConfig, FetchRefused } from './capped-fetch';
import { readClientConfig } from './client-config';
import { createDnsLookups, type DnsLookups } from './dns-records';
import { knownServiceForDomain, knownServiceForMx, parentDomains, type KnownService } from './known-services';

export interface FindOptions {
  endpoints?: AutoconfigEndpoints;
  /** Per request (HTTP or DNS). */
  timeoutMs?: number;
  /** For tests: DNS answers from elsewhere than `endpoints.dnsServer`. */
  dns?: DnsLookups;
}

export const DEFAULT_LOOKUP_TIMEOUT_MS = 4000;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/u;

type Found = Omit<SmtpSuggestion, 'viaMx'>;

function fromTable(service: KnownService, email: string): Found {
  const username = service.username === 'address' ? email : email.slice(0, email.lastIndexOf('@'));
  const { host, port, secure } = service;
  return { host, port, secure, username, source: 'table', from: service.name, note: service.note ?? null };
}

/** One autoconfig document: the server it proposes, or null with the reason added to `tried`. */
async function askDocument(url: string, email: string, source: 'autoconfig' | 'ispdb', timeoutMs: number, tried: AutoconfigAttempt[]): Promise<Found | null> {
  try {
    const reading = readClientConfig(await fetchConfig(url, timeoutMs), email);
    if ('server' in reading) return { ...reading.server, source, from: url, note: null };
    tried.push({ from: url, outcome: reading.refused });
  } catch (error) {
    tried.push({ from: url, outcome: error instanceof FetchRefused ? error.message : `failed (${(error as Error).message})` });
  }
  return null;
}

/** What the address's domain itself publishes: its autoconfig, the ISPDB, its SRV records. */
async function askNetwork(domain: string, email: string, endpoints: AutoconfigEndpoints, dns: DnsLookups, timeoutMs: number, tried: AutoconfigAttempt[]): Promise<Found | null> {
  const documents = endpoints.autoconfigUrls.map((template) => askDocument(fillUrl(template, domain, email), email, 'autoconfig', timeoutMs, tried));
  const ispdbUrl = fillUrl(endpoints.ispdbUrl, domain, email);
  const [own, ispdb, srv] = await Promise.all([Promise.all(documents), askDocument(ispdbUrl, email, 'ispdb', timeoutMs, tried), dns.submission(domain)]);
  const first = own.find((answer) => answer !== null) ?? ispdb;
  if (first) return first;
  if (srv) return { host: srv.host, port: srv.port, secure: srv.secure, username: email, source: 'srv', from: srv.from, note: null };
  tried.push({ from: `DNS SRV _submissions._tcp.${domain} / _submission._tcp.${domain}`, outcome: 'no usable record' });
  return null;
}

/** The service behind the domain's MX host: the table first, then the ISPDB for the MX's domains. */
async function askThroughMx(mxHost: string, domain: string, email: string, endpoints: AutoconfigEndpoints, timeoutMs: number, tried: AutoconfigAttempt[]): Promise<Found | null> {
  const service = knownServiceForMx(mxHost);
  if (service) return fromTable(service, email);
  // The MX's registrable domain (e.g. google.com for aspmx.l.google.com), not the domain itself.
  const base = parentDomains(mxHost).at(-1);
  if (!base || base === domain) return null;
  return askDocument(fillUrl(endpoints.ispdbUrl, base, email), email, 'ispdb', timeoutMs, tried);
}

/** Proposes SMTP settings for `email`; `found` is null when no source knows its domain. */
export async function findSmtpSettings(email: string, options: FindOptions = {}): Promise<SmtpAutoconfigResult> {
  const endpoints = options.endpoints ?? DEFAULT_AUTOCONFIG_ENDPOINTS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOOKUP_TIMEOUT_MS;
  const tried: AutoconfigAttempt[] = [];
  const address = email.trim();
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  if (!address.includes('@') || !DOMAIN.test(domain)) {
    return { found: null, tried: [{ from: 'the address', outcome: `"${address}" has no domain to look up` }] };
  }

  const known = knownServiceForDomain(domain);
  if (known) return { found: { ...fromTable(known, address), viaMx: null }, tried };

  const dns = options.dns ?? createDnsLookups({ server: endpoints.dnsServer, timeoutMs });
  const [direct, mxHost] = await Promise.all([askNetwork(domain, address, endpoints, dns, timeoutMs, tried), dns.mailHost(domain)]);
  if (direct) return { found: { ...direct, viaMx: null }, tried };
  if (mxHost) {
    const viaMx = await askThroughMx(mxHost, domain, address, endpoints, timeoutMs, tried);
    if (viaMx) return { found: { ...viaMx, viaMx: mxHost }, tried };
    tried.push({ from: `MX ${mxHost}`, outcome: 'not a service Facteur knows' });
  }
  return { found: null, tried };
}
