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

/** Minimal CSV reader (quoted fields, doubled quotes). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field.trim());
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n') endRow();
    else if (c !== '\r') field += c;
  }
  if (field || row.length) endRow();
  return rows;
}

const [, ...findings] = parseCsv(fs.readFileSync(report, 'utf8'));
let failing = 0;
for (const [issue, severity, confidence, file, location] of findings) {
  if (!issue) continue;
  const reviewed = REVIEWED[issue]?.files.includes(file);
  const blocking = severity !== 'LOW' && !reviewed;
  if (blocking) failing += 1;
  const note = severity === 'LOW' ? 'low' : reviewed ? `reviewed: ${REVIEWED[issue].why}` : 'NOT REVIEWED';
  console.log(`${blocking ? '✗' : '·'} ${issue} ${severity}/${confidence} ${file}:${location} — ${note}`);
}
console.log(`electronegativity: ${findings.filter((f) => f[0]).length} findings, ${failing} above low and not reviewed`);
process.exit(failing > 0 ? 1 : 0);
