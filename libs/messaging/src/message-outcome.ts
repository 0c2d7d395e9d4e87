import { PermanentError, RetryableError } from '@lib/contracts';

export type MessageOutcome =
  | { readonly kind: 'ack' }
  | { readonly kind: 'nak'; readonly delayMs: number }
  | { readonly kind: 'term'; readonly errorType: string; readonly reason: string };

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: Omit<RetryPolicy, 'maxAttempts'> = {
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
};

/** Delay before delivery `deliveryCount + 1`: doubles from the base, capped. */
export function retryDelayMs(deliveryCount: number, policy: RetryPolicy): number {
  const exponent = Math.max(0, deliveryCount - 1);
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 30));
}

/**
 * The one place that maps a handler's outcome to ack / nak / term. A RetryableError (or an error of an
 * unknown type: a bug or an outage we did not classify) is retried with a growing delay until the attempts
 * run out; a PermanentError, including an invalid payload, is terminated at once.
 */
export function decideOutcome(error: unknown, deliveryCount: number, policy: RetryPolicy): MessageOutcome {
  if (error === undefined) return { kind: 'ack' };
  const reason = error instanceof Error ? error.message : JSON.stringify(error);
  if (error instanceof PermanentError) {
    return { kind: 'term', errorType: error.name, reason };
  }
  const errorType =
    error instanceof RetryableError ? error.name : error instanceof Error ? error.name : 'Error';
  if (deliveryCount >= policy.maxAttempts) {
    return { kind: 'term', errorType, reason: `gave up after ${deliveryCount} attempts: ${reason}` };
  }
  return { kind: 'nak', delayMs: retryDelayMs(deliveryCount, policy) };
}
