// SMTP settings from the address, against a real local HTTP server (autoconfig documents, ISPDB)
// and a real UDP DNS server (SRV, MX) reached through node's own resolver: the order of
// preference, hostile or slow answers set aside with the next source used, and no hang.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readAutoconfigEndpoints, type AutoconfigEndpoints } from '../../src/main/core/providers/smtp/autoconfig/autoconfig-endpoints';
import { findSmtpSettings } from '../../src/main/core/providers/smtp/autoconfig/find-smtp-settings';
import { clientConfigXml, startFakeAutoconfig, type FakeAutoconfig } from '../fakes/fake-autoconfig';
import { startFakeDns, type FakeDns } from '../fakes/fake-dns';

let web: FakeAutoconfig;
let dns: FakeDns;
let endpoints: AutoconfigEndpoints;
const TIMEOUT_MS = 1500;
const find = (email: string) => findSmtpSettings(email, { endpoints, timeoutMs: TIMEOUT_MS });
const xml = (host: string, port = 465, socketType = 'SSL') => ({ xml: clientConfigXml([{ host, port, socketType }]) });

beforeAll(async () => {
  [web, dns] = await Promise.all([startFakeAutoconfig(), startFakeDns()]);
  endpoints = readAutoconfigEndpoints({ FACTEUR_AUTOCONFIG_URL: web.autoconfigTemplate, FACTEUR_ISPDB_URL: web.ispdbTemplate, FACTEUR_DNS_SERVER: dns.server });
});
afterAll(async () => {
  await Promise.all([web?.close(), dns?.close()]);
});
beforeEach(() => {
  web.routes.clear();
  web.requests.length = 0;
  dns.questions.length = 0;
  dns.zone = {};
});

describe('where the settings come from, in order', () => {
  it('a well-known service comes from the bundled table without asking the network', async () => {
    const result = await find('someone@gmail.com');
    expect(result.found).toMatchObject({ host: 'smtp.gmail.com', port: 465, secure: true, username: 'someone@gmail.com', source: 'table', viaMx: null });
    expect(result.found?.note).toMatch(/app password/u);
    expect((await find('jean@free.fr')).found).toMatchObject({ host: 'smtp.free.fr', username: 'jean', source: 'table' });
    expect(web.requests).toEqual([]);
    expect(dns.questions).toEqual([]);
  });

  it('the domain’s own autoconfig wins over the ISPDB and SRV, and is asked with the address', async () => {
    web.routes.set('/autoconfig/own.test', xml('smtp.own.test'));
    web.routes.set('/ispdb/own.test', xml('ispdb.own.test'));
    dns.zone = { srv: { '_submissions._tcp.own.test': [{ priority: 0, weight: 1, port: 465, target: 'srv.own.test' }] } };
    const result = await find('ana@own.test');
    expect(result.found).toMatchObject({ host: 'smtp.own.test', port: 465, secure: true, username: 'ana@own.test', source: 'autoconfig' });
    expect(result.found?.from).toBe(`${web.origin}/autoconfig/own.test?emailaddress=ana%40own.test`);
  });

  it('the ISPDB answers when the domain publishes nothing', async () => {
    web.routes.set('/ispdb/ispdb.test', xml('smtp.ispdb.test', 587, 'STARTTLS'));
    dns.zone = { srv: { '_submission._tcp.ispdb.test': [{ priority: 0, weight: 1, port: 587, target: 'srv.ispdb.test' }] } };
    const result = await find('ana@ispdb.test');
    expect(result.found).toMatchObject({ host: 'smtp.ispdb.test', port: 587, secure: false, source: 'ispdb', from: `${web.origin}/ispdb/ispdb.test` });
    expect(result.tried).toContainEqual({ from: `${web.origin}/autoconfig/ispdb.test?emailaddress=ana%40ispdb.test`, outcome: 'HTTP 404' });
  });

  it('SRV: implicit TLS first, lowest priority then highest weight', async () => {
    dns.zone = {
      srv: {
        '_submissions._tcp.srv.test': [
          { priority: 20, weight: 100, port: 465, target: 'backup.srv.test' },
          { priority: 10, weight: 1, port: 465, target: 'light.srv.test' },
          { priority: 10, weight: 50, port: 4650, target: 'heavy.srv.test' },
        ],
        '_submission._tcp.srv.test': [{ priority: 0, weight: 0, port: 587, target: 'starttls.srv.test' }],
      },
    };
    const result = await find('ana@srv.test');
    expect(result.found).toMatchObject({ host: 'heavy.srv.test', port: 4650, secure: true, username: 'ana@srv.test', source: 'srv', from: 'DNS SRV _submissions._tcp.srv.test' });
    expect(dns.questions).toEqual(expect.arrayContaining(['SRV _submissions._tcp.srv.test', 'SRV _submission._tcp.srv.test']));
  });

  it('SRV: a "." target means the service is not offered; STARTTLS submission is used instead', async () => {
    dns.zone = {
      srv: {
        '_submissions._tcp.dot.test': [{ priority: 0, weight: 0, port: 0, target: '.' }],
        '_submission._tcp.dot.test': [{ priority: 0, weight: 0, port: 587, target: 'mail.dot.test' }],
      },
    };
    expect((await find('ana@dot.test')).found).toMatchObject({ host: 'mail.dot.test', port: 587, secure: false, source: 'srv' });
  });

  it('a custom domain is recognised by its MX: a known service from the table, else the ISPDB of the MX’s domain', async () => {
    dns.zone = { mx: { 'custom.test': [{ preference: 10, exchange: 'alt1.aspmx.l.google.com' }, { preference: 1, exchange: 'aspmx.l.google.com' }] } };
    expect((await find('ana@custom.test')).found).toMatchObject({ host: 'smtp.gmail.com', source: 'table', viaMx: 'aspmx.l.google.com', username: 'ana@custom.test' });

    dns.zone = { mx: { 'hosted.test': [{ preference: 5, exchange: 'mx1.mailhost.test' }] } };
    web.routes.set('/ispdb/mailhost.test', xml('smtp.mailhost.test'));
    expect((await find('ana@hosted.test')).found).toMatchObject({ host: 'smtp.mailhost.test', source: 'ispdb', viaMx: 'mx1.mailhost.test', from: `${web.origin}/ispdb/mailhost.test` });
  });

  it('an unknown domain finds nothing, says what it tried, and does not throw', async () => {
    const result = await find('ana@nowhere.test');
    expect(result.found).toBeNull();
    expect(result.tried.map((attempt) => attempt.from)).toEqual(
      expect.arrayContaining([`${web.origin}/ispdb/nowhere.test`, 'DNS SRV _submissions._tcp.nowhere.test / _submission._tcp.nowhere.test']),
    );
    expect((await find('not-an-address')).found).toBeNull();
  });
});

