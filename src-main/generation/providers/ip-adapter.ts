import { ProviderError } from './provider-errors';
import type { ReferenceSupport } from './provider-types';

/**
 * What a family's own server has installed, asked once per provider and shared by every picture
 * drawn meanwhile. The question runs on its own clock (the provider's timeout), not a caller's,
 * so one cancelled page does not fail the pages waiting on the same answer; a question that
 * failed is asked again next time, since the server may only have been starting.
 */
export function askedOnce<T>(service: string, ask: (signal: AbortSignal) => Promise<T>): (signal: AbortSignal) => Promise<T> {
  let answer: Promise<T> | null = null;
  return (signal) => {
    answer ??= ask(new AbortController().signal).catch((error: unknown) => {
      answer = null;
      throw error;
    });
    return untilCancelled(service, answer, signal);
  };
}

function untilCancelled<T>(service: string, work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const cancel = () => reject(new ProviderError(`${service} call was cancelled.`, 'permanent'));
    if (signal.aborted) cancel();
    signal.addEventListener('abort', cancel, { once: true });
    void work.then(resolve, reject).finally(() => signal.removeEventListener('abort', cancel));
  });
}

/**
 * The strength each portrait is given: enough for one character to keep their likeness, shared
 * out when several are on a page, because IP-Adapters add up and together would drown the
 * page's words.
 */
export const referenceWeight = (count: number): number => Math.round(Math.min(0.6, 1 / count) * 100) / 100;

export const drawsFromPortraits = (what: string, limit = ''): ReferenceSupport => ({
  mode: 'ip-adapter',
  detail: `${what}: pages are drawn from the cast’s portraits${limit}.`,
});

export const keepsAlikeByWords = (what: string): ReferenceSupport => ({
  mode: 'none',
  detail: `${what}: characters are kept alike by their written look and a shared seed.`,
});
