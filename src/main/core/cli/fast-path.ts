// `facteur status --json` and `facteur --version` without loading the engine: cron runs the
// first every few minutes, and the full command line loads the providers' SDKs, the validation
// library, the query builder and the logger (~600 modules) to print eight numbers. This path
// loads better-sqlite3 and a few small modules. Whenever it is not sure — no database yet, a
// schema to migrate or refuse, any error — it answers `null` and the full command line runs,
// with its own messages and exit codes; so it never answers differently from it.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE, loadEnv, readConfig } from '../config';
import { MIGRATIONS_FOLDER, knownSchemaVersion, schemaVersion } from '../db/schema-version';
import { readStatusReport } from '../db/status-counts';

export interface FastIo {
  stdout: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

/** Answers the command if it can; `null` means "run the full command line". */
export function runFastPath(args: string[], io: FastIo): number | null {
  try {
    if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) return printVersion(io);
    if (args.length === 2 && args[0] === 'status' && args[1] === '--json') return printStatus(io);
  } catch {
    // Whatever went wrong, the full command line will say it properly.
  }
  return null;
}

function printVersion(io: FastIo): number | null {
  const file = path.join(__dirname, '..', '..', '..', '..', 'package.json');
  const version = (JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: unknown }).version;
  if (typeof version !== 'string') return null;
  io.stdout(`${version}\n`);
  return 0;
}

function printStatus(io: FastIo): number | null {
  const config = readConfig(loadEnv(io.env));
  const file = path.join(config.dataDir, DATABASE_FILE);
  if (!fs.existsSync(file)) return null;
  const client = new Database(file, { fileMustExist: true, timeout: 10_000 });
  try {
    if (schemaVersion(client) !== knownSchemaVersion(MIGRATIONS_FOLDER)) return null;
    io.stdout(`${JSON.stringify(readStatusReport(client), null, 2)}\n`);
    return 0;
  } finally {
    client.close();
  }
}
