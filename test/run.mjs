#!/usr/bin/env node
// `npm test`: runs vitest inside a private D-Bus session with a throwaway, unlocked
// gnome-keyring, so the keychain tests use a real Secret Service without touching the
// developer's own keyring. Without dbus-run-session / gnome-keyring-daemon (see README,
// "Testing") vitest runs directly and the keychain tests say what is missing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

function runVitest(env) {
  const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const result = spawnSync(process.execPath, [vitest, 'run', ...args], { cwd: root, stdio: 'inherit', env });
  return result.status ?? 1;
}

if (process.env.FACTEUR_TEST_KEYRING === 'ready' || process.platform !== 'linux') {
  process.exit(runVitest(process.env));
}

if (!has('dbus-run-session') || !has('gnome-keyring-daemon')) {
  process.stderr.write(
    'note: dbus-run-session or gnome-keyring-daemon not found; keychain tests will fail.\n' +
      '      Debian/Ubuntu: apt-get install dbus dbus-x11 gnome-keyring libsecret-1-dev\n',
  );
  process.exit(runVitest(process.env));
}

const keyringHome = fs.mkdtempSync(path.join(os.tmpdir(), 'facteur-keyring-'));
const password = Math.random().toString(36).slice(2);
const script =
  'printf %s "$FACTEUR_TEST_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; ' +
  'exec "$0" "$@"';
const result = spawnSync('dbus-run-session', ['--', 'sh', '-c', script, process.execPath, fileURLToPath(import.meta.url), ...args], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    FACTEUR_TEST_KEYRING: 'ready',
    FACTEUR_TEST_KEYRING_PASSWORD: password,
    XDG_DATA_HOME: keyringHome,
    XDG_RUNTIME_DIR: keyringHome,
  },
});
fs.rmSync(keyringHome, { recursive: true, force: true });
process.exit(result.status ?? 1);
