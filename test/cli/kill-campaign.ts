// What the SIGKILL tests share: a slow SMTP server and a data dir full of queued mail, kill
// `facteur process-queue` at given moments, note how much was still waiting after each kill (to
// prove the kill landed mid-run), and count what reached the SMTP server per Message-ID.
import { afterAll, beforeAll } from 'vitest';
import type { EnqueueOptions } from '../../src/main/core/queue/enqueue-preparation';
import { startSmtpTestServer, type SmtpTestServer } from '../fakes/smtp-test-server';
import { runCli, spawnCli } from '../helpers/cli';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';
import { addSmtpAccount, makeEngine } from '../helpers/engine';
import { parseMime } from '../helpers/mime';

export interface KillCampaign {
  readonly server: SmtpTestServer;
  readonly dataDir: string;
}

export type QueuedMail = Array<{ message: unknown; accountRef: number; options?: EnqueueOptions }>;

/**
 * Before the file's tests: an SMTP server slow enough for a run to be killed mid-way, and a data
 * dir whose one account (fast limits, two sends at a time) holds the mail `mail` returns. Both are
 * removed after the tests.
 */
export function useKillCampaign(mail: (accountId: number) => QueuedMail): KillCampaign {
  let server: SmtpTestServer | undefined;
  let dataDir: string | undefined;
  beforeAll(async () => {
    // Each message takes the server 40 ms to accept, so a run lasts long enough to be killed.
    server = await startSmtpTestServer({ delayMs: 40 });
    dataDir = makeDataDir();
    const engine = makeEngine({ dataDir });
    const accountId = await addSmtpAccount(engine, server.port);
    engine.accounts.setLimits(accountId, { perMinute: 10_000, concurrency: 2 });
    await engine.queue.queueEmails(mail(accountId));
    engine.close();
  });
  afterAll(async () => {
    await server?.close();
    if (dataDir) removeDataDir(dataDir);
  });
  return {
    get server() {
      if (!server) throw new Error('The SMTP server starts in beforeAll: use it inside a test.');
      return server;
    },
    get dataDir() {
      if (!dataDir) throw new Error('The data dir is made in beforeAll: use it inside a test.');
      return dataDir;
    },
  };
}

async function killAfter(dataDir: string, ms: number): Promise<void> {
  const child = spawnCli(['process-queue', '--batch-size', '1000'], { dataDir });
  await new Promise((resolve) => setTimeout(resolve, ms));
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('close', resolve));
}

/** Runs and kills `process-queue` once per delay (ms); returns, per kill, the mail queued or leased after it. */
export async function killRuns(dataDir: string, delays: number[]): Promise<number[]> {
  const left: number[] = [];
  for (const delay of delays) {
    await killAfter(dataDir, delay);
    const counts = JSON.parse((await runCli(['status', '--json'], { dataDir })).stdout) as Record<string, number>;
    left.push((counts.queued ?? 0) + (counts.sending ?? 0));
  }
  return left;
}

/** How many times each Message-ID reached the server. */
export function deliveriesByMessageId(server: SmtpTestServer): Map<string, number> {
  const deliveries = new Map<string, number>();
  for (const mail of server.received) {
    const id = parseMime(mail.raw).headers.get('message-id') ?? '';
    deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
  }
  return deliveries;
}
