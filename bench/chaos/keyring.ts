// The campaign's Gmail and Outlook accounts keep their tokens in the OS keychain, like `npm test`:
// on Linux the script re-executes itself inside a private D-Bus session with a throwaway, unlocked
// gnome-keyring (the same dance as test/run.mjs). Returns false when that cannot be done here.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const has = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

/**
 * Either we are already inside the keyring session (returns true), the keychain cannot be had
 * (returns false: provider runs are skipped), or this process re-runs itself inside one and exits
 * with its status (never returns).
 */
export function ensureKeyring(): boolean {
  if (process.env.FACTEUR_TEST_KEYRING === 'ready') return true;
  if (process.platform !== 'linux') return true; // macOS Keychain / Windows Credential Vault answer directly
  if (!has('dbus-run-session') || !has('gnome-keyring-daemon')) return false;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'facteur-chaos-keyring-'));
  const script =
    'printf %s "$FACTEUR_TEST_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$0" "$@"';
  // process.execArgv carries tsx's loader flags, so the child runs this same TypeScript file.
  const result = spawnSync('dbus-run-session', ['--', 'sh', '-c', script, process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: {
      ...process.env,
      FACTEUR_TEST_KEYRING: 'ready',
      FACTEUR_TEST_KEYRING_PASSWORD: Math.random().toString(36).slice(2),
      XDG_DATA_HOME: home,
      XDG_RUNTIME_DIR: home,
    },
  });
  fs.rmSync(home, { recursive: true, force: true });
  process.exit(result.status ?? 1);
}
