// One chaos run: queue a batch, start `facteur process-queue`, SIGKILL it at a random moment (when
// a random share of the batch has reached the servers, plus a random few milliseconds), restart it
// until nothing is left to send, and account for every email.
import type { ChildProcess } from 'node:child_process';
import { spawnCli } from '../../test/helpers/cli';
import { makeDataDir, removeDataDir } from '../../test/helpers/data-dir';
import {
  account, addAccounts, deliveredCount, deliveries, enqueueBulk, listEmails, resetServers, statusCounts,
  type Accounting, type Servers,
} from './support';

export interface RunResult {
  run: number;
  mixed: boolean;
  emails: number;
  /** Deliveries the servers had seen when the kill landed. */
  killedAtDelivered: number;
  /** Whether the process was still running when killed (false: it finished first). */
  killedMidBatch: boolean;
  /** queued + sending right after the kill. */
  leftAfterKill: number;
  /** process-queue runs after the kill until nothing was due. */
  restarts: number;
  accounting: Accounting;
  seconds: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('close', () => resolve());
  });
}

/** Splits `total` across the accounts: all SMTP, or 60 % SMTP / 20 % Gmail / 20 % Outlook. */
function plan(total: number, ids: { smtp: number; gmail: number | null; outlook: number | null }): Array<{ accountId: number; count: number }> {
  if (ids.gmail === null || ids.outlook === null) return [{ accountId: ids.smtp, count: total }];
  const share = Math.floor(total / 5);
  return [
    { accountId: ids.smtp, count: total - 2 * share },
    { accountId: ids.gmail, count: share },
    { accountId: ids.outlook, count: share },
  ];
}

export async function killRun(servers: Servers, run: number, total: number, mixed: boolean, random: () => number): Promise<RunResult> {
  const started = Date.now();
  const dataDir = makeDataDir('facteur-chaos-');
  const { env } = servers;
  try {
    resetServers(servers);
    const ids = await addAccounts(dataDir, servers, { providers: mixed });
    await enqueueBulk(dataDir, plan(total, ids), `chaos run ${run}`);

    const child = spawnCli(['process-queue', '--batch-size', '100000', '--json'], { dataDir, env });
    child.stdout?.resume();
    child.stderr?.resume();
    const target = Math.floor(random() * total);
    while (deliveredCount(servers) < target && child.exitCode === null) await sleep(1);
    await sleep(Math.floor(random() * 20));
    const killedMidBatch = child.exitCode === null;
    const killedAtDelivered = deliveredCount(servers);
    child.kill('SIGKILL');
    await exited(child);

    const after = await statusCounts(dataDir, env);
    const leftAfterKill = (after.queued ?? 0) + (after.sending ?? 0);
    let restarts = 0;
    for (;;) {
      const counts = await statusCounts(dataDir, env);
      if ((counts.queued ?? 0) + (counts.sending ?? 0) + (counts.scheduled ?? 0) === 0 || restarts >= 5) break;
      restarts += 1;
      const finish = spawnCli(['process-queue', '--batch-size', '100000', '--json'], { dataDir, env });
      finish.stdout?.resume();
      let stderr = '';
      finish.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      await exited(finish);
      if (finish.exitCode !== 0) throw new Error(`run ${run}: the restarted process-queue exited ${String(finish.exitCode)}: ${stderr}`);
    }
    const accounting = account(await listEmails(dataDir, env), deliveries(servers));
    return { run, mixed, emails: total, killedAtDelivered, killedMidBatch, leftAfterKill, restarts, accounting, seconds: (Date.now() - started) / 1000 };
  } finally {
    removeDataDir(dataDir);
  }
}
