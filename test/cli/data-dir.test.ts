// A broken data dir is one sentence and exit 3, never a stack trace, and a damaged database is
// never overwritten (issue 12 #7): a data dir that is a file, garbage or a truncated database, a
// read-only file system (a read-only tmpfs where mount works), a full disk (a file size limit);
// `facteur doctor` says what is wrong.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';

let root: string;
beforeEach(() => {
  root = makeDataDir('facteur-datadir-');
});
afterEach(() => {
  spawnSync('umount', [path.join(root, 'ro')]);
  removeDataDir(root);
});

/** Exit 3, a single line on stderr starting with "facteur:", no stack trace. */
function expectOneSentence(result: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(3);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /u);
}

interface Check {
  check: string;
  ok: boolean;
  detail: string;
}

describe('data-dir failures', () => {
  it('a data dir that is a file', async () => {
    const dataDir = path.join(root, 'facteur');
    fs.writeFileSync(dataDir, 'not a folder');
    expectOneSentence(await runCli(['status'], { dataDir }), /the data dir .* is a file, not a folder/u);
    const doctor = await runCli(['doctor', '--json'], { dataDir });
    expect(doctor.code).toBe(3);
    expect((JSON.parse(doctor.stdout) as Check[]).find((c) => c.check === 'data dir')).toMatchObject({ ok: false });
  });

  it('a garbage database is reported and left as it was', async () => {
    const dataDir = path.join(root, 'data');
    fs.mkdirSync(dataDir);
    const file = path.join(dataDir, 'facteur.db');
    const garbage = Buffer.alloc(64 * 1024, 'not a database ');
    fs.writeFileSync(file, garbage);
    expectOneSentence(await runCli(['status'], { dataDir }), /the database .* is damaged .*Facteur will not overwrite it/u);
    expectOneSentence(await runCli(['process-queue'], { dataDir }), /is damaged/u);
    expect(fs.readFileSync(file).equals(garbage)).toBe(true);
    const doctor = await runCli(['doctor'], { dataDir });
    expect(doctor.code).toBe(3);
    expect(doctor.stdout).toMatch(/^FAIL {2}database: /mu);
  });

  it('a truncated database is reported and left as it was', async () => {
    const dataDir = path.join(root, 'data');
    expect((await runCli(['accounts', 'add', '--provider', 'smtp', '--email', 'me@example.com', '--host', '127.0.0.1', '--port', '2525', '--no-verify'], { dataDir })).code).toBe(0);
    expect((await runCli(['settings', 'batchSize=7'], { dataDir })).code).toBe(0);
    const file = path.join(dataDir, 'facteur.db');
    const whole = fs.readFileSync(file);
    const truncated = whole.subarray(0, Math.floor(whole.length / 2));
    fs.writeFileSync(file, truncated);
    for (const suffix of ['-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
    const result = await runCli(['accounts', 'list'], { dataDir });
    expectOneSentence(result, /the database .* is damaged|cannot use the database/u);
    expect(fs.readFileSync(file).equals(truncated)).toBe(true);
  });

  it('a read-only file system, even for status', async () => {
    const dataDir = path.join(root, 'ro');
    fs.mkdirSync(dataDir);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', dataDir]).status === 0;
    if (!mounted) return; // cannot mount here (not root): the file-size test covers writes
    expectOneSentence(await runCli(['status'], { dataDir }), /the data dir .* cannot be written/u);
  });

  it('a full disk (file size limit) while queueing a big message', async () => {
    const dataDir = path.join(root, 'data');
    expect((await runCli(['accounts', 'add', '--provider', 'smtp', '--email', 'me@example.com', '--host', '127.0.0.1', '--port', '2525', '--no-verify'], { dataDir })).code).toBe(0);
    const message = path.join(root, 'big.json');
    fs.writeFileSync(message, JSON.stringify({ to: [{ address: 'a@example.com' }], subject: 'big', text: 'x', attachments: [{ contentBase64: Buffer.alloc(3 * 1024 * 1024, 7).toString('base64'), filename: 'big.bin' }] }));
    const result = await runCli(['enqueue', '--account', 'me@example.com', '--message', message], { dataDir, fileSizeLimitBlocks: 2048 });
    expectOneSentence(result, /the disk is full|file size limit was reached/u);
    expect(JSON.parse((await runCli(['status', '--json'], { dataDir })).stdout)).toMatchObject({ queued: 0 });
  });

  it('doctor on a healthy data dir: each check, an unused provider reported but not failed', async () => {
    const dataDir = path.join(root, 'data');
    expect((await runCli(['status'], { dataDir })).code).toBe(0);
    const doctor = await runCli(['doctor', '--json'], { dataDir, env: { FACTEUR_GOOGLE_CLIENT_ID: '', FACTEUR_MS_CLIENT_ID: '' } });
    const checks = JSON.parse(doctor.stdout) as Check[];
    expect(checks.map((c) => c.check)).toEqual(['data dir', 'database', 'keychain', 'provider smtp', 'provider gmail', 'provider outlook']);
    expect(checks.filter((c) => c.check !== 'keychain').every((c) => c.ok)).toBe(true);
    expect(checks.find((c) => c.check === 'provider gmail')?.detail).toMatch(/no account uses it/u);
  });
});
