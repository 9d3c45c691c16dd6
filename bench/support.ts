// Shared pieces of the benchmark scripts (bench/*.ts): the machine description, the realistic
// message of bench/queue-throughput.ts, a no-op provider, a throwaway engine, percentiles, and the
// result files every script writes (bench/results/<name>.json; smoke runs go to a temp dir so a
// CI run never overwrites the committed figures). Nothing here asserts: scripts print figures.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createEngine, type Engine } from '../src/main/core/engine';
import { readConfig } from '../src/main/core/config';
import { silentLogger } from '../src/main/core/logger';
import { MemorySecretStore } from '../src/main/core/secrets/memory-secret-store';
import type { AccountLimits } from '../src/shared/domain';
import type { EmailProvider } from '../src/main/core/providers/email-provider';
import type { ProviderRegistry } from '../src/main/core/providers/registry';
import type { Clock } from '../src/main/core/clock';

export const SMOKE = process.argv.includes('--smoke');

/** One line of a script's summary: what was measured, the figure, and the target if any. */
export interface Figure {
  metric: string;
  value: number;
  unit: string;
  target?: string;
  met?: boolean;
}

export interface Machine {
  cpus: number;
  model: string;
  memoryGiB: number;
  node: string;
  os: string;
  /** 1, 5 and 15-minute load averages when the figures were taken (other work skews them). */
  loadAverage: number[];
}

export function machine(): Machine {
  return {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    loadAverage: os.loadavg().map((n) => Math.round(n * 10) / 10),
  };
}

export function resultsDir(): string {
  const dir = SMOKE ? path.join(os.tmpdir(), 'facteur-bench-smoke') : path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Writes bench/results/<name>.json: the machine, the figures, and whatever details the script keeps. */
export function writeResults(name: string, figures: Figure[], details: Record<string, unknown>): string {
  const file = path.join(resultsDir(), `${name}.json`);
  const body = { bench: name, smoke: SMOKE, machine: machine(), measuredAt: new Date().toISOString(), figures, ...details };
  fs.writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  return file;
}

export function printFigures(title: string, figures: Figure[]): void {
  console.log(`\n${title}`);
  const rows: Record<string, Record<string, string | number>> = {};
  for (const figure of figures) {
    rows[figure.metric] = {
      value: figure.value,
      unit: figure.unit,
      target: figure.target ?? '',
      met: figure.met === undefined ? '' : figure.met ? 'yes' : 'NO',
    };
  }
  console.table(rows);
}

export const UNLIMITED: AccountLimits = {
  perDay: 1e9,
  perMinute: 1e9,
  recipientsPerDay: 1e12,
  maxRecipients: 1_000,
  maxMessageBytes: 1e9,
  concurrency: 16,
};

/** Accepts every message at once: measures the engine, not a network. */
export const noopProvider: EmailProvider = {
  kind: 'smtp',
  defaultLimits: () => UNLIMITED,
  send: (message) => Promise.resolve({ providerMessageId: `noop-${message.emailId}`, response: '250 ok' }),
};

/** The realistic message of bench/queue-throughput.ts: a few recipients, a subject, ~2 KB of text and HTML. */
export function message(i: number) {
  const paragraph = 'Bonjour, voici le compte rendu de la réunion de lundi et les prochaines étapes. ';
  return {
    to: [{ address: `client${i}@example.com`, name: `Client ${i}` }],
    cc: [{ address: 'team@example.com', name: 'Team' }],
    subject: `Compte rendu n°${i}`,
    text: paragraph.repeat(12),
    html: `<p>${paragraph.repeat(12)}</p>`,
  };
}

export interface BenchEngine {
  engine: Engine;
  dataDir: string;
  dispose(): void;
}

/** A real engine on a real SQLite file in a temp dir (same disk as Redis's, for a fair fsync). */
export function benchEngine(options: { providers?: Partial<ProviderRegistry>; clock?: Clock; dataDir?: string } = {}): BenchEngine {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'facteur-bench-'));
  const engine = createEngine({
    config: readConfig({ FACTEUR_DATA_DIR: dataDir }),
    secrets: new MemorySecretStore(),
    logger: silentLogger(),
    providers: options.providers ?? { smtp: noopProvider },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    engine,
    dataDir,
    dispose() {
      engine.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function addNoopAccount(engine: Engine, email = 'bench@example.com'): Promise<number> {
  return engine.accounts.create('smtp', { email, displayName: null, secret: '', settings: { host: '127.0.0.1', port: 25 } });
}

/** The p-th percentile (0–100) of `values`, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export const round = (value: number, digits = 0): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** Runs `main`, prints its error and sets a failing exit code if it throws. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

/** Min / median / max of a set of samples (what every bench table reports). */
export function spread(values: number[]): { min: number; median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0] ?? Number.NaN, median: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN };
}
