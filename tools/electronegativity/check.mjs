#!/usr/bin/env node
// Runs Electronegativity over src/ and fails on any finding above LOW that is not accepted here,
// finding by finding: the check, the file, and the source line it points at (a snippet of it, so
// an edit above it does not matter). A new finding in a file that already has an accepted one
// still fails. Each acceptance is explained in docs/security.md ("Electronegativity findings").
// Used by `npm run electronegativity` and CI.
//
//   node tools/electronegativity/check.mjs                 run Electronegativity, then judge
//   node tools/electronegativity/check.mjs --report F.csv  judge an existing report (tests)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const src = path.join(root, 'src');

/**
 * Accepted findings. Electronegativity flags every call to shell.openExternal and every preload
 * for review; these are the ones reviewed.
 */
const ACCEPTED = [
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'main/main.ts',
    source: 'openExternal: (url) => shell.openExternal(url)',
    why: 'the IPC platform hook; its only caller (core/ipc/handler-context.ts) checks the URL against the https allowlist first',
  },
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'main/core/ipc/handler-context.ts',
    source: 'await platform.openExternal(url)',
    why: 'runs only after isAllowedExternalUrl accepted the URL (https, provider sign-in and help hosts)',
  },
  {
    check: 'PRELOAD_JS_CHECK',
    file: 'main/window.ts',
    source: 'preload: options.preload',
    why: 'the one preload (main/preload.ts) requires only electron and exposes a contract-typed invoke/on through contextBridge, never ipcRenderer itself',
  },
];

function electronVersion() {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  } catch {
    return JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).devDependencies.electron.replace(/^[^\d]*/u, '');
  }
}

function runElectronegativity() {
  const bin = path.join(here, 'node_modules', '.bin', 'electronegativity');
  if (!fs.existsSync(bin)) {
    console.error(`electronegativity is not installed: run \`npm ci --prefix ${path.relative(root, here)}\``);
    process.exit(1);
  }
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'eneg-')), 'report.csv');
  const run = spawnSync(bin, ['-i', src, '-e', electronVersion(), '-r', '-o', report], { encoding: 'utf8' });
  if (!fs.existsSync(report)) {
    console.error(run.stdout, run.stderr);
    process.exit(1);
  }
  return report;
}

const flag = process.argv.indexOf('--report');
const report = flag > 0 ? path.resolve(process.argv[flag + 1] ?? '') : runElectronegativity();

/**
 * The report's first five columns: check, severity, confidence, file, line:column. Only those are
 * read, line by line: the later "sample" column quotes source code as it is (quotes and line
 * breaks included), which no CSV reader can be trusted with.
 */
const ROW = /^"?([A-Z][A-Z0-9_]+)"?,\s*"?(INFORMATIONAL|LOW|MEDIUM|HIGH)"?,\s*"?(TENTATIVE|FIRM|CERTAIN)"?,\s*"?([^",]+)"?,\s*"?(\d+):(\d+)"?/u;
const lines = fs.readFileSync(report, 'utf8').split(/\r?\n/u);
const findings = lines
  .map((line) => ROW.exec(line))
  .filter((match) => match !== null)
  .map(([, check, severity, confidence, file, line, column]) => ({ check, severity, confidence, file, line: Number(line), column: Number(column) }));
// Every line that starts like a finding must have been read as one; otherwise the format changed
// and a finding could slip through unread.
const started = lines.filter((line) => /^"?[A-Z][A-Z0-9_]+_CHECK"?,/u.test(line)).length;
if (started !== findings.length) {
  console.error(`electronegativity: read ${findings.length} of ${started} findings in ${report}; the report format changed`);
  process.exit(1);
}

function sourceLine(file, line) {
  try {
    return fs.readFileSync(path.join(src, file), 'utf8').split(/\r?\n/u)[line - 1] ?? '';
  } catch {
    return '';
  }
}

let failing = 0;
const used = new Set();
for (const finding of findings) {
  const text = sourceLine(finding.file, finding.line);
  const accepted = ACCEPTED.find((entry) => entry.check === finding.check && entry.file === finding.file && text.includes(entry.source));
  if (accepted) used.add(accepted);
  const blocking = finding.severity !== 'LOW' && finding.severity !== 'INFORMATIONAL' && !accepted;
  if (blocking) failing += 1;
  const note = accepted ? `accepted: ${accepted.why}` : blocking ? `NOT ACCEPTED — \`${text.trim().slice(0, 100)}\`` : 'low';
  console.log(`${blocking ? '✗' : '·'} ${finding.check} ${finding.severity}/${finding.confidence} ${finding.file}:${finding.line}:${finding.column} — ${note}`);
}
for (const entry of ACCEPTED) {
  if (!used.has(entry)) console.log(`note: accepted ${entry.check} in ${entry.file} (\`${entry.source}\`) no longer occurs; remove it from ${path.relative(root, fileURLToPath(import.meta.url))}`);
}
console.log(`electronegativity: ${findings.length} findings, ${failing} above low and not accepted`);
process.exit(failing > 0 ? 1 : 0);
