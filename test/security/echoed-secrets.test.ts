// A provider that echoes the request back in its error (a debugging proxy, a misconfigured
// gateway) must not get the secrets that request carried into Facteur's storage. Through the real
// CLI and keychain: Gmail answers a send with the bearer token quoted, then the token endpoint
// answers a refresh quoting the refresh token and the client secret. Afterwards no file in the
// data dir (database, WAL, logs), no `show`/`list` output holds any of them, in any encoding —
// and what is kept of each error is short but still says what happened.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGoogle } from '../fakes/fake-google';
import { runCli, type CliResult } from '../helpers/cli';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';

const CLIENT_SECRET = `GOCSPX-${randomBytes(12).toString('hex')}`;

let google: FakeGoogle;
let dataDir: string;
let env: Record<string, string>;
const printed: string[] = [];

async function cli(args: string[], input?: string): Promise<CliResult> {
  const result = await runCli(args, { dataDir, env, timeoutMs: 90_000, ...(input === undefined ? {} : { input }) });
  printed.push(result.stdout, result.stderr);
  if (result.code !== 0) throw new Error(`facteur ${args.join(' ')} exited ${String(result.code)}\n${result.stderr}`);
  return result;
}

function encodings(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  return [secret, bytes.toString('base64').replace(/=+$/u, ''), bytes.toString('base64url'), bytes.toString('hex'), encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)];
}

beforeAll(async () => {
  google = await new FakeGoogle({ userEmail: 'ana@example.com', clientSecret: CLIENT_SECRET }).start();
  dataDir = makeDataDir('facteur-echo-');
  env = { ...google.env() };
});

afterAll(async () => {
  await runCli(['accounts', 'remove', '1', '--force'], { dataDir, env }).catch(() => undefined);
  await google.close();
  removeDataDir(dataDir);
});

describe('an echoing provider', () => {
  it('gets no refresh token, client secret or bearer token into facteur.db, the log or `facteur show`', async () => {
    const tokens = google.issueTokens();
    const account = (await cli(['accounts', 'add', '--provider', 'gmail', '--email', 'ana@example.com', '--tokens-stdin'], JSON.stringify(tokens))).stdout.trim();
    const file = path.join(dataDir, 'message.json');
    fs.writeFileSync(file, JSON.stringify({ to: [{ address: 'bob@example.org' }], subject: 'echo', text: 'hi' }));

    // 1. The send is refused with the bearer token quoted.
    google.echoSends = true;
    const first = (await cli(['enqueue', '--account', account, '--message', file])).stdout.trim();
    expect(JSON.parse((await cli(['process-queue', '--json'])).stdout)).toMatchObject({ failed: 1 });
    google.echoSends = false;

    // 2. The access token has expired; the refresh is refused with the form quoted.
    google.expireAllAccessTokens();
    google.echoTokenRequests = true;
    const second = (await cli(['enqueue', '--account', account, '--message', file])).stdout.trim();
    expect(JSON.parse((await cli(['process-queue', '--json'])).stdout)).toMatchObject({ retrying: 1 });
    expect(google.tokenCount('refresh_token', 400)).toBeGreaterThanOrEqual(1);

    const details: Array<{ lastError: string | null }> = [];
    for (const id of [first, second]) details.push(JSON.parse((await cli(['show', id, '--json'])).stdout) as { lastError: string | null });
    await cli(['show', first]);
    await cli(['show', second]);
    await cli(['list', '--json']);
    await cli(['accounts', 'list', '--json']);


    const secrets = [CLIENT_SECRET, tokens.refreshToken, tokens.accessToken, ...google.accepted.map((m) => m.accessToken)];
    const files = fs
      .readdirSync(dataDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name !== 'message.json')
      .map((entry) => path.join(entry.parentPath, entry.name));
    expect(files.some((name) => name.endsWith('facteur.log'))).toBe(true);
    const haystacks = [...files.map((name) => ({ name: path.relative(dataDir, name), bytes: fs.readFileSync(name) })), { name: 'CLI output', bytes: Buffer.from(printed.join('\n')) }];
    const found: string[] = [];
    for (const { name, bytes } of haystacks) {
      for (const secret of secrets) for (const form of encodings(secret)) if (bytes.includes(form)) found.push(`${name} holds ${secret.slice(0, 10)}… as ${form === secret ? 'is' : form.slice(0, 14)}`);
    }
    expect(found).toEqual([]);
    // The scan can see: the echoed, redacted errors are there.
    expect(haystacks.some(({ bytes }) => bytes.includes('Bad request from'))).toBe(true);
    // What is kept still says what happened, in at most ~500 characters.
    expect(details[0]?.lastError).toMatch(/Gmail answered 400: Bad request from /u);
    expect(details[1]?.lastError).toMatch(/could not refresh the Google access token/u);
    for (const detail of details) expect(detail.lastError?.length ?? 0).toBeLessThanOrEqual(520);
  }, 300_000);
});
