// Compiles the main process once so tests can run the real `facteur` command (bin/facteur.js),
// exactly as `npx facteur` runs after `npm run build`.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
  const root = path.resolve(__dirname, '..', '..');
  try {
    execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
      cwd: root,
      stdio: 'pipe',
    });
  } catch (error) {
    // Type errors still emit JavaScript; `npm run typecheck` is the gate for them. Only fail when
    // nothing could be emitted.
    const output = String((error as { stdout?: Buffer }).stdout ?? '');
    if (!/error TS/u.test(output)) throw error;
    process.stderr.write(`tsc reported type errors (tests continue; run npm run typecheck):\n${output.slice(0, 2000)}\n`);
  }
}
