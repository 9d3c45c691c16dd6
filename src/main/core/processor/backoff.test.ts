import { describe, expect, it } from 'vitest';
import { retryDelay } from './backoff';

const policy = { baseMs: 60_000, maxMs: 3_600_000 };

describe('retryDelay', () => {
  it('doubles per attempt with jitter between half and the full delay', () => {
    expect(retryDelay(1, policy, null, () => 0)).toBe(30_000);
    expect(retryDelay(1, policy, null, () => 1)).toBe(60_000);
    expect(retryDelay(3, policy, null, () => 0)).toBe(120_000);
    expect(retryDelay(3, policy, null, () => 1)).toBe(240_000);
  });

  it('never exceeds the cap', () => {
    expect(retryDelay(30, policy, null, () => 1)).toBe(3_600_000);
  });

  it('honours Retry-After exactly (at least a second)', () => {
    expect(retryDelay(1, policy, 17_000, () => 1)).toBe(17_000);
    expect(retryDelay(5, policy, 0, () => 1)).toBe(1_000);
  });

  it('spreads a batch of retries out', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelay(2, policy, null)));
    expect(delays.size).toBeGreaterThan(40);
  });
});
