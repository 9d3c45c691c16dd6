// The real `facteur` command line against the Microsoft fake, as cron or a user runs it: the
// child processes trust the test CA through NODE_EXTRA_CA_CERTS and keep tokens in the real OS
// keychain (run under dbus-run-session + gnome-keyring, see the report/README).
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpTransport } from '../../src/main/core/providers/outlook/graph-http';
import { runCli, spawnCli, type CliResult } from '../helpers/cli';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';
import { FakeMicrosoft } from '../fakes/fake-microsoft';
import { createTestCa, type TestCa } from '../fakes/test-ca';
import { CLIENT_ID } from './setup';

let ca: TestCa;
let fake: FakeMicrosoft;
let dataDir: string;
let env: Record<string, string>;
let accountId = '';
const EMAIL = 'ana@contoso.test';

async function cli(args: string[], input?: string): Promise<CliResult> {
  const result = await runCli(args, { dataDir, env, ...(input === undefined ? {} : { input }), timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(`facteur ${args.join(' ')} exited ${result.code}\n${result.stderr}`);
  return result;
}

async function processQueue(): Promise<{ sent: number; failed: number; retrying: number; held: number; deferred: number }> {
  return JSON.parse((await cli(['process-queue', '--json'])).stdout) as { sent: number; failed: number; retrying: number; held: number; deferred: number };
}

function writeMessage(name: string, body: Record<string, unknown>): string {
  const file = path.join(dataDir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify({ to: [{ address: 'zoe@example.com', name: 'Zoé' }], subject: name, text: `body of ${name}`, ...body }));
  return file;
}

async function enqueue(name: string, body: Record<string, unknown> = {}): Promise<string> {
  return (await cli(['enqueue', '--account', accountId, '--message', writeMessage(name, body)])).stdout.trim();
}

async function statusOf(id: string): Promise<string> {
  const list = JSON.parse((await cli(['list', '--json'])).stdout) as Array<{ id: number; status: string }>;
  return list.find((item) => String(item.id) === id)?.status ?? 'missing';
}

async function accountState(): Promise<string> {
  const list = JSON.parse((await cli(['accounts', 'list', '--json'])).stdout) as Array<{ id: number; state: string }>;
  return list.find((item) => String(item.id) === accountId)?.state ?? 'missing';
}

beforeAll(async () => {
  ca = createTestCa();
  fake = await new FakeMicrosoft({ ca, clientId: CLIENT_ID, users: [{ email: EMAIL, name: 'Ana' }] }).start();
  dataDir = makeDataDir('facteur-outlook-cli-');
  env = {
    NODE_EXTRA_CA_CERTS: ca.caPath,
    FACTEUR_GRAPH_API_URL: fake.graphUrl,
    FACTEUR_MS_AUTHORITY: fake.authority,
    FACTEUR_MS_CLIENT_ID: CLIENT_ID,
    FACTEUR_NO_BROWSER: '1',
  };
});

afterAll(async () => {
  if (accountId) await runCli(['accounts', 'remove', accountId, '--force'], { dataDir, env }).catch(() => undefined);
  await fake.close();
  removeDataDir(dataDir);
  ca.remove();
});

describe('facteur with an Outlook account', () => {
  it('imports tokens, then sends a small and a 20 MB attachment byte-identical, exactly once', async () => {
    // This user allowed large attachments (Mail.ReadWrite) when they signed in elsewhere.
    const consented = ['Mail.Send', 'Mail.ReadBasic', 'Mail.ReadWrite', 'openid', 'profile', 'offline_access', 'email'];
    const tokens = { accessToken: 'ignored', refreshToken: fake.issueRefreshToken(EMAIL, consented), expiresAt: new Date(Date.now() + 3_600_000).toISOString() };
    accountId = (await cli(['accounts', 'add', '--provider', 'outlook', '--email', EMAIL, '--tokens-stdin'], JSON.stringify(tokens))).stdout.trim();
    expect(accountId).toMatch(/^\d+$/u);
    expect(await accountState()).toBe('ok');

    const small = crypto.randomBytes(50_000);
    const big = crypto.randomBytes(20 * 1024 * 1024);
    fs.writeFileSync(path.join(dataDir, 'small.bin'), small);
    fs.writeFileSync(path.join(dataDir, 'big.bin'), big);
    const first = await enqueue('small', { attachments: [{ path: path.join(dataDir, 'small.bin'), filename: 'small.bin', contentType: 'application/octet-stream' }] });
    const second = await enqueue('big', { attachments: [{ path: path.join(dataDir, 'big.bin'), filename: 'big.bin', contentType: 'application/octet-stream' }] });

    expect((await processQueue()).sent).toBe(2);
    expect((await processQueue()).sent).toBe(0);
    expect(fake.sent).toHaveLength(2);
    const bySubject = new Map(fake.sent.map((s) => [s.subject, s]));
    expect(bySubject.get('small')?.via).toBe('sendMail');
    expect(bySubject.get('small')?.attachments[0]?.bytes.equals(small)).toBe(true);
    expect(bySubject.get('big')?.via).toBe('draft');
    expect(bySubject.get('big')?.attachments[0]?.bytes.equals(big)).toBe(true);
    expect(fake.uploadViolations).toEqual([]);
    expect(new Set(fake.sent.map((s) => s.internetMessageId)).size).toBe(2);
    expect(await statusOf(first)).toBe('sent');
    expect(await statusOf(second)).toBe('sent');
  });

  it('respects throttling: one 429 per throttling window, no retry storm, everything sent in the end', async () => {
    await cli(['accounts', 'limits', accountId, '--concurrency', '1']);
    fake.setRateLimit({ max: 2, windowMs: 3_000, retryAfterSeconds: 2 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push(await enqueue(`throttled-${i}`));
    const sentBefore = fake.sent.length;
    let runs = 0;
    while (fake.sent.length - sentBefore < 5 && runs < 12) {
      const throttledBefore = fake.count(429);
      await processQueue();
      runs += 1;
      // Within one run the account pauses at the first 429: never more than one per window.
      expect(fake.count(429) - throttledBefore).toBeLessThanOrEqual(1);
      // Running again at once, while the pause holds, must not touch Graph at all.
      if (fake.count(429) > throttledBefore) {
        const requests = fake.requests.length;
        const again = await processQueue();
        expect(again.sent).toBe(0);
        expect(fake.requests.length).toBe(requests);
        await new Promise((resolve) => setTimeout(resolve, 3_100));
      }
    }
    expect(fake.sent.length - sentBefore).toBe(5);
    expect(fake.count(429)).toBeGreaterThanOrEqual(1);
    for (const id of ids) expect(await statusOf(id)).toBe('sent');
    fake.setRateLimit(null);
  });

  it('holds mail when the sign-in is revoked, and sends it after an interactive relink', async () => {
    fake.revoke();
    fake.expireAllAccessTokens();
    const held = await enqueue('held');
    const summary = await processQueue();
    expect(summary.held).toBe(1);
    expect(await statusOf(held)).toBe('held');
    expect(await accountState()).toBe('needs-reauth');
    const countBefore = fake.sent.length;

    // Relink interactively: read the URL the CLI prints, play the browser against the fake.
    const child = spawnCli(['accounts', 'relink', accountId], { dataDir, env });
    let stderr = '';
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        const match = stderr.match(/Open this URL to sign in: (\S+)/u);
        if (match?.[1]) resolve(match[1]);
      });
      child.on('close', (code) => reject(new Error(`relink exited ${code} before printing a URL\n${stderr}`)));
    });
    const browser = createHttpTransport({ httpsAgent: new https.Agent({ ca: ca.caPem }) });
    const authorize = await browser.request({ method: 'GET', url });
    expect(authorize.status).toBe(302);
    const callback = await browser.request({ method: 'GET', url: authorize.headers['location'] ?? '' });
    expect(callback.status).toBe(200);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, `${stdout}\n${stderr}`).toBe(0);

    expect(await accountState()).toBe('ok');
    expect((await processQueue()).sent).toBe(1);
    expect(await statusOf(held)).toBe('sent');
    expect(fake.sent.length).toBe(countBefore + 1);
    expect(fake.sent.at(-1)?.subject).toBe('held');
  });
});
