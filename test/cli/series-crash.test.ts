// SIGKILL `facteur process-queue` while it sends the first occurrences of many daily series, run
// it again, and check the promise of repeating mail: each occurrence reached the server at most
// once (exactly once when it says sent), and every series has exactly one next occurrence — the
// next one is written in the transaction that records the previous one leaving, so a kill between
// "sent" and "next made" cannot happen, and a series left without one is repaired at start-up.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { simpleMessage } from '../helpers/engine';
import { deliveriesByMessageId, killRuns, useKillCampaign } from './kill-campaign';

const SERIES = 40;
const campaign = useKillCampaign((accountId) =>
  Array.from({ length: SERIES }, (_, i) => ({
    message: simpleMessage(`r${i}@example.com`, { subject: `daily ${i}` }),
    accountRef: accountId,
    options: { repeat: 'FREQ=DAILY', timeZone: 'Europe/Paris' },
  })),
);

interface Item {
  id: number;
  status: string;
  messageId: string;
  seriesId: number | null;
  sendAt: string;
}

describe('repeating mail killed with SIGKILL mid-run', () => {
  it('makes neither a duplicate nor a gap: one delivery per occurrence, one next occurrence per series', { timeout: 300_000 }, async () => {
    const { dataDir, server } = campaign;
    const interrupted = await killRuns(dataDir, [500, 300, 800, 200]);
    // The kills really landed mid-run: first occurrences were still waiting (or leased) after them.
    expect(interrupted.filter((left) => left > 0).length).toBeGreaterThanOrEqual(2);
    const finish = await runCli(['process-queue', '--batch-size', '1000', '--json'], { dataDir });
    expect(finish.code, finish.stderr).toBe(0);
    const items = JSON.parse((await runCli(['list', '--json', '--limit', '1000'], { dataDir })).stdout) as Item[];

    const deliveries = deliveriesByMessageId(server);
    expect([...deliveries.values()].filter((count) => count > 1)).toEqual([]);
    const bySeries = new Map<number, Item[]>();
    for (const item of items) {
      expect(item.seriesId).not.toBeNull();
      bySeries.set(item.seriesId as number, [...(bySeries.get(item.seriesId as number) ?? []), item]);
    }
    expect(bySeries.size).toBe(SERIES);
    for (const occurrences of bySeries.values()) {
      // The first occurrence left (sent exactly once, or uncertain and delivered at most once)…
      const left = occurrences.filter((item) => item.status === 'sent' || item.status === 'uncertain');
      expect(left).toHaveLength(1);
      const first = left[0] as Item;
      if (first.status === 'sent') expect(deliveries.get(first.messageId)).toBe(1);
      else expect(deliveries.get(first.messageId) ?? 0).toBeLessThanOrEqual(1);
      // …and exactly one next occurrence waits, a day after it: no duplicate, no gap.
      const next = occurrences.filter((item) => item.status === 'scheduled');
      expect(next).toHaveLength(1);
      expect(Math.abs(Date.parse((next[0] as Item).sendAt) - Date.parse(first.sendAt) - 86_400_000)).toBeLessThan(1_000);
      expect(occurrences).toHaveLength(2);
    }
  });
});
