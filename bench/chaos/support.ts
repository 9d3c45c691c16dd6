// What the chaos campaign and the fault scenarios share: the local servers (SMTP, fake Gmail, fake
// Graph over HTTPS with a test CA), accounts added through the real CLI, bulk enqueue in-process,
// and the one accounting rule — every queued email is sent exactly once, failed, or uncertain
// (delivered at most once); anything else is lost, any Message-ID received twice is a duplicate.
import fs from 'node:fs';
import path from 'node:path';
import { createEngine } from '../../src/main/core/engine';
import { readConfig } from '../../src/main/core/config';
import { silentLogger } from '../../src/main/core/logger';
import { MemorySecretStore } from '../../src/main/core/secrets/memory-secret-store';
import { FakeGoogle } from '../../test/fakes/fake-google';
import { FakeMicrosoft } from '../../test/fakes/fake-microsoft';
import { startSmtpTestServer, type SmtpTestServer } from '../../test/fakes/smtp-test-server';
import { createTestCa, type TestCa } from '../../test/fakes/test-ca';
import { runCli, type CliResult } from '../../test/helpers/cli';
import { parseMime } from '../../test/helpers/mime';

export const MS_CLIENT_ID = '11111111-2222-3333-4444-555555555555';
export const OUTLOOK_EMAIL = 'ana@contoso.test';
export const GMAIL_EMAIL = 'ana@example.com';

