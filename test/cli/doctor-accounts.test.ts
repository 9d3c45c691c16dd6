// `facteur doctor` checks each account's password or sign-in in the real OS keychain: one that
// went missing (a reset keychain, a new login keyring) is named with how to fix it, before a cron
// run finds its mail held. An account with no secret to keep, or a disabled one, does not fail.
import { createRequire } from 'node:module';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KEYCHAIN_SERVICE } from '../../src/main/core/secrets/secret-store';
import { runCli } from '../helpers/cli';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';

interface Check {
  check: string;
  ok: boolean;
  detail: string;
}

const keytar = createRequire(__filename)('keytar') as typeof import('keytar');

let dataDir: string;
beforeEach(() => {
  dataDir = makeDataDir('facteur-doctor-');
});
afterEach(() => {
  removeDataDir(dataDir);
});

async function addSmtp(email: string, password: string | null): Promise<number> {
  const args = ['accounts', 'add', '--provider', 'smtp', '--email', email, '--host', '127.0.0.1', '--port', '2525', '--no-verify'];
  const added = await runCli(password === null ? args : [...args, '--username', email, '--password-stdin'], { dataDir, ...(password === null ? {} : { input: password }) });
  expect(added.code, added.stderr).toBe(0);
  return Number(added.stdout.trim());
}

function secretRefOf(id: number): string {
  const db = new Database(`${dataDir}/facteur.db`, { readonly: true });
  try {
    return (db.prepare('select secret_ref from accounts where id = ?').get(id) as { secret_ref: string }).secret_ref;
  } finally {
    db.close();
  }
}

async function doctor(): Promise<{ code: number | null; checks: Check[] }> {
  const result = await runCli(['doctor', '--json'], { dataDir });
  return { code: result.code, checks: JSON.parse(result.stdout) as Check[] };
}

describe('doctor and the accounts’ secrets', () => {
  it('names an account whose password left the keychain, says how to fix it, and fails', async () => {
    const kept = await addSmtp('ana@example.com', 'secret-a');
    const lost = await addSmtp('bo@example.com', 'secret-b');
    await addSmtp('relay@example.com', null); // no username: no password to keep

    const before = await doctor();
    expect(before.code).toBe(0);
    expect(before.checks.filter((check) => check.check.startsWith('account '))).toEqual([
      { check: `account ${kept} (ana@example.com)`, ok: true, detail: 'its password or sign-in is in the keychain' },
      { check: `account ${lost} (bo@example.com)`, ok: true, detail: 'its password or sign-in is in the keychain' },
    ]);

    // The keychain lost Bo's password (reset, new keyring): nothing in Facteur's database changed.
    expect(await keytar.deletePassword(KEYCHAIN_SERVICE, secretRefOf(lost))).toBe(true);
    const after = await doctor();
    expect(after.code).toBe(3);
    const bo = after.checks.find((check) => check.check === `account ${lost} (bo@example.com)`);
    expect(bo).toMatchObject({ ok: false });
    expect(bo?.detail).toContain(`not in the keychain; its mail will be held — link it again: Relink in the app's Accounts, or \`facteur accounts relink ${lost} --password-stdin\``);
    expect(after.checks.find((check) => check.check === `account ${kept} (ana@example.com)`)).toMatchObject({ ok: true });

    // Relinking puts it back; a disabled account missing its secret is reported, not failed.
    const relinked = await runCli(['accounts', 'relink', String(lost), '--password-stdin', '--no-verify'], { dataDir, input: 'secret-b2' });
    expect(relinked.code, relinked.stderr).toBe(0);
    expect((await doctor()).code).toBe(0);
    expect(await keytar.deletePassword(KEYCHAIN_SERVICE, secretRefOf(kept))).toBe(true);
    expect((await runCli(['accounts', 'disable', String(kept)], { dataDir })).code).toBe(0);
    const disabled = await doctor();
    expect(disabled.code).toBe(0);
    expect(disabled.checks.find((check) => check.check === `account ${kept} (ana@example.com)`)).toMatchObject({ ok: true, detail: expect.stringMatching(/^disabled, and .* not in the keychain/u) });
  }, 180_000);
});
