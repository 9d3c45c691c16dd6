// A message file may only attach files from its own folder (symlinks followed): a message file
// written by someone else — a shared folder, a generated file, a download — must not be able to
// mail /etc/shadow, ~/.ssh or /proc/self/environ away. Anything else needs `--allow-path DIR`.
// Through the real `facteur enqueue`: refusals exit 2 naming the attachment and queue nothing.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';
import { addSmtpAccount, makeEngine } from '../helpers/engine';

let root: string;
let dataDir: string;
let messages: string;
let outside: string;

beforeAll(async () => {
  root = makeDataDir('facteur-attach-paths-');
  dataDir = path.join(root, 'data');
  messages = path.join(root, 'messages');
  outside = path.join(root, 'outside');
  fs.mkdirSync(path.join(messages, 'sub'), { recursive: true });
  fs.mkdirSync(outside);
  const engine = makeEngine({ dataDir });
  await addSmtpAccount(engine, 2525, 'me@example.com');
  engine.close();
  fs.writeFileSync(path.join(messages, 'ok.txt'), 'fine');
  fs.writeFileSync(path.join(messages, 'sub', 'inner.txt'), 'fine too');
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'private key material');
  fs.writeFileSync(path.join(root, 'parent.txt'), 'one level up');
  fs.symlinkSync('/etc/shadow', path.join(messages, 'shadow.txt'));
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(messages, 'innocent.pdf'));
  fs.symlinkSync(outside, path.join(messages, 'linked-folder'));
  fs.symlinkSync(path.join(messages, 'ok.txt'), path.join(messages, 'alias.txt'));
}, 60_000);

afterAll(() => removeDataDir(root));

function queuedCount(): number {
  const db = new Database(path.join(dataDir, 'facteur.db'), { readonly: true });
  try {
    return (db.prepare('select count(*) as n from emails').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

let written = 0;
async function enqueue(attachmentPath: string, extra: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const file = path.join(messages, `message-${(written += 1)}.json`);
  fs.writeFileSync(file, JSON.stringify({ to: [{ address: 'bob@example.org' }], subject: 'files', text: 'see attached', attachments: [{ path: attachmentPath }] }));
  return runCli(['enqueue', '--account', 'me@example.com', '--message', file, ...extra], { dataDir, timeoutMs: 60_000 });
}

describe.skipIf(process.platform === 'win32')('attachment paths in a message file', () => {
  const refused: Array<[string, () => string]> = [
    ['a symlink to /etc/shadow', () => 'shadow.txt'],
    ['a harmless-looking symlink to a file outside', () => 'innocent.pdf'],
    ['a file inside a symlinked folder that points outside', () => 'linked-folder/secret.txt'],
    ['../ out of the folder', () => '../parent.txt'],
    ['an absolute path outside', () => path.join(outside, 'secret.txt')],
    ['/proc/self/environ', () => '/proc/self/environ'],
  ];
  for (const [name, target] of refused) {
    it(`refuses ${name}: exit 2 naming the attachment, nothing queued`, async () => {
      const before = queuedCount();
      const result = await enqueue(target());
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/attachments\[0\]\.path: .*outside the message file's folder.*--allow-path/u);
      expect(queuedCount()).toBe(before);
    }, 60_000);
  }

  it('accepts files in the folder and below it, and symlinks that stay inside', async () => {
    for (const target of ['ok.txt', 'sub/inner.txt', './sub/../ok.txt', 'alias.txt', path.join(messages, 'ok.txt')]) {
      const result = await enqueue(target);
      expect({ target, code: result.code, stderr: result.stderr }).toEqual({ target, code: 0, stderr: '' });
    }
  }, 120_000);

  it('accepts a file outside only when --allow-path names a folder holding it (repeatable)', async () => {
    const before = queuedCount();
    expect((await enqueue('../parent.txt', ['--allow-path', outside])).code).toBe(2);
    expect((await enqueue('../outside/secret.txt', ['--allow-path', outside])).code).toBe(0);
    expect((await enqueue('innocent.pdf', ['--allow-path', root, '--allow-path', outside])).code).toBe(0);
    expect((await enqueue('../parent.txt', ['--allow-path', outside, '--allow-path', root])).code).toBe(0);
    expect(queuedCount()).toBe(before + 3);
  }, 120_000);
});
