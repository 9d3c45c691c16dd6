// Runs the command line's bad-input corpus (cli-cases.ts) through the real `facteur` binary: each
// case must exit with its code and say which field is wrong and why — and write nothing: no email,
// no attempt, no account, no attachment file (read straight from the database, which is cheaper
// than spawning the CLI again).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';
import { addSmtpAccount, makeEngine } from '../helpers/engine';
import { CLI_CASES, type CliCase } from './cli-cases';

let dataDir: string;
let inputDir: string;

beforeAll(async () => {
  dataDir = makeDataDir('facteur-corpus-cli-');
  inputDir = path.join(dataDir, 'input');
  const engine = makeEngine({ dataDir });
  await addSmtpAccount(engine, 2525, 'me@example.com');
  engine.accounts.setActive(await addSmtpAccount(engine, 2525, 'off@example.com'), false);
  engine.close();
  fs.mkdirSync(path.join(inputDir, 'a-folder'), { recursive: true });
  fs.writeFileSync(path.join(inputDir, 'ok.txt'), 'fine');
  // 200 MB that take no disk: a sparse file.
  fs.writeFileSync(path.join(inputDir, 'big.bin'), '');
  fs.truncateSync(path.join(inputDir, 'big.bin'), 200 * 1024 * 1024);
  expect(spawnSync('mkfifo', [path.join(inputDir, 'fifo')]).status).toBe(0);
  const huge = { to: [{ address: 'a@example.com' }], subject: 'huge', text: 'a'.repeat(60 * 1024 * 1024) };
  fs.writeFileSync(path.join(inputDir, 'huge.json'), JSON.stringify(huge));
});

afterAll(() => removeDataDir(dataDir));

/** What a refused command must not have changed. */
function footprint(): { emails: number; attempts: number; accounts: number; files: number } {
  const db = new Database(path.join(dataDir, 'facteur.db'), { readonly: true });
  try {
    const count = (table: string): number => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    const store = path.join(dataDir, 'attachments');
    const files = fs.existsSync(store) ? fs.readdirSync(store, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0;
    return { emails: count('emails'), attempts: count('attempts'), accounts: count('accounts'), files };
  } finally {
    db.close();
  }
}

let written = 0;

function messageFile(test: CliCase): string {
  if (test.messageFile) return path.join(inputDir, test.messageFile);
  const file = path.join(inputDir, `case-${(written += 1)}.json`);
  fs.writeFileSync(file, test.raw === undefined ? JSON.stringify(test.message) : Buffer.from(test.raw, 'latin1'));
  return file;
}

function commandOf(test: CliCase): string[] {
  if (test.command) return test.command;
  return ['enqueue', '--account', test.account ?? '1', '--message', messageFile(test), ...(test.args ?? [])];
}

describe('the command line refuses bad input clearly and writes nothing', () => {
  it('has a corpus worth the name', () => {
    expect(CLI_CASES.length).toBeGreaterThanOrEqual(45);
    expect(new Set(CLI_CASES.map((test) => test.name)).size).toBe(CLI_CASES.length);
  });

  it.each(CLI_CASES)('$name', async (test) => {
    const before = footprint();
    const result = await runCli(commandOf(test), { dataDir, ...(test.env ? { env: test.env } : {}), ...(test.input === undefined ? {} : { input: test.input }) });
    expect(result.stderr).toMatch(test.stderr);
    expect(result.code).toBe(test.code);
    if (test.stdout) expect(result.stdout).toMatch(test.stdout);
    else if (test.code !== 0) expect(result.stdout).toBe('');
    const after = footprint();
    expect(after).toEqual({ ...before, emails: before.emails + (test.adds ?? 0) });
  });
});
