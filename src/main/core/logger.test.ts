// The log file is private like the database (0600), and known secret values are redacted wherever
// they appear in a line, not only under known key names.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRootLogger } from './logger';

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
