// The one logger: pino JSON lines into <data dir>/logs/facteur.log (0600), secrets redacted by
// key name and, with the engine's redactor, by value.
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';

export type Logger = pino.Logger;

/** Every key that may ever hold a secret, at any depth we log. */
export const REDACT_PATHS = [
  'password',
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'id_token',
  'code_verifier',
  'client_secret',
  'authorization',
  'Authorization',
  'headers.authorization',
  'headers.Authorization',
  '*.password',
  '*.accessToken',
  '*.refreshToken',
  '*.access_token',
  '*.refresh_token',
  '*.authorization',
  '*.Authorization',
  '*.secret',
];

const MAX_LOG_BYTES = 10 * 1024 * 1024;
const KEPT_LOGS = 3;

/** Rotates facteur.log → facteur.1.log … when it grew past MAX_LOG_BYTES (checked at start). */
function rotate(file: string): void {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return;
  }
  if (size < MAX_LOG_BYTES) return;
  const dir = path.dirname(file);
  for (let i = KEPT_LOGS - 1; i >= 1; i -= 1) {
    const from = path.join(dir, i === 1 ? 'facteur.log' : `facteur.${i - 1}.log`);
    const to = path.join(dir, `facteur.${i}.log`);
    try {
      fs.renameSync(from, to);
    } catch {
      // a missing generation is fine
    }
  }
}

/**
 * The log says which accounts send to whom and why mail failed: owner-only, like the database.
 * The file is created 0600 before pino opens it (whatever the umask), and a log an older version
 * left world-readable is tightened.
 */
function keepPrivate(dir: string): void {
  fs.closeSync(fs.openSync(path.join(dir, 'facteur.log'), 'a', 0o600));
  for (const name of fs.readdirSync(dir)) {
    if (!/^facteur(?:\.\d+)?\.log$/u.test(name)) continue;
    try {
      fs.chmodSync(path.join(dir, name), 0o600);
    } catch {
      // not ours to change (Windows ignores the mode anyway)
    }
  }
}

export interface LoggerOptions {
  dataDir: string;
  level?: string;
  /** Also print to stderr (development). */
  console?: boolean;
  /** Applied to every finished line: removes known secret values (see SecretRedactor). */
  redact?: (line: string) => string;
}

export function createRootLogger(options: LoggerOptions): Logger {
  const dir = path.join(options.dataDir, 'logs');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'facteur.log');
  rotate(file);
  keepPrivate(dir);
  const streams: pino.StreamEntry[] = [{ stream: pino.destination({ dest: file, sync: true, mkdir: true, mode: 0o600 }) }];
  if (options.console) streams.push({ stream: process.stderr });
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      ...(options.redact ? { hooks: { streamWrite: options.redact } } : {}),
    },
    pino.multistream(streams),
  );
}

/** A logger that writes nowhere, for unit tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
