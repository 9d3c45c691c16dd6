// What cron runs every few minutes must start fast: `status --json` and `--version` answer from
// a small fast path (no engine, no SDKs), print exactly what the full command line prints, and
// hand over to it whenever the database needs it (missing, to migrate, newer). Other commands
// load a provider's SDK only when they use that provider.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/main/core/cli/main';
import { runCli, REPO_ROOT } from '../helpers/cli';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';
import { makeEngine, simpleMessage } from '../helpers/engine';

const PROBE = path.join(__dirname, '..', 'helpers', 'module-probe.cjs');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeDataDir(dir);
});

async function dataDirWithMail(): Promise<string> {
  const dataDir = makeDataDir();
  dirs.push(dataDir);
  const engine = makeEngine({ dataDir });
  const accountId = await engine.accounts.create('smtp', { email: 'me@example.com', displayName: null, secret: '', settings: { host: '127.0.0.1', port: 25 } });
  const ids = await engine.queue.queueEmails([1, 2, 3].map((i) => ({ message: simpleMessage(`r${i}@example.com`), accountRef: accountId })));
  engine.queue.cancel(ids[0] as number);
  await engine.queue.queueEmail(simpleMessage(), accountId, { sendAt: '2099-01-01T09:00:00Z' });
  engine.dispose();
  return dataDir;
}

/** Runs the real `facteur` with the probe; returns its output and the heavy packages it loaded. */
async function probed(args: string[], dataDir: string) {
  const result = await runCli(args, { dataDir, env: { NODE_OPTIONS: `--require ${PROBE}` }, timeoutMs: 60_000 });
  const loaded = /facteur-modules: (.*)/u.exec(result.stderr)?.[1]?.split(',').filter(Boolean) ?? null;
  return { ...result, loaded };
}

/** The full command line, in-process, for comparison. */
async function full(args: string[], dataDir: string): Promise<string> {
  let stdout = '';
  const code = await main(['node', 'facteur', ...args], { stdout: (text) => (stdout += text), stderr: () => undefined, env: { FACTEUR_DATA_DIR: dataDir, FACTEUR_ENV_FILE: '/dev/null' } });
  expect(code).toBe(0);
  return stdout;
}

describe('cold start', () => {
  it('`status --json` prints what the full command line prints, loading none of the heavy packages', async () => {
    const dataDir = await dataDirWithMail();
    const fast = await probed(['status', '--json'], dataDir);
    expect(fast.code).toBe(0);
    expect(fast.stdout).toBe(await full(['status', '--json'], dataDir));
    expect(JSON.parse(fast.stdout)).toMatchObject({ queued: 2, cancelled: 1, scheduled: 1, sent: 0 });
    expect(fast.loaded).toEqual([]);
  });

  it('`--version` prints the package version, loading none of the heavy packages', async () => {
    const dataDir = makeDataDir();
    dirs.push(dataDir);
    const fast = await probed(['--version'], dataDir);
    const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(fast.stdout).toBe(`${version}\n`);
    expect(fast.loaded).toEqual([]);
  });

  it('hands over to the full command line when there is no database yet', async () => {
    const dataDir = makeDataDir();
    dirs.push(dataDir);
    const first = await probed(['status', '--json'], dataDir);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ queued: 0, sent: 0 });
    expect(first.loaded).toContain('drizzle-orm'); // the full path created and migrated it
    const second = await probed(['status', '--json'], dataDir);
    expect(second.stdout).toBe(first.stdout);
    expect(second.loaded).toEqual([]);
  });

  it('`list` does not load any provider SDK', async () => {
    const dataDir = await dataDirWithMail();
    const listed = await probed(['list', '--json'], dataDir);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toHaveLength(4);
    for (const sdk of ['googleapis', 'google-auth-library', '@azure/msal-node', 'nodemailer']) expect(listed.loaded).not.toContain(sdk);
  });
});
