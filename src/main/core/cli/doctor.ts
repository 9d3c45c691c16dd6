// `facteur doctor`: checks what a run needs — the data dir, the database's integrity, the
// keychain, the set-up of the providers the accounts use — and says what to fix. It opens the
// database read-only and without migrating, so it works (and changes nothing) when it is damaged.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import Database from 'better-sqlite3';
import { readConfig, type Config } from '../config';
import { DATABASE_FILE } from '../engine';
import { missingSetup, providerDescriptors } from '../../../shared/providers/index';
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

function databaseCheck(dir: string): { check: Check; providers: string[] } {
  const file = path.join(dir, DATABASE_FILE);
  if (!fs.existsSync(file)) return { check: { check: 'database', ok: true, detail: `${file} does not exist yet; it is created on first use` }, providers: [] };
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma('quick_check') as Array<{ quick_check: string }>;
    const problems = rows.map((row) => row.quick_check).filter((result) => result !== 'ok');
    if (problems.length > 0) {
      return { check: { check: 'database', ok: false, detail: `${file} is damaged (${problems.slice(0, 3).join('; ')}): move it aside and restore a backup` }, providers: [] };
    }
    const hasAccounts = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'accounts'").get();
    const providers = hasAccounts ? (db.prepare('select distinct provider from accounts').all() as Array<{ provider: string }>).map((row) => row.provider) : [];
    return { check: { check: 'database', ok: true, detail: `${file} passed the integrity check` }, providers };
  } catch (error) {
    return { check: { check: 'database', ok: false, detail: (asStorageError(error, file) as Error).message }, providers: [] };
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
  const database = dir.ok ? databaseCheck(config.dataDir) : { check: { check: 'database', ok: false, detail: 'not checked: the data dir is not usable' }, providers: [] };
  return [dir, database.check, await keychainCheck(secrets), ...providerChecks(config, database.providers)];
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
