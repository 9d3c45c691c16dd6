// `npm run bench:queue`: measured figures for the queue on this machine — enqueue rate in bulk and one
// by one, and the claim → send → record rate through the real processor with a no-op provider.
// Prints a table and writes bench/results/queue-throughput.json. Not a test: nothing asserts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEngine } from '../src/main/core/engine';
import { readConfig } from '../src/main/core/config';
import { silentLogger } from '../src/main/core/logger';
import { MemorySecretStore } from '../src/main/core/secrets/memory-secret-store';
import { message, noopProvider } from './support';

const COUNT = Number(process.env.BENCH_EMAILS ?? 10_000);

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'facteur-bench-'));
  const engine = createEngine({
    config: readConfig({ FACTEUR_DATA_DIR: dataDir }),
    secrets: new MemorySecretStore(),
    logger: silentLogger(),
    providers: { smtp: noopProvider },
  });
  try {
    const accountId = await engine.accounts.create('smtp', { email: 'bench@example.com', displayName: null, secret: '', settings: { host: '127.0.0.1', port: 25 } });
    const items = Array.from({ length: COUNT }, (_, i) => ({ message: message(i), accountRef: accountId }));

    let start = performance.now();
    await engine.queue.queueEmails(items);
    const bulkSeconds = (performance.now() - start) / 1000;

    const single = Math.min(1_000, COUNT);
    start = performance.now();
    for (let i = 0; i < single; i += 1) await engine.queue.queueEmail(message(i), accountId);
    const singleSeconds = (performance.now() - start) / 1000;

    start = performance.now();
    const summary = await engine.process({ batchSize: COUNT + single, maxRuntimeMs: 3_600_000 });
    const processSeconds = (performance.now() - start) / 1000;

    const results = {
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      emails: COUNT,
      enqueueBulkPerSecond: Math.round(COUNT / bulkSeconds),
      enqueueOneByOnePerSecond: Math.round(single / singleSeconds),
      claimSendRecordPerSecond: Math.round(summary.sent / processSeconds),
      sent: summary.sent,
      measuredAt: new Date().toISOString(),
    };
    fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
    fs.writeFileSync(path.join(__dirname, 'results', 'queue-throughput.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log(`Facteur queue on ${results.machine.cpus} × ${results.machine.model}, ${results.machine.node}`);
    console.table({
      [`enqueue, bulk (${COUNT} in one transaction)`]: { 'emails/s': results.enqueueBulkPerSecond },
      [`enqueue, one by one (${single}, a transaction each)`]: { 'emails/s': results.enqueueOneByOnePerSecond },
      [`claim → no-op send → record (${summary.sent})`]: { 'emails/s': results.claimSendRecordPerSecond },
    });
  } finally {
    engine.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
