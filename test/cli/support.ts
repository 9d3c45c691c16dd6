// Shared by the CLI tests: a data dir, a password-less SMTP account on a local test server, and
// message files — everything through the real `facteur` command.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { runCli, type CliOptions, type CliResult } from '../helpers/cli';

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

export interface RecipientJson {
  address: string;
  kind: 'to' | 'cc' | 'bcc';
  outcome: 'accepted' | 'refused' | 'pending';
  reason: string | null;
}
