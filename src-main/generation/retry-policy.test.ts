import { describe, expect, it } from 'vitest';
import { ProviderError, providerErrorFromStatus, retryAfterMs } from './providers/provider-errors';
import { decideRetry } from './retry-policy';

const policy = { baseDelayMs: 1000, maxDelayMs: 60_000, maxAttempts: 6 };

describe('retry policy', () => {
  it('backs off exponentially with full jitter, capped', () => {
    const transient = new ProviderError('busy', 'transient', { status: 503 });
    expect(decideRetry(transient, 1, policy, () => 1)).toEqual({ retry: true, delayMs: 1000, countsAsAttempt: true });
    expect(decideRetry(transient, 4, policy, () => 1)).toEqual({ retry: true, delayMs: 8000, countsAsAttempt: true });
    expect(decideRetry(transient, 5, policy, () => 0.5)).toEqual({ retry: true, delayMs: 8000, countsAsAttempt: true });
    expect(decideRetry(transient, 6, policy, () => 1)).toEqual({ retry: false });
  });

  it('waits at least as long as the service asks', () => {
    const limited = new ProviderError('slow down', 'transient', { status: 429, retryAfterMs: 20_000 });
    expect(decideRetry(limited, 1, policy, () => 0.1)).toMatchObject({ retry: true, delayMs: 20_000 });
  });

  it('never retries a permanent failure or a foreign error', () => {
    expect(decideRetry(new ProviderError('bad', 'permanent', { status: 400 }), 1, policy)).toEqual({ retry: false });
    expect(decideRetry(new Error('bug'), 1, policy)).toEqual({ retry: false });
  });

  it('keeps retrying a network outage without counting attempts', () => {
    expect(decideRetry(new ProviderError('offline', 'network'), 99, policy, () => 1)).toEqual({ retry: true, delayMs: 60_000, countsAsAttempt: false });
  });
});

describe('provider errors', () => {
  it('reads retry-after as seconds, as a date, and OpenAI’s retry-after-ms', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '7' }))).toBe(7000);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250' }))).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 25 Nov 2026 12:00:10 GMT' }), Date.parse('2026-11-25T12:00:00Z'))).toBe(10_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });

  it('classifies statuses: 408, 409, 429 and 5xx are worth another try', () => {
    for (const status of [408, 409, 429, 500, 502, 503]) expect(providerErrorFromStatus('X', status, '').kind).toBe('transient');
    for (const status of [400, 401, 403, 404, 422]) expect(providerErrorFromStatus('X', status, '').kind).toBe('permanent');
    expect(providerErrorFromStatus('OpenAI', 401, '').message).toBe('OpenAI refused the key (HTTP 401). Check the key in Settings.');
  });
});
