#!/usr/bin/env node
// Entry point for `npx facteur`: runs the compiled command line (npm run build first).
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const compiled = path.join(__dirname, '..', 'dist', 'main', 'core', 'cli');
if (!fs.existsSync(path.join(compiled, 'main.js'))) {
  process.stderr.write('facteur: not built yet — run `npm run build` in ' + path.dirname(__dirname) + ' first (or use `npm run cli -- <command>`).\n');
  process.exit(1);
}
// `status --json` (cron, every few minutes) and `--version` answer without loading the engine
// when they can (src/main/core/cli/fast-path.ts); anything else, or any doubt, runs the full CLI.
// A reader that goes away (`facteur list | head -1`) ends the output quietly, not with a stack trace.
if (fs.existsSync(path.join(compiled, 'closed-pipe.js'))) {
  const { ignoreClosedPipe } = require(path.join(compiled, 'closed-pipe.js'));
  ignoreClosedPipe(process.stdout);
  ignoreClosedPipe(process.stderr);
}
const args = process.argv.slice(2);
const fast = args.length <= 2 && fs.existsSync(path.join(compiled, 'fast-path.js'))
  ? require(path.join(compiled, 'fast-path.js')).runFastPath(args, { stdout: (text) => process.stdout.write(text), env: process.env })
  : null;
if (fast !== null) process.exitCode = fast;
else require(path.join(compiled, 'main.js')).main(process.argv).then((code) => { process.exitCode = code; });
