#!/usr/bin/env node
// `npm run setup`: everything a newcomer needs before `npm test`, in one command. Checks Node,
// installs the Debian/Ubuntu packages that are missing (only when run as root with apt-get),
// installs the npm dependencies (without Electron's binary unless asked for), builds, and says
// what it skipped and why. Uses Node built-ins only: it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const skipped = [];
const done = [];
const say = (line) => process.stdout.write(`setup: ${line}\n`);
const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const run = (command, args, env = process.env) => {
  say(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) {
    say(`failed: ${command} ${args.join(' ')} (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
};

// 1. Node: the engine, the CLI and the tests need 20.19 or later.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  say(`Node ${process.versions.node} is too old: Facteur needs Node 20.19 or later (22 LTS recommended).`);
  process.exit(1);
}
done.push(`Node ${process.versions.node}`);

// 2. System packages (Linux): native module build tools, libsecret, a Secret Service and D-Bus
//    for the keychain, Chromium for the UI tests.
const PACKAGES = { 'libsecret-1-dev': null, 'gnome-keyring': 'gnome-keyring-daemon', dbus: 'dbus-daemon', 'dbus-x11': 'dbus-launch', chromium: 'chromium', python3: 'python3', make: 'make', 'g++': 'g++' };
if (process.platform === 'linux' && has('dpkg-query')) {
  const installed = (name) => spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' }).stdout.includes('install ok installed');
  const missing = Object.keys(PACKAGES).filter((name) => !installed(name));
  if (missing.length === 0) done.push('system packages already there');
  else if (process.getuid?.() === 0 && has('apt-get')) {
    run('apt-get', ['update']);
    run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { ...process.env, DEBIAN_FRONTEND: 'noninteractive' });
    done.push(`installed ${missing.join(', ')}`);
  } else {
    skipped.push(`system packages ${missing.join(', ')}: not root, so not installed; run: sudo apt-get install ${missing.join(' ')}`);
  }
} else {
  skipped.push('system packages: not a Debian/Ubuntu system; see README "Set up" for what the native modules need');
}

// 3. npm dependencies. Electron's binary is only needed for `npm start` / `npm run dist`; where
//    it cannot be downloaded, npm install would fail after minutes, so it is skipped by default.
const wantElectron = process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '0';
const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: wantElectron ? '0' : '1' };
if (!wantElectron) skipped.push("Electron's binary: not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD=0 npm run setup to get it for npm start)");
run('npm', ['install', '--no-audit', '--no-fund'], env);
done.push('npm dependencies (native modules built for this Node)');

// 4. Build the engine, the CLI and the renderer.
run('npm', ['run', 'build'], env);
done.push('built: npx facteur --help works');

if (!has('dbus-run-session') || !has('gnome-keyring-daemon')) {
  skipped.push('keychain for the tests: dbus-run-session or gnome-keyring-daemon missing, so the keychain tests will fail');
}
if (!fs.existsSync('/usr/bin/chromium') && !has('chromium')) skipped.push('Chromium: missing, so the UI (e2e) tests cannot run');

say(`done: ${done.join('; ')}.`);
for (const line of skipped) say(`skipped: ${line}`);
say('next: npm test');
