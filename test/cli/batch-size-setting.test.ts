// `settings batchSize=N` is what `process-queue` claims per run when `--batch-size` is not given;
// the flag still wins for that run. Against the real SMTP test server.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpTestServer, type SmtpTestServer } from '../fakes/smtp-test-server';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';
import { cliBench, type CliBench } from './support';

let server: SmtpTestServer;
let cli: CliBench;

beforeEach(async () => {
  server = await startSmtpTestServer();
  cli = cliBench(makeDataDir());
  await cli.addSmtpAccount(server.port);
  const jsonl = path.join(cli.dataDir, 'mails.jsonl');
  const lines = Array.from({ length: 5 }, (_, i) => JSON.stringify({ to: [{ address: 'ana@example.com' }], subject: `mail ${i}`, text: 'Bonjour' }));
  fs.writeFileSync(jsonl, `${lines.join('\n')}\n`);
  const queued = await cli.run(['enqueue', '--account', 'me@example.com', '--jsonl', jsonl]);
  expect(queued.code, queued.stderr).toBe(0);
}, 60_000);

afterEach(async () => {
  await server.close();
  removeDataDir(cli.dataDir);
});

describe('process-queue batch size', () => {
  it('uses the batchSize setting when --batch-size is not given, and the flag when it is', async () => {
    expect((await cli.run(['settings', 'batchSize=3'])).code).toBe(0);
    const first = await cli.json<{ sent: number; stoppedBy: string }>(['process-queue']);
    expect(first).toMatchObject({ sent: 3, stoppedBy: 'batch-size' });
    expect(server.received).toHaveLength(3);
    const second = await cli.json<{ sent: number }>(['process-queue', '--batch-size', '1']);
    expect(second.sent).toBe(1);
    expect(server.received).toHaveLength(4);
  }, 120_000);
});
