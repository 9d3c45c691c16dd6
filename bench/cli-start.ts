// `tsx bench/cli-start.ts [--smoke]`: cold start of `facteur status --json` (bin/facteur.js, a new
// Node process each time, as cron runs it every 5 minutes) on a data dir of 1 k emails, against
// the floor any CLI on this stack pays: `node -e "require('better-sqlite3')"`. Interleaved rounds;
// wall time from spawn to exit. Builds the CLI first (tsc -p tsconfig.build.json) unless
// BENCH_SKIP_BUILD=1. Target: ≤ 1.5× the floor.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SMOKE, addNoopAccount, benchEngine, message, printFigures, round, runMain, spread, writeResults, type Figure } from './support';

const ROOT = path.join(__dirname, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (SMOKE ? 3 : 15));

function wallMs(args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${String(result.status)}: ${result.stderr.toString()}`);
  return elapsed;
}

async function main(): Promise<void> {
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    console.log('building the CLI (tsc -p tsconfig.build.json)…');
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
  }
  const bench = benchEngine();
  const samples = { status: [] as number[], floor: [] as number[] };
  try {
    const accountId = await addNoopAccount(bench.engine);
    await bench.engine.queue.queueEmails(Array.from({ length: 1_000 }, (_, i) => ({ message: message(i), accountRef: accountId })));
    await bench.engine.process({ batchSize: 800, maxRuntimeMs: 600_000 });
    bench.engine.close();
    const env = { ...process.env, FACTEUR_DATA_DIR: bench.dataDir };
    const status = [path.join(ROOT, 'bin', 'facteur.js'), 'status', '--json'];
    const floor = ['-e', "require('better-sqlite3')"];
    wallMs(status, env); // warm the file cache for both
    wallMs(floor, env);
    for (let round = 0; round < ROUNDS; round += 1) {
      samples.status.push(wallMs(status, env));
      samples.floor.push(wallMs(floor, env));
    }
  } finally {
    fs.rmSync(bench.dataDir, { recursive: true, force: true });
  }
  const s = spread(samples.status);
  const f = spread(samples.floor);
  const ratio = round(s.median / f.median, 2);
  const figures: Figure[] = [
    { metric: '`facteur status --json`, new process (min / median / max)', value: round(s.median, 1), unit: `ms (${round(s.min, 1)} / ${round(s.max, 1)})` },
    { metric: "`node -e \"require('better-sqlite3')\"` (min / median / max)", value: round(f.median, 1), unit: `ms (${round(f.min, 1)} / ${round(f.max, 1)})` },
    { metric: 'status --json ÷ floor (medians)', value: ratio, unit: '×', target: '≤ 1.5×', met: ratio <= 1.5 },
  ];
  const file = writeResults('cli-start', figures, { rounds: ROUNDS, samples });
  printFigures(`CLI cold start, ${ROUNDS} interleaved rounds — ${file}`, figures);
}

if (require.main === module) runMain(main);
