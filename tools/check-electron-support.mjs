#!/usr/bin/env node
// Fails when the Electron Facteur builds with is out of support: Electron supports its three newest
// majors, so the installed major must be at least the registry's latest major minus 2. Also
// checks that node-abi (which @electron/rebuild and prebuild-install use to rebuild better-sqlite3
// for Electron) knows that major. When the registry does not answer, it says so plainly — "NOT
// CHECKED" and why — and exits 0, or 1 with --strict.
//
//   node tools/check-electron-support.mjs [--strict] [--installed X.Y.Z] [--latest X.Y.Z]
// (--installed / --latest replace the local install and the registry: offline use and tests.)
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const SUPPORTED_MAJORS = 3;

const argument = (name) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const strict = process.argv.includes('--strict');
const major = (version) => Number(/^(\d+)\./u.exec(version ?? '')?.[1] ?? NaN);

function installedVersion() {
  const given = argument('--installed');
  if (given) return given;
  try {
    return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  } catch {
    const range = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).devDependencies?.electron ?? '';
    return range.replace(/^[^\d]*/u, '');
  }
}

/** The registry's `latest` electron, through npm itself (so its registry and proxy settings apply). */
function latestVersion() {
  const given = argument('--latest');
  if (given) return Promise.resolve({ version: given });
  return new Promise((resolve) => {
    execFile('npm', ['view', 'electron', 'dist-tags.latest', '--json', '--fetch-retries=1', '--fetch-timeout=20000'], { cwd: root, timeout: 60_000, encoding: 'utf8', shell: process.platform === 'win32' }, (error, stdout, stderr) => {
      if (error) {
        let why = error.killed ? 'no answer within 60 s' : '';
        try {
          const answer = JSON.parse(stdout).error;
          why ||= [answer.code, answer.summary].filter(Boolean).join(': ');
        } catch {
          why ||= `${stderr}`.split('\n').find((line) => /error/iu.test(line)) ?? error.message;
        }
        return resolve({ error: why.trim() });
      }
      try {
        resolve({ version: JSON.parse(stdout) });
      } catch {
        resolve({ error: `unreadable answer: ${stdout.slice(0, 200)}` });
      }
    });
  });
}

function nodeAbiKnows(version) {
  try {
    const { getAbi } = require('node-abi');
    return { abi: getAbi(version, 'electron') };
  } catch (error) {
    return { error: error.message };
  }
}

const installed = installedVersion();
let failed = false;
if (Number.isNaN(major(installed))) {
  console.error(`electron support: cannot tell which electron is installed ("${installed}")`);
  process.exit(1);
}
const abi = nodeAbiKnows(installed);
if (abi.error) {
  console.error(`electron support: ✗ node-abi does not know electron ${installed} (${abi.error}); native modules cannot be rebuilt for it — update node-abi/@electron/rebuild`);
  failed = true;
} else {
  console.log(`electron support: node-abi knows electron ${installed} (ABI ${abi.abi})`);
}
const latest = await latestVersion();
if (latest.error) {
  console.log(`electron support: ⚠ NOT CHECKED — the npm registry did not answer (${latest.error}); electron ${installed} may be out of support`);
  process.exit(failed || strict ? 1 : 0);
}
const oldest = major(latest.version) - (SUPPORTED_MAJORS - 1);
if (major(installed) < oldest) {
  console.error(
    `electron support: ✗ electron ${installed} is out of support — the registry's latest is ${latest.version}, and Electron supports only majors ${oldest}–${major(latest.version)}; move to ${oldest} or newer (check better-sqlite3 and keytar build for it)`,
  );
  failed = true;
} else {
  console.log(`electron support: electron ${installed} is supported (latest ${latest.version}; supported majors ${oldest}–${major(latest.version)})`);
}
process.exit(failed ? 1 : 0);
