import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract, type RateLimiterStoreAbstract } from 'rate-limiter-flexible';
import { ApiError } from '../errors';

export type TryCounter = RateLimiterAbstract | RateLimiterStoreAbstract;

/**
 * Tries counted per key over a window, atomically: in Redis when there is one, so every instance
 * counts together, and in this process otherwise. Tries sent all at once cannot slip past.
 */
export function tryCounter(redis: Redis | null, keyPrefix: string, points: number, durationSeconds: number): TryCounter {
  return redis ? new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration: durationSeconds }) : new RateLimiterMemory({ keyPrefix, points, duration: durationSeconds });
}

/** Counts one try under `key`, or refuses it with 429, `refusal` and when to try again. */
export async function countTry(counter: TryCounter, key: string, refusal: string): Promise<void> {
  try {
    await counter.consume(key);
  } catch (outcome) {
    if (!(outcome instanceof RateLimiterRes)) throw outcome;
    throw new ApiError(429, 'too-many-attempts', `${refusal} Try again in ${Math.max(1, Math.ceil(outcome.msBeforeNext / 60_000))} minutes.`);
  }
}
