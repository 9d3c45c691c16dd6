// Shared by the CLI tests: a data dir, a password-less SMTP account on a local test server, and
// message files — everything through the real `facteur` command.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { startSmtpTestServer, type SmtpTestServer } from '../fakes/smtp-test-server';
import { runCli, type CliOptions, type CliResult } from '../helpers/cli';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';

export interface CliBench {
  dataDir: string;
  run(args: string[], options?: Omit<CliOptions, 'dataDir'>): Promise<CliResult>;
  /** Runs and parses stdout as JSON, failing with the output when the exit code is not 0. */
  json<T>(args: string[], options?: Omit<CliOptions, 'dataDir'>): Promise<T>;
  message(name: string, message: unknown): string;
  addSmtpAccount(port: number, extra?: string[]): Promise<string>;
}

export function cliBench(dataDir: string): CliBench {
  const run = (args: string[], options: Omit<CliOptions, 'dataDir'> = {}) => runCli(args, { ...options, dataDir });
  return {
    dataDir,
    run,
    async json<T>(args: string[], options: Omit<CliOptions, 'dataDir'> = {}): Promise<T> {
      const result = await run([...args, '--json'], options);
      expect(result.code, `${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
      return JSON.parse(result.stdout) as T;
    },
    message(name, message) {
      const file = path.join(dataDir, name);
      fs.writeFileSync(file, JSON.stringify(message));
      return file;
    },
    async addSmtpAccount(port, extra = []) {
      const added = await run(['accounts', 'add', '--provider', 'smtp', '--email', 'me@example.com', '--host', '127.0.0.1', '--port', String(port), '--timeout-seconds', '5', ...extra]);
      expect(added.code, added.stderr).toBe(0);
      return added.stdout.trim();
    },
  };
}

/**
 * Each test of the file gets a fresh data dir holding one SMTP account, me@example.com, linked
 * without a sign-in check (nothing listens): for tests of what is refused before any sending.
 */
export function benchWithUnverifiedAccount(): { readonly cli: CliBench } {
  const bench = { cli: undefined as unknown as CliBench };
  beforeEach(async () => {
    bench.cli = cliBench(makeDataDir());
    const added = await bench.cli.run(['accounts', 'add', '--provider', 'smtp', '--email', 'me@example.com', '--host', '127.0.0.1', '--port', '2525', '--no-verify']);
    expect(added.code, added.stderr).toBe(0);
  }, 60_000);
  afterEach(() => removeDataDir(bench.cli.dataDir));
  return bench;
}

/**
 * Each test of the file gets a fresh data dir, retries a second apart (so a test can wait for
 * them), and a real SMTP server to link an account to.
 */
export function benchWithSmtpServer(): { readonly cli: CliBench; readonly server: SmtpTestServer } {
  const bench = { cli: undefined as unknown as CliBench, server: undefined as unknown as SmtpTestServer };
  beforeEach(async () => {
    bench.server = await startSmtpTestServer();
    bench.cli = cliBench(makeDataDir());
    expect((await bench.cli.run(['settings', 'retryBaseSeconds=1', 'retryMaxSeconds=1'])).code).toBe(0);
  }, 60_000);
  afterEach(async () => {
    await bench.server.close();
    removeDataDir(bench.cli.dataDir);
  });
  return bench;
}

/** How many mails `status` counts as queued. */
export async function queuedCount(cli: CliBench): Promise<number> {
  return (await cli.json<Record<string, number>>(['status'])).queued ?? -1;
}

export interface RecipientJson {
  address: string;
  kind: 'to' | 'cc' | 'bcc';
  outcome: 'accepted' | 'refused' | 'pending';
  reason: string | null;
}
