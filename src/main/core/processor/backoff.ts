// When to try a transiently failed email again: exponential backoff with jitter, or exactly what
// the provider asked for (Retry-After) when it said.

export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * Delay before attempt `attempt + 1`, after `attempt` tries. "Equal jitter": half the exponential
 * delay is fixed, half random, so retries of a batch spread out without ever retrying at once.
 */
export function retryDelay(attempt: number, policy: RetryPolicy, retryAfterMs: number | null, random: () => number = Math.random): number {
  if (retryAfterMs !== null && retryAfterMs >= 0) return Math.min(Math.max(retryAfterMs, 1_000), 7 * 86_400_000);
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
