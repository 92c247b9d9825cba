import { ProviderError } from './providers/provider-errors';

export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  /** Attempts before a step fails for good; network outages do not count against it. */
  maxAttempts: number;
}

export const defaultRetryPolicy: RetryPolicy = { baseDelayMs: 1000, maxDelayMs: 60_000, maxAttempts: 6 };

export type RetryDecision = { retry: true; delayMs: number; countsAsAttempt: boolean } | { retry: false };

/**
 * Exponential backoff with full jitter (so many waiting jobs do not return at once), never sooner
 * than the service's own `retry-after`.
 */
export function decideRetry(error: unknown, attempt: number, policy: RetryPolicy, random: () => number = Math.random): RetryDecision {
  if (!(error instanceof ProviderError) || !error.retryable) return { retry: false };
  const countsAsAttempt = error.kind !== 'network';
  if (countsAsAttempt && attempt >= policy.maxAttempts) return { retry: false };
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = random() * ceiling;
  return { retry: true, delayMs: Math.max(jittered, error.options.retryAfterMs ?? 0), countsAsAttempt };
}
