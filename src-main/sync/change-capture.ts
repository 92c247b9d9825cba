import type Database from 'better-sqlite3';
import { hybridClock, type HybridClock } from './hybrid-clock';

/**
 * The store's side of the sync triggers (migrations/0003_sync.ts): the two SQL functions they
 * call, backed by this device's hybrid logical clock. Pulled changes are applied with capture
 * paused so they are not sent back; Kysely gives a transaction the only connection, so nothing
 * else writes while it is paused.
 */
export interface ChangeCapture {
  readonly clock: HybridClock;
  /** Runs `apply` with the triggers silent: for writing what the server already has. */
  whilePaused<T>(apply: () => Promise<T>): Promise<T>;
  /** Called (once per burst of writes) after local changes were recorded for the server. */
  onChange(listener: () => void): () => void;
}

export function createChangeCapture(wallClock: () => number = Date.now) {
  let clock: HybridClock | null = null;
  let paused = false;
  let notifyQueued = false;
  const listeners = new Set<() => void>();

  const capture: ChangeCapture & { install(sqlite: Database.Database): void; start(deviceId: string, latestSeen: string | null): void } = {
    install(sqlite) {
      sqlite.function('sync_capturing', { deterministic: false }, () => (paused ? 0 : 1));
      sqlite.function('sync_hlc', { deterministic: false }, () => {
        if (!clock) throw new Error('the sync clock has not started: open the store with openStore');
        if (!notifyQueued && listeners.size > 0) {
          notifyQueued = true;
          // After the writing statement and its transaction are done, not inside SQLite's callback.
          setImmediate(() => {
            notifyQueued = false;
            for (const listener of listeners) listener();
          });
        }
        return clock.now();
      });
    },
    start(deviceId, latestSeen) {
      clock = hybridClock(deviceId, wallClock, latestSeen);
    },
    get clock() {
      if (!clock) throw new Error('the sync clock has not started: open the store with openStore');
      return clock;
    },
    async whilePaused(apply) {
      paused = true;
      try {
        return await apply();
      } finally {
        paused = false;
      }
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return capture;
}
