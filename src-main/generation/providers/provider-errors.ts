/**
 * A provider's failure, classified once at the provider's edge so the queue decides retries from
 * this alone: transient failures (408, 409, 429, 5xx, network, timeouts) are retried with backoff,
 * the rest fail the step with a message a parent can act on.
 */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly kind: 'transient' | 'network' | 'permanent' | 'malformed',
    readonly options: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ProviderError';
  }

  get retryable(): boolean {
    return this.kind !== 'permanent';
  }
}

const TRANSIENT_STATUS = new Set([408, 409, 425, 429]);

export const isTransientStatus = (status: number): boolean => TRANSIENT_STATUS.has(status) || status >= 500;

/** `retry-after` as seconds or an HTTP date, and `retry-after-ms` as OpenAI sends it. */
export function retryAfterMs(headers: Headers | Record<string, string | null | undefined> | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const read = (name: string) => (headers instanceof Headers ? headers.get(name) : headers[name]) ?? undefined;
  const ms = Number(read('retry-after-ms'));
  if (Number.isFinite(ms) && ms >= 0 && read('retry-after-ms') !== undefined) return ms;
  const value = read('retry-after');
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Classifies an HTTP answer that was not a success. */
export function providerErrorFromStatus(service: string, status: number, detail: string, headers?: Headers): ProviderError {
  const kind = isTransientStatus(status) ? 'transient' : 'permanent';
  const reason =
    status === 401 || status === 403
      ? `${service} refused the key (HTTP ${status}). Check the key in Settings.`
      : status === 429
        ? `${service} is busy or the plan's limit was reached (HTTP 429).`
        : `${service} answered HTTP ${status}${detail ? `: ${detail}` : ''}.`;
  return new ProviderError(reason, kind, { status, retryAfterMs: retryAfterMs(headers) });
}

/** Classifies a thrown fetch/socket/abort failure. */
export function providerErrorFromFailure(service: string, error: unknown, signal: AbortSignal): ProviderError {
  if (error instanceof ProviderError) return error;
  if (signal.aborted) return new ProviderError(`${service} call was cancelled.`, 'permanent', { cause: error });
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'APIConnectionTimeoutError') {
    return new ProviderError(`${service} did not answer in time.`, 'transient', { cause: error });
  }
  return new ProviderError(`${service} could not be reached (${error instanceof Error ? error.message : String(error)}).`, 'network', { cause: error });
}