export interface Servers {
  smtp: SmtpTestServer;
  google: FakeGoogle | null;
  microsoft: FakeMicrosoft | null;
  ca: TestCa | null;
  /** Environment pointing the CLI at the fakes. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startServers(options: { providers: boolean; smtpDelayMs?: number }): Promise<Servers> {
  const smtp = await startSmtpTestServer({ delayMs: options.smtpDelayMs ?? 0 });
  let google: FakeGoogle | null = null;
  let microsoft: FakeMicrosoft | null = null;
  let ca: TestCa | null = null;
  let env: Record<string, string> = { FACTEUR_NO_BROWSER: '1' };
  if (options.providers) {
    google = await new FakeGoogle({ userEmail: GMAIL_EMAIL }).start();
    ca = createTestCa();
    microsoft = await new FakeMicrosoft({ ca, clientId: MS_CLIENT_ID, users: [{ email: OUTLOOK_EMAIL, name: 'Ana' }] }).start();
    env = {
      ...env,
      ...google.env(),
      NODE_EXTRA_CA_CERTS: ca.caPath,
      FACTEUR_GRAPH_API_URL: microsoft.graphUrl,
      FACTEUR_MS_AUTHORITY: microsoft.authority,
      FACTEUR_MS_CLIENT_ID: MS_CLIENT_ID,
    };
  }
  return {
    smtp,
    google,
    microsoft,
    ca,
    env,
    async close() {
      await smtp.close();
      await google?.close();
      await microsoft?.close();
      ca?.remove();
    },
  };
}

/** Forgets what the servers received (they are reused across runs). */
export function resetServers(servers: Servers): void {
  servers.smtp.received.length = 0;
  servers.smtp.faults.length = 0;
  servers.google?.accepted.splice(0);
  servers.microsoft?.sent.splice(0);
}

const bare = (id: string): string => id.trim().replace(/^<|>$/gu, '');

/** How many times each Message-ID reached any server. */
export function deliveries(servers: Servers): Map<string, number> {
  const seen = new Map<string, number>();
  const add = (id: string | null | undefined): void => {
    if (!id) return;
    seen.set(bare(id), (seen.get(bare(id)) ?? 0) + 1);
  };
  for (const mail of servers.smtp.received) add(parseMime(mail.raw).headers.get('message-id'));
  for (const mail of servers.google?.accepted ?? []) add(parseMime(mail.raw).headers.get('message-id'));
  for (const mail of servers.microsoft?.sent ?? []) add(mail.internetMessageId);
  return seen;
}

export function deliveredCount(servers: Servers): number {
  return servers.smtp.received.length + (servers.google?.accepted.length ?? 0) + (servers.microsoft?.sent.length ?? 0);
}

/** Runs the CLI and throws with its stderr when it does not exit 0. */
export async function cli(dataDir: string, env: Record<string, string>, args: string[], input?: string): Promise<CliResult> {
  const result = await runCli(args, { dataDir, env, timeoutMs: 300_000, ...(input === undefined ? {} : { input }) });
  if (result.code !== 0) throw new Error(`facteur ${args.join(' ')} exited ${String(result.code)}: ${result.stderr.trim()}`);
  return result;
}

export interface Accounts {
  smtp: number;
  gmail: number | null;
  outlook: number | null;
}

const FAST = ['--per-minute', '10000', '--per-day', '100000', '--recipients-per-day', '1000000'];

/** Adds the accounts through the real CLI (OAuth tokens into the real keychain), pacing lifted. */
export async function addAccounts(dataDir: string, servers: Servers, options: { providers: boolean; smtpTimeoutSeconds?: number }): Promise<Accounts> {
  const { env } = servers;
  const add = async (args: string[], input?: string): Promise<number> => Number((await cli(dataDir, env, ['accounts', 'add', ...args], input)).stdout.trim());
  const smtp = await add([
    '--provider', 'smtp', '--email', 'sender@example.com', '--host', '127.0.0.1', '--port', String(servers.smtp.port),
    '--timeout-seconds', String(options.smtpTimeoutSeconds ?? 10),
  ]);
  await cli(dataDir, env, ['accounts', 'limits', String(smtp), ...FAST, '--concurrency', '4']);
  if (!options.providers || !servers.google || !servers.microsoft) return { smtp, gmail: null, outlook: null };
  const gmail = await add(['--provider', 'gmail', '--email', GMAIL_EMAIL, '--tokens-stdin'], JSON.stringify(servers.google.issueTokens()));
  await cli(dataDir, env, ['accounts', 'limits', String(gmail), ...FAST]);
  const tokens = { accessToken: 'unused', refreshToken: servers.microsoft.issueRefreshToken(OUTLOOK_EMAIL), expiresAt: new Date(Date.now() + 3_600_000).toISOString() };
  const outlook = await add(['--provider', 'outlook', '--email', OUTLOOK_EMAIL, '--tokens-stdin'], JSON.stringify(tokens));
  await cli(dataDir, env, ['accounts', 'limits', String(outlook), ...FAST, '--concurrency', '4']);
  return { smtp, gmail, outlook };
}

/** Queues `count` small messages per account in one go, in-process (the CLI enqueues one a call). */
export async function enqueueBulk(dataDir: string, plan: Array<{ accountId: number; count: number }>, tag: string): Promise<void> {
  const engine = createEngine({ config: readConfig({ FACTEUR_DATA_DIR: dataDir }), secrets: new MemorySecretStore(), logger: silentLogger() });
  try {
    const items = plan.flatMap(({ accountId, count }) =>
      Array.from({ length: count }, (_, i) => ({
        message: { to: [{ address: `r${i}@example.org`, name: `R ${i}` }], subject: `${tag} ${accountId}-${i}`, text: `body ${i}` },
        accountRef: accountId,
      })),
    );
    await engine.queue.queueEmails(items);
  } finally {
    engine.close();
  }
}

export interface ListedEmail {
  id: number;
  status: string;
  messageId: string;
  lastError: string | null;
}

export async function listEmails(dataDir: string, env: Record<string, string>): Promise<ListedEmail[]> {
  return JSON.parse((await cli(dataDir, env, ['list', '--json', '--limit', '10000'])).stdout) as ListedEmail[];
}

export async function statusCounts(dataDir: string, env: Record<string, string>): Promise<Record<string, number>> {
  return JSON.parse((await cli(dataDir, env, ['status', '--json'])).stdout) as Record<string, number>;
}

export interface Accounting {
  total: number;
  sent: number;
  failed: number;
  uncertain: number;
  /** Uncertain emails that did arrive (once). */
  uncertainDelivered: number;
  lost: number;
  duplicated: number;
  /** Uncertain emails delivered more than once (must be 0). */
  uncertainBroken: number;
  other: Record<string, number>;
}

/** The crash test's rule (test/cli/crash.test.ts), as numbers. */
export function account(emails: ListedEmail[], seen: Map<string, number>): Accounting {
  const result: Accounting = { total: emails.length, sent: 0, failed: 0, uncertain: 0, uncertainDelivered: 0, lost: 0, duplicated: 0, uncertainBroken: 0, other: {} };
  const ours = new Set(emails.map((email) => bare(email.messageId)));
  for (const [id, count] of seen) if (ours.has(id) && count > 1) result.duplicated += 1;
  for (const email of emails) {
    const delivered = seen.get(bare(email.messageId)) ?? 0;
    if (email.status === 'sent') {
      result.sent += 1;
      if (delivered === 0) result.lost += 1; // marked sent, never arrived
    } else if (email.status === 'uncertain') {
      result.uncertain += 1;
      if (delivered === 1) result.uncertainDelivered += 1;
      if (delivered > 1) result.uncertainBroken += 1;
    } else if (email.status === 'failed') {
      result.failed += 1;
    } else {
      result.other[email.status] = (result.other[email.status] ?? 0) + 1;
      result.lost += 1; // still waiting (or leased) after the last run said it was done
    }
  }
  return result;
}

/** Last log line of the data dir's log matching `pattern` (its `msg`), for the fault report. */
export function logLine(dataDir: string, pattern: RegExp): string | null {
  const dir = path.join(dataDir, 'logs');
  if (!fs.existsSync(dir)) return null;
  const lines = fs.readdirSync(dir).flatMap((file) => fs.readFileSync(path.join(dir, file), 'utf8').split('\n'));
  for (const line of lines.reverse()) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line) as { msg?: string; level?: number };
      if (entry.msg && pattern.test(entry.msg)) return entry.msg;
    } catch {
      // not JSON: skip
    }
  }
  return null;
}
