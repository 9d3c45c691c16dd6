#!/usr/bin/env node
// Advisory check for CI. `npm audit --omit=dev` covers what ships in the app's node_modules but
// skips Electron, which is a dev dependency only in npm's eyes — its binary *is* the app — so
// Electron is audited on its own too.
//
// Policy: a high or critical advisory in a production dependency or in electron fails (exit 1);
// moderate and low ones for electron are printed. When the registry's audit endpoint does not
// answer (offline, a proxy that refuses POST), the check says "NOT CHECKED" and why, on its own
// line, and exits 0 — or 1 with --strict (use it where the endpoint is known to be reachable).
//
//   node tools/audit-dependencies.mjs [--strict]
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const strict = process.argv.includes('--strict');
const BLOCKING = new Set(['high', 'critical']);

/** `npm audit --json` → the report, or why there is none. */
function audit(extra) {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['audit', '--json', '--fetch-retries=1', '--fetch-timeout=30000', ...extra],
      { cwd: root, timeout: 180_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8', shell: process.platform === 'win32' },
      (error, stdout, stderr) => {
        let report;
        try {
          report = JSON.parse(stdout);
        } catch {
          return resolve({ why: error?.killed ? 'no answer within 180 s' : (stderr.split('\n').find((l) => /error/iu.test(l)) ?? 'no readable answer').trim() });
        }
        // npm exits non-zero both for findings (a report) and for a failed request (an error object).
        if (report.vulnerabilities === undefined) {
          return resolve({ why: String(report.message ?? report.error?.summary ?? report.error?.code ?? 'the audit endpoint returned an error') });
        }
        resolve({ report });
      },
    );
  });
}

const advisories = (entry) => (entry?.via ?? []).filter((via) => typeof via === 'object');
let failed = false;
let unchecked = false;

const production = await audit(['--omit=dev']);
if (production.why) {
  unchecked = true;
  console.log(`audit: ⚠ NOT CHECKED — production dependencies: ${production.why}`);
} else {
  const blocking = Object.values(production.report.vulnerabilities).filter((entry) => BLOCKING.has(entry.severity));
  for (const entry of blocking) console.error(`audit: ✗ ${entry.severity} advisory in production dependency ${entry.name} (${entry.range}): ${advisories(entry).map((a) => `${a.title} ${a.url}`).join('; ') || `via ${entry.via.join(', ')}`}`);
  console.log(`audit: production dependencies — ${blocking.length} high or critical`);
  failed ||= blocking.length > 0;
}

const everything = await audit([]);
if (everything.why) {
  unchecked = true;
  console.log(`audit: ⚠ NOT CHECKED — electron: ${everything.why}`);
} else {
  const found = advisories(everything.report.vulnerabilities.electron);
  for (const advisory of found) {
    const blocking = BLOCKING.has(advisory.severity);
    failed ||= blocking;
    const line = `audit: ${blocking ? '✗' : '⚠'} electron ${advisory.severity}: ${advisory.title} (${advisory.range}) ${advisory.url}`;
    if (blocking) console.error(line);
    else console.log(line);
  }
  console.log(`audit: electron — ${found.length} advisories, ${found.filter((a) => BLOCKING.has(a.severity)).length} high or critical`);
}

process.exit(failed || (unchecked && strict) ? 1 : 0);
