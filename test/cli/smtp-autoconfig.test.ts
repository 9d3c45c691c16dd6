// `accounts add --provider smtp --autoconfig` through the real CLI, the real keychain, a real
// local autoconfig server, a real UDP DNS server and a real SMTP server: the settings are found
// and said on stderr (stdout stays the account id), the login is checked before anything is
// stored, explicit options win, and an unknown domain asks for --host without crashing.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientConfigXml, startFakeAutoconfig, type FakeAutoconfig } from '../fakes/fake-autoconfig';
import { startFakeDns, type FakeDns } from '../fakes/fake-dns';
import { startSmtpTestServer, type SmtpTestServer } from '../fakes/smtp-test-server';
import { runCli } from '../helpers/cli';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';

const PASSWORD = `pw-${Math.random().toString(36).slice(2)}`;
let smtp: SmtpTestServer;
let web: FakeAutoconfig;
let dns: FakeDns;
let dataDir: string;

const run = (args: string[], input?: string) =>
  runCli(args, {
    dataDir,
    env: { FACTEUR_AUTOCONFIG_URL: web.autoconfigTemplate, FACTEUR_ISPDB_URL: web.ispdbTemplate, FACTEUR_DNS_SERVER: dns.server },
    ...(input === undefined ? {} : { input }),
  });
const accounts = async (): Promise<Array<{ email: string }>> => JSON.parse((await run(['accounts', 'list', '--json'])).stdout) as Array<{ email: string }>;

beforeAll(async () => {
  if (process.env.FACTEUR_TEST_KEYRING !== 'ready') throw new Error('these tests need a keychain: run them through `node test/run.mjs`');
  [smtp, web, dns] = await Promise.all([startSmtpTestServer({ username: 'ana', password: PASSWORD }), startFakeAutoconfig(), startFakeDns()]);
});
afterAll(async () => {
  await Promise.all([smtp?.close(), web?.close(), dns?.close()]);
});
beforeEach(() => {
  if (dataDir) removeDataDir(dataDir);
  dataDir = makeDataDir();
  web.routes.clear();
  dns.zone = {};
});

describe('accounts add --provider smtp --autoconfig', () => {
  it('fills the server from the domain’s autoconfig, says so on stderr, logs in, and the mail goes out through it', async () => {
    web.routes.set('/autoconfig/acme.test', { xml: clientConfigXml([{ host: '127.0.0.1', port: smtp.port, socketType: 'STARTTLS', username: '%EMAILLOCALPART%' }]) });
    const added = await run(['accounts', 'add', '--provider', 'smtp', '--email', 'ana@acme.test', '--autoconfig', '--password-stdin'], `${PASSWORD}\n`);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^\d+\n$/u);
    expect(added.stderr).toContain(`Found 127.0.0.1:${smtp.port} (STARTTLS), username ana — from ${web.origin}/autoconfig/acme.test?emailaddress=ana%40acme.test`);

    const message = path.join(dataDir, 'hello.json');
    fs.writeFileSync(message, JSON.stringify({ to: [{ address: 'bob@example.com' }], subject: 'Found by itself', text: 'Hello.' }));
    expect((await run(['enqueue', '--account', 'ana@acme.test', '--message', message])).code).toBe(0);
    expect((await run(['process-queue'])).code).toBe(0);
    expect(smtp.received.map((mail) => [mail.from, mail.to])).toEqual([['ana@acme.test', ['bob@example.com']]]);
  });

  it('a refused login stores nothing (exit 2 naming password)', async () => {
    web.routes.set('/autoconfig/acme.test', { xml: clientConfigXml([{ host: '127.0.0.1', port: smtp.port, socketType: 'STARTTLS', username: '%EMAILLOCALPART%' }]) });
    const added = await run(['accounts', 'add', '--provider', 'smtp', '--email', 'ana@acme.test', '--autoconfig', '--password-stdin'], 'wrong\n');
    expect(added.code).toBe(2);
    expect(added.stderr).toMatch(/password/u);
    expect(added.stdout).toBe('');
    expect(await accounts()).toEqual([]);
  });

  it('explicit --port and --username win over a DNS SRV answer', async () => {
    dns.zone = { srv: { '_submission._tcp.srv.test': [{ priority: 0, weight: 0, port: 2, target: '127.0.0.1' }] } };
    const added = await run(['accounts', 'add', '--provider', 'smtp', '--email', 'someone@srv.test', '--autoconfig', '--port', String(smtp.port), '--username', 'ana', '--password-stdin'], `${PASSWORD}\n`);
    expect(added.stderr).toContain('Found 127.0.0.1:2 (STARTTLS), username someone@srv.test — from DNS SRV _submission._tcp.srv.test');
    expect(added.code).toBe(0);
    expect((await accounts()).map((account) => account.email)).toEqual(['someone@srv.test']);
  });

  it('an unknown domain asks for --host and --port (exit 2 naming host), saying what it tried and why', async () => {
    web.routes.set('/autoconfig/plain.test', { xml: clientConfigXml([{ host: 'smtp.plain.test', port: 25, socketType: 'plain' }]) });
    const added = await run(['accounts', 'add', '--provider', 'smtp', '--email', 'ana@plain.test', '--autoconfig', '--password-stdin'], `${PASSWORD}\n`);
    expect(added.code).toBe(2);
    expect(added.stdout).toBe('');
    expect(added.stderr).toMatch(/host: no SMTP settings found for plain\.test — give the server with --host and --port/u);
    expect(added.stderr).toMatch(/socketType plain\); Facteur never sends a password in clear/u);
    expect(added.stderr).not.toMatch(/at .*\.ts:\d+/u); // no stack trace
    expect(await accounts()).toEqual([]);
  });

  it('is refused for a provider that signs in (exit 2 naming autoconfig)', async () => {
    const added = await run(['accounts', 'add', '--provider', 'gmail', '--email', 'ana@gmail.com', '--autoconfig', '--tokens-stdin'], '{}');
    expect(added.code).toBe(2);
    expect(added.stderr).toMatch(/autoconfig: only SMTP accounts are set up from the address; gmail signs in instead/u);
    expect(await accounts()).toEqual([]);
  });
});
