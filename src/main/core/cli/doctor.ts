// `facteur doctor`: checks what a run needs — the data dir, the database's integrity, the
// keychain and each account's secret in it, the set-up of the providers the accounts use — and
// says what to fix. It opens the database read-only and without migrating, so it works (and
// changes nothing) when it is damaged.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import Database from 'better-sqlite3';
import { readConfig, type Config } from '../config';
import { DATABASE_FILE } from '../engine';
import { findDescriptor, missingSetup, needsSecret, providerDescriptors } from '../../../shared/providers/index';
import { FacteurError } from '../errors';
import { KeytarSecretStore } from '../secrets/keytar-secret-store';
import type { SecretStore } from '../secrets/secret-store';
import { asStorageError, ensureDataDir } from '../db/storage-errors';
import type { CliContext } from './context';

export interface Check {
  check: string;
  ok: boolean;
  detail: string;
}

function dataDirCheck(dir: string): Check {
  try {
    ensureDataDir(dir);
    const probe = path.join(dir, `.doctor-${process.pid}`);
    fs.writeFileSync(probe, 'ok');
    fs.rmSync(probe);
    return { check: 'data dir', ok: true, detail: `${dir} is a writable folder` };
  } catch (error) {
    return { check: 'data dir', ok: false, detail: (asStorageError(error, dir) as Error).message };
  }
}

/** What the keychain check of one account needs from its row. */
interface AccountRow {
  id: number;
  email: string;
  provider: string;
  settings: string;
  secret_ref: string;
  active: number;
}

function databaseCheck(dir: string): { check: Check; providers: string[]; accounts: AccountRow[] } {
  const file = path.join(dir, DATABASE_FILE);
  if (!fs.existsSync(file)) return { check: { check: 'database', ok: true, detail: `${file} does not exist yet; it is created on first use` }, providers: [], accounts: [] };
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma('quick_check') as Array<{ quick_check: string }>;
    const problems = rows.map((row) => row.quick_check).filter((result) => result !== 'ok');
    if (problems.length > 0) {
      return { check: { check: 'database', ok: false, detail: `${file} is damaged (${problems.slice(0, 3).join('; ')}): move it aside and restore a backup` }, providers: [], accounts: [] };
    }
    const hasAccounts = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'accounts'").get();
    const accounts = hasAccounts ? (db.prepare('select id, email, provider, settings, secret_ref, active from accounts order by id').all() as AccountRow[]) : [];
    const providers = [...new Set(accounts.map((row) => row.provider))];
    return { check: { check: 'database', ok: true, detail: `${file} passed the integrity check` }, providers, accounts };
  } catch (error) {
    return { check: { check: 'database', ok: false, detail: (asStorageError(error, file) as Error).message }, providers: [], accounts: [] };
  } finally {
    db?.close();
  }
}

async function keychainCheck(secrets: SecretStore): Promise<Check> {
  try {
    await secrets.get('facteur-doctor-probe');
    return { check: 'keychain', ok: true, detail: 'the OS keychain answers' };
  } catch (error) {
    const message = error instanceof FacteurError ? error.message : String(error);
    return { check: 'keychain', ok: false, detail: `${message} Under cron on a headless machine, see README "Running from cron".` };
  }
}

/**
 * One check per account that keeps a secret: is its password or sign-in still in the keychain?
 * One that went missing (a keychain reset, a new login keyring) would otherwise show only when
 * its mail is held at the next run. A disabled account is reported, not failed.
 */
async function accountSecretChecks(secrets: SecretStore, accounts: AccountRow[]): Promise<Check[]> {
  const checks: Check[] = [];
  for (const account of accounts) {
    let settings: Record<string, unknown> = {};
    try {
      settings = JSON.parse(account.settings) as Record<string, unknown>;
    } catch {
      // Unreadable settings: the provider's own default decides whether it keeps a secret.
    }
    if (!needsSecret(account.provider, settings)) continue;
    const check = `account ${account.id} (${account.email})`;
    let found: boolean;
    try {
      found = (await secrets.get(account.secret_ref)) !== null;
    } catch (error) {
      checks.push({ check, ok: false, detail: `the keychain did not answer for it: ${(error as Error).message}` });
      continue;
    }
    if (found) {
      checks.push({ check, ok: true, detail: 'its password or sign-in is in the keychain' });
      continue;
    }
    const password = findDescriptor(account.provider)?.credential === 'password';
    const fix = `link it again: Relink in the app's Accounts, or \`facteur accounts relink ${account.id}${password ? ' --password-stdin' : ''}\``;
    checks.push(
      account.active
        ? { check, ok: false, detail: `its password or sign-in is not in the keychain; its mail will be held — ${fix}` }
        : { check, ok: true, detail: `disabled, and its password or sign-in is not in the keychain (${fix})` },
    );
  }
  return checks;
}

/** One check per provider its descriptor knows: what it needs set up here, and whether an account uses it. */
function providerChecks(config: Config, used: string[]): Check[] {
  return providerDescriptors().map((descriptor) => {
    const check = `provider ${descriptor.kind}`;
    const inUse = used.includes(descriptor.kind);
    if (!descriptor.setup) return { check, ok: true, detail: inUse ? 'needs no set-up' : 'needs no set-up (no account uses it)' };
    const missing = missingSetup(descriptor, config.providerEnv ?? {});
    if (missing.length === 0) return { check, ok: true, detail: inUse ? 'configured' : 'configured (no account uses it)' };
    const companions = descriptor.setup.companions ?? [];
    const names = companions.length > 0 ? `${missing.join(', ')} (and ${companions.join(', ')})` : missing.join(', ');
    const note = `${names} ${missing.length + companions.length === 1 ? 'is' : 'are'} not set: see ${descriptor.docs ?? 'README.md'}`;
    // A provider no account uses is reported, not failed.
    return { check, ok: !inUse, detail: inUse ? note : `not configured, and no account uses it (${note})` };
  });
}

export async function runDoctor(env: NodeJS.ProcessEnv, secrets: SecretStore = new KeytarSecretStore()): Promise<Check[]> {
  let config: Config;
  try {
    config = readConfig(env);
  } catch (error) {
    return [{ check: 'configuration', ok: false, detail: (error as Error).message }];
  }
  const dir = dataDirCheck(config.dataDir);
  const database = dir.ok ? databaseCheck(config.dataDir) : { check: { check: 'database', ok: false, detail: 'not checked: the data dir is not usable' }, providers: [], accounts: [] };
  const keychain = await keychainCheck(secrets);
  const accounts = keychain.ok ? await accountSecretChecks(secrets, database.accounts) : [];
  return [dir, database.check, keychain, ...accounts, ...providerChecks(config, database.providers)];
}

export function registerDoctorCommand(program: Command, context: CliContext, secrets?: SecretStore): void {
  program
    .command('doctor')
    .description('check the data dir, the database, the keychain and the providers’ set-up, and say what to fix')
    .option('--json', 'print [{check, ok, detail}]')
    .action(async (options: { json?: boolean }) => {
      const checks = await runDoctor(context.env, secrets);
      if (options.json) context.json(checks);
      else for (const item of checks) context.out(`${item.ok ? 'ok  ' : 'FAIL'}  ${item.check}: ${item.detail}`);
      const failed = checks.filter((item) => !item.ok).length;
      if (failed > 0) throw new FacteurError('unavailable', `${failed} check(s) failed; fix what is listed above`);
    });
}
