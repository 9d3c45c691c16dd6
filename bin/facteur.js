#!/usr/bin/env node
// Entry point for `npx facteur`: runs the compiled command line (npm run build first).
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const compiled = path.join(__dirname, '..', 'dist', 'main', 'core', 'cli', 'main.js');
if (!fs.existsSync(compiled)) {
  process.stderr.write('facteur: not built yet — run `npm run build` in ' + path.dirname(__dirname) + ' first (or use `npm run cli -- <command>`).\n');
  process.exit(1);
}
require(compiled).main(process.argv).then((code) => { process.exitCode = code; });
