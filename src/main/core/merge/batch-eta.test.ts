import { describe, expect, it } from 'vitest';
import { DAY_MS, MINUTE_MS } from '../processor/pacing';
import { estimateFinish } from './batch-eta';

const now = 1_800_000_000_000;
const mine = (count: number, due = now) => Array.from({ length: count }, () => ({ due, mine: true }));

describe('estimateFinish', () => {
  it('is null when the batch has nothing waiting', () => {
    expect(estimateFinish({ now, limits: { perDay: 500, perMinute: 60 }, recentSends: [], queue: [{ due: now, mine: false }] })).toBeNull();
  });

  it('sends a burst at once, then spreads the rest evenly over the minute', () => {
    // perMinute 60: a burst of 10, then one every 61 s / 60; 120 emails take about two minutes.
    const eta = estimateFinish({ now, limits: { perDay: 10_000, perMinute: 60 }, recentSends: [], queue: mine(120) }) as number;
    expect(eta - now).toBeGreaterThan(1.8 * MINUTE_MS);
    expect(eta - now).toBeLessThan(2.1 * MINUTE_MS);
    expect(estimateFinish({ now, limits: { perDay: 10_000, perMinute: 60 }, recentSends: [], queue: mine(5) })).toBe(now);
  });

  it('waits for the rolling day when the daily count is used up', () => {
    const recentSends = Array.from({ length: 500 }, (_, i) => now - DAY_MS + 3_600_000 + i);
    const eta = estimateFinish({ now, limits: { perDay: 500, perMinute: 60 }, recentSends, queue: mine(1) });
    expect(eta).toBe((recentSends[0] as number) + DAY_MS);
    // 1,200 emails at 500 a day: the last leaves on the third day.
    const long = estimateFinish({ now, limits: { perDay: 500, perMinute: 600 }, recentSends: [], queue: mine(1200) }) as number;
    expect(long - now).toBeGreaterThan(2 * DAY_MS);
    expect(long - now).toBeLessThan(2 * DAY_MS + 10 * MINUTE_MS);
  });

  it('counts mail queued ahead on the same account, not mail behind it', () => {
    const limits = { perDay: 10_000, perMinute: 30 };
    const alone = estimateFinish({ now, limits, recentSends: [], queue: mine(30) }) as number;
    const behind = estimateFinish({ now, limits, recentSends: [], queue: [...mine(30), ...Array.from({ length: 300 }, () => ({ due: now, mine: false }))] });
    const ahead = estimateFinish({ now, limits, recentSends: [], queue: [...Array.from({ length: 300 }, () => ({ due: now, mine: false })), ...mine(30)] }) as number;
    expect(behind).toBe(alone);
    expect(ahead - alone).toBeGreaterThan(9 * MINUTE_MS);
  });

  it('starts no earlier than the rows’ own send time or the provider’s back-off', () => {
    const limits = { perDay: 10_000, perMinute: 60 };
    expect(estimateFinish({ now, limits, recentSends: [], queue: mine(1, now + 3_600_000) })).toBe(now + 3_600_000);
    expect(estimateFinish({ now, limits, recentSends: [], queue: mine(1), pausedUntil: now + 60_000 })).toBe(now + 60_000);
  });

  it('sends only inside the window: the burst starts again at the opening', () => {
    const limits = { perDay: 10_000, perMinute: 60 };
    const hour = 3_600_000;
    // Open for the first minute of each hour only.
    const openAt = (at: number): number => ((at - now) % hour < MINUTE_MS ? at : now + Math.ceil((at - now) / hour) * hour);
    const eta = estimateFinish({ now, limits, recentSends: [], queue: mine(120), openAt }) as number;
    // About 60 leave in the first minute, 60 in the next hour's first minute.
    expect(eta - now).toBeGreaterThanOrEqual(hour);
    expect(eta - now).toBeLessThan(hour + MINUTE_MS);
    expect(estimateFinish({ now, limits, recentSends: [], queue: mine(5), openAt: () => Number.POSITIVE_INFINITY })).toBeNull();
    // Mail of others that never opens takes no slot from the batch.
    const others = Array.from({ length: 50 }, () => ({ due: now, mine: false }));
    expect(estimateFinish({ now, limits, recentSends: [], queue: [...others, ...mine(5)], openAt: (at, isMine) => (isMine ? at : Number.POSITIVE_INFINITY) })).toBe(now);
  });
});
