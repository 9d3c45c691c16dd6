// `tsx bench/run-all.ts [--smoke]`: runs every benchmark in sequence, each in its own process
// (so one's memory, Redis or timers cannot skew the next), then prints one table of their figures
// from the result files. `--smoke` runs tiny sizes (under a minute in all, for CI) and writes
// to a temp dir instead of bench/results. Exits non-zero only if a script fails to run, never
// because a target is missed: these are measurements, not tests.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SMOKE, machine, resultsDir, type Figure } from './support';

const BENCHES = ['bullmq-compare', 'scale', 'desktop', 'growth', 'pacing', 'memory', 'cli-start', 'latency', 'merge'] as const;
const TSX = path.join(__dirname, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');

interface Row {
  bench: string;
  metric: string;
  value: string;
  target: string;
  met: string;
}

function main(): void {
  const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const selected = only.length > 0 ? BENCHES.filter((name) => only.includes(name)) : [...BENCHES];
  const started = performance.now();
  const failed: string[] = [];
  const seconds: Record<string, number> = {};
  for (const name of selected) {
    console.log(`\n=== ${name}${SMOKE ? ' (smoke)' : ''} ===`);
    const start = performance.now();
    // memory.ts has just built the CLI: cli-start.ts need not build it again.
    const built = name === 'cli-start' && selected.includes('memory') && !failed.includes('memory');
    const env = built ? { ...process.env, BENCH_SKIP_BUILD: '1' } : process.env;
    const result = spawnSync(process.execPath, [TSX, path.join(__dirname, `${name}.ts`), ...(SMOKE ? ['--smoke'] : [])], { stdio: 'inherit', env });
    seconds[name] = Math.round((performance.now() - start) / 100) / 10;
    if (result.status !== 0) failed.push(name);
  }
  const rows: Row[] = [];
  for (const name of selected) {
    const file = path.join(resultsDir(), `${name}.json`);
    if (failed.includes(name) || !fs.existsSync(file)) {
      rows.push({ bench: name, metric: '(failed to run)', value: '', target: '', met: '' });
      continue;
    }
    const { figures } = JSON.parse(fs.readFileSync(file, 'utf8')) as { figures: Figure[] };
    for (const figure of figures) {
      rows.push({
        bench: name,
        metric: figure.metric,
        value: `${figure.value.toLocaleString('en-US')} ${figure.unit}`,
        target: figure.target ?? '',
        met: figure.met === undefined ? '' : figure.met ? 'yes' : 'NO',
      });
    }
  }
  const m = machine();
  console.log(`\nAll benchmarks${SMOKE ? ' (smoke sizes)' : ''} on ${m.cpus} × ${m.model}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, load average ${os.loadavg().map((n) => n.toFixed(1)).join(' ')}`);
  console.log(`Took ${Math.round((performance.now() - started) / 1000)} s (${Object.entries(seconds).map(([name, s]) => `${name} ${s} s`).join(', ')}); results in ${resultsDir()}`);
  console.table(rows);
  if (failed.length > 0) {
    console.error(`failed to run: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

main();
