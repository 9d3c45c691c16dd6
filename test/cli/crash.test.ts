// SIGKILL `facteur process-queue` mid-batch at several moments, run it again, and check the one
// promise that matters: nothing lost, nothing delivered twice, every uncertain email accounted for.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { simpleMessage } from '../helpers/engine';
import { deliveriesByMessageId, killRuns, useKillCampaign } from './kill-campaign';

const TOTAL = 60;
const campaign = useKillCampaign((accountId) =>
  Array.from({ length: TOTAL }, (_, i) => ({ message: simpleMessage(`r${i}@example.com`, { subject: `crash ${i}` }), accountRef: accountId })),
);

describe('a batch killed with SIGKILL', () => {
  it('loses nothing and delivers nothing twice across kills and restarts', async () => {
    const { dataDir, server } = campaign;
    const interrupted = await killRuns(dataDir, [400, 250, 700, 150]);
    // The kills really landed mid-batch: mail was still waiting (or leased) after them.
    expect(interrupted.filter((left) => left > 0).length).toBeGreaterThanOrEqual(3);
    const finish = await runCli(['process-queue', '--batch-size', '1000', '--json'], { dataDir });
    expect(finish.code).toBe(0);
    const list = await runCli(['list', '--json', '--limit', '1000'], { dataDir });
    const emails = JSON.parse(list.stdout) as Array<{ id: number; status: string; messageId: string }>;
    expect(emails).toHaveLength(TOTAL);

    const deliveries = deliveriesByMessageId(server);
    const duplicated = [...deliveries.values()].filter((count) => count > 1).length;
    const lost = emails.filter((email) => {
      const delivered = deliveries.get(email.messageId) ?? 0;
      if (email.status === 'sent') return delivered !== 1; // claimed sent but not (exactly once) there
      return email.status !== 'uncertain' && email.status !== 'failed';
    });
    const uncertain = emails.filter((email) => email.status === 'uncertain');
    const statuses = emails.reduce<Record<string, number>>((acc, email) => ({ ...acc, [email.status]: (acc[email.status] ?? 0) + 1 }), {});

    expect(duplicated).toBe(0);
    expect(lost).toEqual([]);
    // Each uncertain email arrived at most once, and the user can see it.
    for (const email of uncertain) expect(deliveries.get(email.messageId) ?? 0).toBeLessThanOrEqual(1);
    expect((statuses.sent ?? 0) + uncertain.length).toBe(TOTAL);
    const status = await runCli(['status', '--json'], { dataDir });
    expect(JSON.parse(status.stdout)).toMatchObject({ sending: 0, queued: 0 });
  });
});
