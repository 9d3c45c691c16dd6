// What the SIGKILL tests share: kill `facteur process-queue` at given moments, note how much was
// still waiting after each kill (to prove the kill landed mid-run), and count what reached the
// SMTP server per Message-ID.
import type { SmtpTestServer } from '../fakes/smtp-test-server';
import { runCli, spawnCli } from '../helpers/cli';
import { parseMime } from '../helpers/mime';

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
