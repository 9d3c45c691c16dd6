// No secret on disk: a full flow through the real `facteur` CLI under the real keychain — an SMTP
// account that logs in with a password, a Gmail account (tokens via --tokens-stdin against the
// fake Google, access token expired so it is refreshed mid-run), an Outlook account (fake Graph
// over HTTPS) — sends mail with each, then reads every byte of every file in the data dir (the
// database, its WAL, logs, attachments) and everything the CLI printed, and looks for every
// password and token the fakes ever issued, as is and base64/hex/URL-encoded.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGoogle } from '../fakes/fake-google';
import { FakeMicrosoft } from '../fakes/fake-microsoft';
import { startSmtpTestServer, type SmtpTestServer } from '../fakes/smtp-test-server';
import { createTestCa, type TestCa } from '../fakes/test-ca';
import { runCli, type CliResult } from '../helpers/cli';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';

const MS_CLIENT_ID = '11111111-2222-3333-4444-555555555555';
const PASSWORD = `smtp-pw-${randomBytes(12).toString('hex')}`;

let smtp: SmtpTestServer;
let google: FakeGoogle;
let microsoft: FakeMicrosoft;
let ca: TestCa;
let dataDir: string;
let env: Record<string, string>;
const printed: string[] = [];
const accountIds: string[] = [];

async function cli(args: string[], input?: string): Promise<CliResult> {
  const result = await runCli(args, { dataDir, env, ...(input === undefined ? {} : { input }) });
  printed.push(result.stdout, result.stderr);
  if (result.code !== 0) throw new Error(`facteur ${args.join(' ')} exited ${String(result.code)}\n${result.stderr}`);
  return result;
}

/** Every token a fake ever minted (their maps are private: they are servers, tests read them here). */
function mintedBy(fake: FakeGoogle | FakeMicrosoft): string[] {
  const inside = fake as unknown as { accessTokens: Map<string, unknown>; grants?: Map<string, unknown>; refreshTokens?: Map<string, unknown> };
  return [...inside.accessTokens.keys(), ...(inside.grants?.keys() ?? []), ...(inside.refreshTokens?.keys() ?? [])];
}

function encodings(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  return [secret, bytes.toString('base64').replace(/=+$/u, ''), bytes.toString('base64url'), bytes.toString('hex'), encodeURIComponent(secret)];
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

beforeAll(async () => {
  smtp = await startSmtpTestServer({ username: 'me', password: PASSWORD });
  google = await new FakeGoogle({ userEmail: 'ana@example.com' }).start();
  ca = createTestCa();
  microsoft = await new FakeMicrosoft({ ca, clientId: MS_CLIENT_ID, users: [{ email: 'zoe@contoso.test', name: 'Zoé' }] }).start();
  dataDir = makeDataDir('facteur-secrets-');
  env = {
    ...google.env(),
    NODE_EXTRA_CA_CERTS: ca.caPath,
    FACTEUR_GRAPH_API_URL: microsoft.graphUrl,
    FACTEUR_MS_AUTHORITY: microsoft.authority,
    FACTEUR_MS_CLIENT_ID: MS_CLIENT_ID,
    FACTEUR_NO_BROWSER: '1',
  };
});

afterAll(async () => {
  for (const id of accountIds) await runCli(['accounts', 'remove', id, '--force'], { dataDir, env }).catch(() => undefined);
  await smtp.close();
  await google.close();
  await microsoft.close();
  ca.remove();
  removeDataDir(dataDir);
});

describe('secrets never reach the disk', () => {
  it('sends through SMTP, Gmail and Outlook, and no file in the data dir holds a password or token', async () => {
    const add = async (args: string[], input: string): Promise<string> => {
      const id = (await cli(['accounts', 'add', ...args], input)).stdout.trim();
      expect(id).toMatch(/^\d+$/u);
      accountIds.push(id);
      return id;
    };
    const smtpId = await add(['--provider', 'smtp', '--email', 'me@example.com', '--host', '127.0.0.1', '--port', String(smtp.port), '--username', 'me', '--password-stdin'], PASSWORD);
    const gmailId = await add(['--provider', 'gmail', '--email', 'ana@example.com', '--tokens-stdin'], JSON.stringify(google.issueTokens()));
    const outlookTokens = { accessToken: `at-${randomBytes(16).toString('hex')}`, refreshToken: microsoft.issueRefreshToken('zoe@contoso.test'), expiresAt: new Date(Date.now() + 3_600_000).toISOString() };
    const outlookId = await add(['--provider', 'outlook', '--email', 'zoe@contoso.test', '--tokens-stdin'], JSON.stringify(outlookTokens));

    const file = path.join(dataDir, 'message.json');
    fs.writeFileSync(path.join(dataDir, 'note.txt'), 'attached');
    fs.writeFileSync(file, JSON.stringify({ to: [{ address: 'bob@example.org' }], subject: 'secrets', text: 'hi', attachments: [{ path: 'note.txt' }] }));
    for (const id of [smtpId, gmailId, outlookId]) {
      await cli(['enqueue', '--account', id, '--message', file]);
      await cli(['enqueue', '--account', id, '--message', file]);
    }
    // Gmail's access token expires before the run: the refresh happens inside it.
    google.expireAllAccessTokens();
    const summary = JSON.parse((await cli(['process-queue', '--json'])).stdout) as { sent: number };
    expect(summary.sent).toBe(6);
    expect(smtp.received).toHaveLength(2);
    expect(google.accepted).toHaveLength(2);
    expect(microsoft.sent).toHaveLength(2);
    await cli(['list', '--json']);
    await cli(['accounts', 'list', '--json']);

    const secrets = [PASSWORD, outlookTokens.accessToken, ...mintedBy(google), ...mintedBy(microsoft), ...google.accepted.map((m) => m.accessToken)];
    // The refresh really happened inside the run.
    expect(google.tokenCount('refresh_token')).toBeGreaterThanOrEqual(1);
    expect(secrets.length).toBeGreaterThanOrEqual(6);

    const files = filesUnder(dataDir).filter((name) => !name.endsWith('message.json') && !name.endsWith('note.txt'));
    expect(files.some((name) => name.endsWith('facteur.db'))).toBe(true);
    expect(files.some((name) => name.includes(`${path.sep}logs${path.sep}`))).toBe(true);
    const found: string[] = [];
    const haystacks = [...files.map((name) => ({ name, bytes: fs.readFileSync(name) })), { name: 'CLI output', bytes: Buffer.from(printed.join('\n')) }];
    for (const { name, bytes } of haystacks) {
      for (const secret of secrets) {
        for (const form of encodings(secret)) if (bytes.includes(form)) found.push(`${path.relative(dataDir, name)} holds ${secret.slice(0, 12)}… (${form === secret ? 'as is' : 'encoded'})`);
      }
    }
    expect(found).toEqual([]);
    // The scan can see: a value that is on disk is found.
    expect(haystacks.some(({ bytes }) => bytes.includes('me@example.com'))).toBe(true);
  }, 180_000); // a dozen CLI processes: 20–30 s alone, over 60 s when CI runs beside other work
});
