// The log file is private like the database (0600), and known secret values are redacted wherever
// they appear in a line — message, fields, errors, child loggers — not only under known key names.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRootLogger, silentLogger, type Logger } from './logger';
import { SecretRedactor } from './security/secret-redactor';

const dirs: string[] = [];
function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facteur-log-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('log file permissions', () => {
  it('creates facteur.log readable by its owner only, whatever the umask', () => {
    const dir = dataDir();
    const previous = process.umask(0o022);
    try {
      createRootLogger({ dataDir: dir }).info('hello');
    } finally {
      process.umask(previous);
    }
    const file = path.join(dir, 'logs', 'facteur.log');
    expect(fs.readFileSync(file, 'utf8')).toContain('hello');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('tightens a log left world-readable by an older version', () => {
    const dir = dataDir();
    fs.mkdirSync(path.join(dir, 'logs'));
    const file = path.join(dir, 'logs', 'facteur.log');
    fs.writeFileSync(file, '', { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    createRootLogger({ dataDir: dir }).info('again');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('value-based redaction of known secrets', () => {
  // A password with characters JSON escapes, and a token: both known to the redactor, as the
  // engine's keychain wrapper makes them known when it reads or stores them.
  const password = 'pa"ss\\word-42!';
  const token = 'ya29.a0AfB_refresh-token-value';

  function logged(write: (logger: Logger) => void): string {
    const dir = dataDir();
    const redactor = new SecretRedactor();
    redactor.add(password);
    redactor.add(token);
    const logger = createRootLogger({ dataDir: dir, level: 'debug', redact: (line) => redactor.redact(line) });
    write(logger);
    logger.flush();
    return fs.readFileSync(path.join(dir, 'logs', 'facteur.log'), 'utf8');
  }

  it('removes a secret given in a message, any field at any depth, an error, or a child’s fields', () => {
    const text = logged((logger) => {
      logger.info(`signing in with ${password}`);
      logger.warn({ reply: { body: `{"refresh_token":"${token}"}`, list: [token] } }, 'server said');
      logger.error({ err: new Error(`invalid_grant for ${token}`) }, 'refresh failed');
      logger.child({ module: 'smtp', login: password }).debug({ attempt: 1 }, 'connecting');
      logger.info({ form: `password=${encodeURIComponent(password)}` }, 'posted');
    });
    expect(text.trim().split('\n')).toHaveLength(5);
    expect(text).not.toContain(token);
    expect(text).not.toContain(JSON.stringify(password).slice(1, -1));
    expect(text).not.toContain(encodeURIComponent(password));
    expect(text.match(/\[redacted\]/gu)?.length).toBeGreaterThanOrEqual(6);
    // Everything else is kept as it was given.
    expect(text).toContain('signing in with [redacted]');
    expect(text).toContain('"module":"smtp"');
    expect(text).toContain('invalid_grant for [redacted]');
  });

  it('still hides secret-named keys whose value it was never told', () => {
    const text = logged((logger) => logger.info({ headers: { authorization: 'Bearer unknown-to-the-redactor' }, password: 'not-registered' }, 'request'));
    expect(text).not.toContain('unknown-to-the-redactor');
    expect(text).not.toContain('not-registered');
  });
});

describe('the narrow logger', () => {
  it('silentLogger takes the same calls and writes nothing', () => {
    const logger = silentLogger();
    expect(() => {
      logger.child({ module: 'x' }).info({ n: 1 }, 'hello');
      logger.error('bye');
    }).not.toThrow();
  });
});
