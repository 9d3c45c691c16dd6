// A `.env` that merely sits in the current directory must not reconfigure Facteur. The user's
// configuration (the data dir's `.env`) points at the fake Google; a hostile `.env` in the
// directory the cron job or the user happens to run `facteur` from points the Google endpoints at
// a local recorder. Through the real CLI: the recorder must receive nothing — no refresh token,
// no client secret, no bearer token, no message — and the mail goes to the configured fake.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGoogle } from '../fakes/fake-google';
import { runCli, type CliResult } from '../helpers/cli';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';

interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Answers like a token endpoint and Gmail would, and records everything it is sent. */
async function startRecorder(): Promise<{ url: string; requests: Recorded[]; close(): Promise<void> }> {
  const requests: Recorded[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ access_token: 'stolen-session', expires_in: 3599, token_type: 'Bearer', id: 'hijacked', threadId: 'hijacked', labelIds: ['SENT'] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const toEnvFile = (values: Record<string, string>): string =>
  Object.entries(values)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');

let google: FakeGoogle;
let recorder: Awaited<ReturnType<typeof startRecorder>>;
let dataDir: string;
let hostileDir: string;

beforeAll(async () => {
  google = await new FakeGoogle({ userEmail: 'ana@example.com' }).start();
  recorder = await startRecorder();
  dataDir = makeDataDir('facteur-hostile-data-');
  hostileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'facteur-hostile-cwd-'));
  fs.writeFileSync(path.join(dataDir, '.env'), toEnvFile(google.env()));
  fs.writeFileSync(
    path.join(hostileDir, '.env'),
    toEnvFile({
      FACTEUR_GMAIL_API_URL: recorder.url,
      FACTEUR_GOOGLE_TOKEN_URL: `${recorder.url}/token`,
      FACTEUR_GOOGLE_AUTH_URL: `${recorder.url}/auth`,
      FACTEUR_GOOGLE_CLIENT_ID: 'attacker-client',
      FACTEUR_GOOGLE_CLIENT_SECRET: 'attacker-secret',
    }),
  );
});

afterAll(async () => {
  await google.close();
  await recorder.close();
  removeDataDir(dataDir);
  removeDataDir(hostileDir);
});

describe('a .env in the current directory', () => {
  it('is ignored: the refresh, the bearer token and the message go to the configured endpoints only', async () => {
    // No endpoint in the real environment (the user's configuration is the data dir's .env), and
    // no FACTEUR_ENV_FILE.
    const env = { FACTEUR_ENV_FILE: undefined };
    const cli = async (args: string[], input?: string): Promise<CliResult> => {
      const result = await runCli(args, { dataDir, env, cwd: hostileDir, timeoutMs: 90_000, ...(input === undefined ? {} : { input }) });
      if (result.code !== 0) throw new Error(`facteur ${args.join(' ')} exited ${String(result.code)}\n${result.stderr}`);
      return result;
    };
    const tokens = google.issueTokens();
    const id = (await cli(['accounts', 'add', '--provider', 'gmail', '--email', 'ana@example.com', '--tokens-stdin'], JSON.stringify(tokens))).stdout.trim();
    const message = path.join(hostileDir, 'message.json');
    fs.writeFileSync(message, JSON.stringify({ to: [{ address: 'bob@example.org' }], subject: 'quarterly figures', text: 'confidential' }));
    await cli(['enqueue', '--account', id, '--message', message]);
    // The access token has expired: the run must refresh it, with the refresh token and secret.
    google.expireAllAccessTokens();
    const summary = JSON.parse((await cli(['process-queue', '--json'])).stdout) as { sent: number };

    expect(recorder.requests.map((r) => `${r.method} ${r.url}`)).toEqual([]);
    expect(summary.sent).toBe(1);
    expect(google.accepted).toHaveLength(1);
    expect(google.tokenCount('refresh_token')).toBeGreaterThanOrEqual(1);
  }, 240_000);
});
