// The DNS half of the SMTP lookup: submission SRV records (RFC 8314 `_submissions._tcp`, implicit
// TLS, preferred; RFC 6186 `_submission._tcp`, STARTTLS) and the domain's MX host, which may name
// a known service for a custom domain. Every lookup has its own short timeout and a single try;
// an error of any kind is "nothing here", never a failure of the whole search.
import { promises as dns } from 'node:dns';

export interface SubmissionRecord {
  host: string;
  port: number;
  secure: boolean;
  /** The record it came from, for the user. */
  from: string;
}

export interface DnsLookups {
  submission(domain: string): Promise<SubmissionRecord | null>;
  mailHost(domain: string): Promise<string | null>;
}

/** The record a client should use first: lowest priority, then highest weight. */
function best<T extends { priority: number; weight: number }>(records: T[]): T | undefined {
  return [...records].sort((a, b) => a.priority - b.priority || b.weight - a.weight)[0];
}

export function createDnsLookups(options: { server: string | null; timeoutMs: number }): DnsLookups {
  const resolver = new dns.Resolver({ timeout: options.timeoutMs, tries: 1 });
  if (options.server) resolver.setServers([options.server]);
  const quietly = async <T>(work: () => Promise<T>): Promise<T | null> => {
    try {
      return await work();
    } catch {
      return null;
    }
  };
  return {
    async submission(domain) {
      const kinds = [
        { name: `_submissions._tcp.${domain}`, secure: true },
        { name: `_submission._tcp.${domain}`, secure: false },
      ];
      const answers = await Promise.all(kinds.map((kind) => quietly(() => resolver.resolveSrv(kind.name))));
      for (const [index, kind] of kinds.entries()) {
        const record = best(answers[index] ?? []);
        // A target of "." says the service is deliberately not offered (RFC 2782).
        if (!record || record.name === '' || record.name === '.' || record.port === 0) continue;
        return { host: record.name.replace(/\.$/u, ''), port: record.port, secure: kind.secure, from: `DNS SRV ${kind.name}` };
      }
      return null;
    },
    async mailHost(domain) {
      const records = await quietly(() => resolver.resolveMx(domain));
      const record = [...(records ?? [])].sort((a, b) => a.priority - b.priority)[0];
      return record && record.exchange !== '' && record.exchange !== '.' ? record.exchange.replace(/\.$/u, '').toLowerCase() : null;
    },
  };
}
