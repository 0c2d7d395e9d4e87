export interface RetryPolicy {
  /** Retries after a failure, at most; 0 turns retries off. */
  readonly limit: number;
  readonly baseMs: number;
  readonly maxMs: number;
}

/**
 * When to try a host's job again after its `failedAttempts`-th failure in a row, or null when no retry
 * follows (the failure cannot pass, or the retries are used up). The delay doubles from the base up to the
 * cap, and `random` (0 ≤ r < 1) spreads it by ±20 % so hosts that failed together do not retry together.
 */
export function retryAt(
  failedAttempts: number,
  retryable: boolean,
  policy: RetryPolicy,
  now: Date,
  random: number,
): Date | null {
  if (!retryable || failedAttempts < 1 || failedAttempts > policy.limit) return null;
  const delay = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(failedAttempts - 1, 30));
  const jittered = delay * (0.8 + 0.4 * random);
  return new Date(now.getTime() + Math.round(jittered));
}
