import type { z } from 'zod';
import { ProviderError, providerErrorFromFailure, providerErrorFromStatus } from './provider-errors';

/**
 * One HTTP exchange with a self-hosted service, with its failures classified for the queue and
 * its answer checked against a schema before anyone reads it.
 */
export async function fetchJson<T>(
  service: string,
  url: string,
  init: RequestInit & { timeoutMs: number; signal: AbortSignal },
  schema: z.ZodType<T>,
): Promise<T> {
  const response = await fetchChecked(service, url, init);
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    throw new ProviderError(`${service} answered with something that is not JSON.`, 'malformed', { cause: error });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ProviderError(`${service} answered in an unexpected shape (${parsed.error.issues[0]?.message}).`, 'malformed');
  return parsed.data;
}

export async function fetchChecked(service: string, url: string, init: RequestInit & { timeoutMs: number; signal: AbortSignal }): Promise<Response> {
  const { timeoutMs, signal, ...rest } = init;
  let response: Response;
  try {
    response = await fetch(url, { ...rest, signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) });
  } catch (error) {
    throw providerErrorFromFailure(service, error, signal);
  }
  if (!response.ok) {
    const detail = (await response.text().catch(() => '')).slice(0, 200);
    throw providerErrorFromStatus(service, response.status, detail, response.headers);
  }
  return response;
}
