/** Retry policy of outbound deliveries: exponential back-off with jitter, a dead letter after the last attempt. */
export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 8, baseMs: 2_000, maxMs: 300_000 };

/** The wait before attempt `attempts + 1`: base · 2^(attempts−1), capped, ±20 % jitter. */
export function backoffMs(attempts: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential * (0.8 + 0.4 * random()));
}
