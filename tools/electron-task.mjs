#!/usr/bin/env node
// `npm start` / `npm run dist` after the build: rebuild the native modules (better-sqlite3,
// keytar) for Electron's ABI, run Electron or electron-builder, then — whatever happened — rebuild
// them back for Node so the CLI and `npm test` keep working. Exits non-zero when any step failed.
// `start` first checks that Electron's binary is there: installs made with
// ELECTRON_SKIP_BINARY_DOWNLOAD=1 leave it out, and the message says what to do instead of
// rebuilding everything for an app that cannot start. (`dist` needs no local binary:
// electron-builder fetches the Electron it packages.)
//
//   node tools/electron-task.mjs start|dist
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const task = process.argv[2];
const bin = (name) => path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
const NATIVE = ['better-sqlite3', 'keytar'];

if (task !== 'start' && task !== 'dist') {
  console.error('usage: node tools/electron-task.mjs start|dist');
  process.exit(2);
}

/** Where the electron package expects its binary (node_modules/electron/index.js does the same). */
function electronBinary() {
  const dir = path.join(root, 'node_modules', 'electron');
  if (!fs.existsSync(path.join(dir, 'package.json'))) return { missing: 'the electron package is not installed (npm install)' };
  let relative = null;
  try {
    relative = fs.readFileSync(path.join(dir, 'path.txt'), 'utf8');
  } catch {
    // never downloaded
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const file = override ? path.join(override, relative ?? 'electron') : relative ? path.join(dir, 'dist', relative) : null;
  if (!file || !fs.existsSync(file)) {
    return {
      missing:
        `Electron's binary is not installed${file ? ` (${file} is missing)` : ''} — installs made with ELECTRON_SKIP_BINARY_DOWNLOAD=1 leave it out.\n` +
        'Download it with `node node_modules/electron/install.js` on a machine that can reach Electron\'s release server,\n' +
        'or use what works without it: `npx facteur …` (the CLI) and `npm run dev:web` (the UI in a browser).',
    };
  }
  return { file };
}

if (task === 'start') {
  const binary = electronBinary();
  if (binary.missing) {
    console.error(`facteur: cannot start the desktop app. ${binary.missing}`);
    process.exit(1);
  }
}
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  // Electron 43's tooling (@electron/rebuild 4, @electron/get 5) declares Node >= 22.12; it may
  // still work here, but if a step fails, this is the first thing to change.
  console.warn(`facteur: warning — Electron's tooling expects Node 22.12 or newer; this is Node ${process.versions.node}.`);
}

const run = (command, args) => {
  console.log(`> ${path.basename(command)} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  return result.status ?? 1;
};

let status = run(bin('electron-builder'), ['install-app-deps']);
if (status === 0) status = task === 'start' ? run(bin('electron'), ['.']) : run(bin('electron-builder'), ['--publish', 'never']);
const back = run('npm', ['rebuild', ...NATIVE]);
if (back !== 0) console.error(`facteur: rebuilding ${NATIVE.join(' and ')} for Node failed; run \`npm rebuild ${NATIVE.join(' ')}\` before using the CLI or the tests`);
process.exit(status !== 0 ? status : back);
