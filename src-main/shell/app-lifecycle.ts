import type { Logger } from '../logging';

/** What starting needs of Electron's `app`. */
export interface SingleInstanceApp {
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<unknown>;
  quit(): void;
}

/**
 * Starts the app only in the first copy running. A second launch hands over to the first
 * (Electron tells it through 'second-instance') and quits without opening the library: two
 * copies writing one library would fight over its queue and its sync.
 */
export function startIfFirstInstance(app: SingleInstanceApp, start: () => Promise<void>): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  void app.whenReady().then(start);
  return true;
}

/** Long enough for a book's jobs to be handed back and the library closed; a sync cut short is sent again next time. */
export const CLOSE_DEADLINE_MS = 10_000;

/**
 * The handler for Electron's 'before-quit' that lets the library close before the app ends.
 * The first quit is held back while `close` runs (the queue hands its leased jobs back, sync
 * stops, SQLite checkpoints and closes), then `exit` ends the app. A quit asked for meanwhile
 * is held too and changes nothing. Closing that takes longer than the deadline does not keep
 * the app open: SQLite's WAL keeps every write already committed.
 */
export function closeBeforeQuit(options: { close: () => Promise<void>; exit: () => void; log: Logger; deadlineMs?: number }): (event: { preventDefault(): void }) => void {
  let closing = false;
  return (event) => {
    event.preventDefault();
    if (closing) return;
    closing = true;
    let deadline: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      deadline = setTimeout(() => {
        options.log.warn('closing the library took too long; quitting anyway');
        resolve();
      }, options.deadlineMs ?? CLOSE_DEADLINE_MS);
    });
    const closed = options.close().catch((error: unknown) => options.log.error({ err: error }, 'closing the library failed; quitting anyway'));
    void Promise.race([closed, late]).then(() => {
      clearTimeout(deadline);
      options.exit();
    });
  };
}