describe('hostile and broken answers are set aside, and the next source is used', () => {
  const srvFallback = (domain: string) => ({ srv: { [`_submissions._tcp.${domain}`]: [{ priority: 0, weight: 0, port: 465, target: `srv.${domain}` }] } });

  it.each([
    ['a cleartext-only server (socketType plain)', { xml: clientConfigXml([{ host: 'smtp.h.test', port: 25, socketType: 'plain' }]) }, /socketType plain\); Facteur never sends a password in clear/u],
    ['an entity bomb', { xml: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><clientConfig>&b;</clientConfig>' }, /DOCTYPE and entity declarations are not allowed/u],
    ['a body far past the size cap', { huge: true } as const, /more than the 65536 bytes allowed/u],
    ['a redirect to http', { redirect: 'http://autoconfig.h.test/mail/config-v1.1.xml' }, /redirected to http:\/\/autoconfig\.h\.test\/mail\/config-v1\.1\.xml, which is not https/u],
    ['an HTML error page', { xml: '<html><body>Oops</body></html>' }, /not <clientConfig>/u],
  ])('%s', async (_what, route, reason) => {
    web.routes.set('/autoconfig/h.test', route);
    web.routes.set('/ispdb/h.test', route);
    dns.zone = srvFallback('h.test');
    const result = await find('ana@h.test');
    expect(result.found).toMatchObject({ host: 'srv.h.test', source: 'srv' });
    const own = result.tried.find((attempt) => attempt.from.startsWith(`${web.origin}/autoconfig/`));
    expect(own?.outcome).toMatch(reason);
  });

  it('a server that trickles forever and a DNS that never answers cost one timeout, not a hang', async () => {
    web.routes.set('/autoconfig/slow.test', { trickle: true });
    web.routes.set('/ispdb/slow.test', xml('smtp.slow.test'));
    dns.zone = { silent: ['_submissions._tcp.slow.test', '_submission._tcp.slow.test', 'slow.test'] };
    const started = Date.now();
    const result = await find('ana@slow.test');
    const elapsed = Date.now() - started;
    expect(result.found).toMatchObject({ host: 'smtp.slow.test', source: 'ispdb' });
    expect(result.tried).toContainEqual({ from: `${web.origin}/autoconfig/slow.test?emailaddress=ana%40slow.test`, outcome: 'no complete answer within 1.5 s' });
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
    expect(elapsed).toBeLessThan(TIMEOUT_MS * 4);
  });

  it('a slow document that answers in time is still preferred to a faster, lower source', async () => {
    web.routes.set('/autoconfig/late.test', { ...xml('smtp.late.test'), delayMs: 400 });
    web.routes.set('/ispdb/late.test', xml('ispdb.late.test'));
    expect((await find('ana@late.test')).found).toMatchObject({ host: 'smtp.late.test', source: 'autoconfig' });
  });
});

describe('endpoint settings', () => {
  it('refuses a non-loopback http URL or DNS server, naming the variable', () => {
    expect(() => readAutoconfigEndpoints({ FACTEUR_AUTOCONFIG_URL: 'http://autoconfig.example.com/{domain}' })).toThrow(/FACTEUR_AUTOCONFIG_URL: .*only https:\/\//u);
    expect(() => readAutoconfigEndpoints({ FACTEUR_ISPDB_URL: 'ftp://127.0.0.1/{domain}' })).toThrow(/FACTEUR_ISPDB_URL/u);
    expect(() => readAutoconfigEndpoints({ FACTEUR_DNS_SERVER: '8.8.8.8:53' })).toThrow(/FACTEUR_DNS_SERVER: "8.8.8.8:53" must be host:port on loopback/u);
    expect(readAutoconfigEndpoints({}).autoconfigUrls).toHaveLength(2);
  });
});
