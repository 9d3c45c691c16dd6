#!/usr/bin/env node
// Runs Electronegativity over src/ and fails on any finding above LOW that is not reviewed in
// docs/security.md ("Electronegativity findings"). Used by `npm run electronegativity` and CI.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const bin = path.join(here, 'node_modules', '.bin', 'electronegativity');
if (!fs.existsSync(bin)) {
  console.error(`electronegativity is not installed: run \`npm ci --prefix ${path.relative(root, here)}\``);
  process.exit(1);
}

/**
 * Reviewed findings: check id → files where it is accepted, and why (the same text is in
 * docs/security.md). Electronegativity flags every call to shell.openExternal for review; each of
 * ours passes through isAllowedExternalUrl first.
 */
const REVIEWED = {
  OPEN_EXTERNAL_JS_CHECK: {
    files: ['main/main.ts', 'main/security.ts', 'main/core/ipc/handlers.ts'],
    why: 'every URL is checked against the https allowlist in core/security/external-links.ts first',
  },
  PRELOAD_JS_CHECK: {
    files: ['main/window.ts'],
    why: 'the one preload (main/preload.ts) requires only electron and exposes a contract-typed invoke/on through contextBridge, never ipcRenderer itself',
  },
};

const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'eneg-')), 'report.csv');
const run = spawnSync(bin, ['-i', path.join(root, 'src'), '-e', '39.8.10', '-r', '-o', report], { encoding: 'utf8' });
if (!fs.existsSync(report)) {
  console.error(run.stdout, run.stderr);
  process.exit(1);
}

/**
 * The report's first five columns: check, severity, confidence, file, line:column. Only those are
 * read, line by line: the later "sample" column quotes source code as it is (quotes and line
 * breaks included), which no CSV reader can be trusted with.
 */
const ROW = /^"?([A-Z][A-Z0-9_]+)"?,\s*"?(INFORMATIONAL|LOW|MEDIUM|HIGH)"?,\s*"?(TENTATIVE|FIRM|CERTAIN)"?,\s*"?([^",]+)"?,\s*"?(\d+:\d+)"?/u;
const lines = fs.readFileSync(report, 'utf8').split(/\r?\n/u);
const findings = lines
  .map((line) => ROW.exec(line))
  .filter((match) => match !== null)
  .map((match) => match.slice(1));
// Every line that starts like a finding must have been read as one; otherwise the format changed
// and a finding could slip through unread.
const started = lines.filter((line) => /^"?[A-Z][A-Z0-9_]+_CHECK"?,/u.test(line)).length;
if (started !== findings.length) {
  console.error(`electronegativity: read ${findings.length} of ${started} findings in ${report}; the report format changed`);
  process.exit(1);
}

let failing = 0;
for (const [issue, severity, confidence, file, location] of findings) {
  if (!issue) continue;
  const reviewed = REVIEWED[issue]?.files.includes(file);
  const blocking = severity !== 'LOW' && !reviewed;
  if (blocking) failing += 1;
  const note = severity === 'LOW' ? 'low' : reviewed ? `reviewed: ${REVIEWED[issue].why}` : 'NOT REVIEWED';
  console.log(`${blocking ? '✗' : '·'} ${issue} ${severity}/${confidence} ${file}:${location} — ${note}`);
}
console.log(`electronegativity: ${findings.length} findings, ${failing} above low and not reviewed`);
process.exit(failing > 0 ? 1 : 0);
