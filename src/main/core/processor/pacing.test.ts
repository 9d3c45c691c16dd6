// The running counters must decide exactly what recounting the day's starts on every claim
// decided (the previous implementation, kept here as the reference), over long random histories
// that cross minute and day boundaries, with starts forgotten and marked not delivered.
import { describe, expect, it } from 'vitest';
import type { AccountLimits } from '../../../shared/domain';
import { AccountPace, burstSize, type Allowance } from './pacing';

const MINUTE_MS = 61_000;
const DAY_MS = 24 * 60 * 60_000 + 60_000;

interface Start {
  at: number;
  recipients: number;
  delivered: boolean;
  emailId: number;
}

/** Recounts everything on each call: obviously right, linear in the day's sends. */
class ReferencePace {
  private starts: Start[] = [];
  started(emailId: number, at: number, recipients: number): void {
    this.starts.push({ at, recipients, delivered: true, emailId });
  }
  forget(emailId: number): void {
    const index = this.starts.findLastIndex((start) => start.emailId === emailId);
    if (index >= 0) this.starts.splice(index, 1);
  }
  notDelivered(emailId: number): void {
    const start = this.starts.findLast((candidate) => candidate.emailId === emailId);
    if (start) start.delivered = false;
  }
  allowance(limits: AccountLimits, inFlight: number, now: number): Allowance {
    while (this.starts.length > 0 && (this.starts[0] as Start).at <= now - DAY_MS) this.starts.shift();
    let dayCount = 0;
    let dayRecipients = 0;
    let oldestDelivered: number | null = null;
    const minute: number[] = [];
    for (const start of this.starts) {
      if (start.delivered) {
        dayCount += 1;
        dayRecipients += start.recipients;
        oldestDelivered ??= start.at;
      }
      if (start.at > now - MINUTE_MS) minute.push(start.at);
    }
    const recipientsLeft = Math.max(0, limits.recipientsPerDay - dayRecipients);
    const free = Math.max(0, limits.concurrency - inFlight);
    if (dayCount >= limits.perDay || recipientsLeft === 0) return { now: 0, recipientsLeft, nextAt: (oldestDelivered ?? now) + DAY_MS };
    if (minute.length >= limits.perMinute) {
      return { now: 0, recipientsLeft, nextAt: (minute[minute.length - limits.perMinute] ?? now) + MINUTE_MS };
    }
    const burst = burstSize(limits.perMinute);
    let byRate: number;
    let nextAt: number | null = null;
    if (minute.length < burst) byRate = burst - minute.length;
    else {
      const interval = MINUTE_MS / limits.perMinute;
      const last = minute[minute.length - 1] ?? 0;
      byRate = now - last >= interval ? 1 : 0;
      if (byRate === 0) nextAt = last + interval;
    }
    const allowed = Math.min(free, byRate, limits.perDay - dayCount, limits.perMinute - minute.length);
    return { now: Math.max(0, allowed), recipientsLeft, nextAt };
  }
}

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('AccountPace', () => {
  it.each([
    { seed: 1, limits: { perDay: 2_000, perMinute: 30, recipientsPerDay: 5_000, concurrency: 4 } },
    { seed: 2, limits: { perDay: 500, perMinute: 1_000, recipientsPerDay: 100_000, concurrency: 16 } },
    { seed: 3, limits: { perDay: 100_000, perMinute: 60, recipientsPerDay: 1_500, concurrency: 2 } },
  ])('decides like a full recount over days of random sends (seed $seed)', ({ seed, limits: partial }) => {
    const limits: AccountLimits = { maxRecipients: 100, maxMessageBytes: 1e9, ...partial };
    const next = random(seed);
    const fast = new AccountPace();
    const slow = new ReferencePace();
    const recent: number[] = [];
    let now = Date.UTC(2030, 0, 1);
    let emailId = 0;
    for (let step = 0; step < 20_000; step += 1) {
      // Mostly small steps, sometimes minutes or hours, so both windows roll over many times.
      const roll = next();
      now += roll < 0.9 ? Math.floor(next() * 2_000) : roll < 0.99 ? Math.floor(next() * 300_000) : Math.floor(next() * 6 * 3_600_000);
      const inFlight = Math.floor(next() * (limits.concurrency + 1));
      const expected = slow.allowance(limits, inFlight, now);
      expect(fast.allowance(limits, inFlight, now)).toEqual(expected);
      for (let i = 0; i < expected.now; i += 1) {
        emailId += 1;
        const recipients = 1 + Math.floor(next() * 5);
        fast.started(emailId, now, recipients);
        slow.started(emailId, now, recipients);
        recent.push(emailId);
      }
      // Some outcomes: not delivered (transient failure) or forgotten (rate-limited), on mail
      // claimed recently and sometimes on mail claimed long ago.
      const outcome = next();
      const target = recent[Math.max(0, recent.length - 1 - Math.floor(next() * (next() < 0.9 ? 20 : recent.length)))];
      if (target !== undefined && outcome < 0.05) {
        fast.notDelivered(target);
        slow.notDelivered(target);
      } else if (target !== undefined && outcome < 0.08) {
        fast.forget(target);
        slow.forget(target);
      }
      if (recent.length > 5_000) recent.splice(0, 1_000);
    }
    expect(emailId).toBeGreaterThan(1_000);
  });
});
