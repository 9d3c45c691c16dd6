// The one logger: pino JSON lines into <data dir>/logs/facteur.log (0600), secrets redacted by
// key name and, with the engine's redactor, by value. The rest of the engine sees only the narrow
// `Logger` below (levels, structured fields, child loggers); pino stays in this file, so changing
// the library, or adding a sink, touches nothing else.
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';

/** Structured context of a line: ids, counts, codes; `err` for an Error (message and stack are kept). */
export type LogFields = Readonly<Record<string, unknown>>;

export interface LogMethod {
  (message: string): void;
  (fields: LogFields, message: string): void;
}

export interface Logger {
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  /** A logger whose every line carries `fields` too (`{ module: 'queue' }`). */
  child(fields: LogFields): Logger;
}

/** The process's logger: writes synchronously, `flush` is for the last lines before exit. */
export interface RootLogger extends Logger {
  flush(): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

function narrow(inner: pino.Logger): Logger {
  const method = (level: LogLevel): LogMethod =>
    ((first: string | LogFields, message?: string) => {
      if (typeof first === 'string') inner[level](first);
      else inner[level](first, message);
    }) as LogMethod;
  return {
    debug: method('debug'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
    child: (fields) => narrow(inner.child(fields)),
  };
}

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
  level?: LogLevel;
  /** Also print to stderr (development). */
  console?: boolean;
  /**
   * Applied to every finished line — message, fields, child fields, error text alike — so a known
   * secret value is removed wherever it was given (security/secret-redactor.ts).
   */
  redact?: (line: string) => string;
}

export function createRootLogger(options: LoggerOptions): RootLogger {
  const dir = path.join(options.dataDir, 'logs');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'facteur.log');
  rotate(file);
  keepPrivate(dir);
  const level = options.level ?? 'info';
  // Each stream has its own threshold (pino's default is info): without it `debug` never reached the file.
  const streams: pino.StreamEntry[] = [{ level, stream: pino.destination({ dest: file, sync: true, mkdir: true, mode: 0o600 }) }];
  if (options.console) streams.push({ level, stream: process.stderr });
  const inner = pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      ...(options.redact ? { hooks: { streamWrite: options.redact } } : {}),
    },
    pino.multistream(streams),
  );
  return { ...narrow(inner), flush: () => inner.flush() };
}

/** A logger that writes nowhere, for unit tests and benchmarks. */
export function silentLogger(): Logger {
  const nothing: LogMethod = () => undefined;
  const logger: Logger = { debug: nothing, info: nothing, warn: nothing, error: nothing, child: () => logger };
  return logger;
}
