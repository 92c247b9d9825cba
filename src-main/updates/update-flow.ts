import type { UpdateView } from '../../src-preload/contract';
import type { Logger } from '../logging';

/**
 * What the app needs of electron-updater's `autoUpdater` (an `AppUpdater`): its events, as it
 * emits them, and installing. Kept to this shape so the rules below run in plain Node.
 */
export interface Updater {
  on(event: 'update-available' | 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

/** What keeps the app from restarting now, in the family's words; null when nothing does. */
export type BusyCheck = () => Promise<'a book is being made' | 'changes are waiting to reach the family' | null>;

/** How often to look again whether a restart the family asked for can happen. */
const WAIT_FOR_IDLE_MS = 5_000;

/**
 * A new version, from download to restart. The window hears of it only once it is downloaded
 * and ready; it restarts only when the family says so, and even then not while a book is being
 * made or changes wait to reach the family (it syncs first, and waits for the book). Quitting the
 * app installs it too (electron-updater's own install on quit), so an update is never lost.
 */
export function createUpdateFlow(deps: {
  updater: Updater | null;
  busy: BusyCheck;
  /** Sends waiting changes now; resolves whether or not the server could be reached. */
  syncNow: () => Promise<unknown>;
  onChange: (view: UpdateView) => void;
  log: Logger;
  waitForIdleMs?: number;
}) {
  const { updater, log } = deps;
  let view: UpdateView = { offered: updater !== null, readyVersion: null, restartRequested: false, waitingFor: null };
  let waiting: ReturnType<typeof setTimeout> | null = null;

  const change = (next: Partial<UpdateView>) => {
    view = { ...view, ...next };
    deps.onChange(view);
  };

  async function restartWhenIdle(): Promise<void> {
    waiting = null;
    if (!updater || !view.readyVersion) return;
    let reason = await deps.busy();
    if (reason === 'changes are waiting to reach the family') {
      await deps.syncNow().catch(() => undefined);
      reason = await deps.busy();
    }
    if (reason) {
      change({ waitingFor: reason });
      waiting = setTimeout(() => void restartWhenIdle(), deps.waitForIdleMs ?? WAIT_FOR_IDLE_MS);
      return;
    }
    log.info({ version: view.readyVersion }, 'restarting to install the new version, as the family asked');
    change({ waitingFor: null });
    updater.quitAndInstall(false, true);
  }

  if (updater) {
    updater.on('update-available', (info) => log.info({ version: info.version }, 'a new version is being downloaded'));
    updater.on('update-downloaded', (info) => change({ readyVersion: info.version }));
    // Failures to check or download are not the family's concern: the next check tries again.
    updater.on('error', (error) => log.warn({ err: error }, 'update check or download failed'));
  }

  return {
    status: (): UpdateView => view,

    /** Looks for a new version (in the app, at start and every few hours). */
    async check(): Promise<void> {
      await updater?.checkForUpdates().catch((error: unknown) => log.warn({ err: error }, 'update check failed'));
    },

    /** The family asked to restart into the new version: now, or as soon as nothing is under way. */
    async restart(): Promise<UpdateView> {
      if (!view.readyVersion) return view;
      change({ restartRequested: true });
      if (!waiting) await restartWhenIdle();
      return view;
    },

    stop(): void {
      if (waiting) clearTimeout(waiting);
      waiting = null;
    },
  };
}

export type UpdateFlow = ReturnType<typeof createUpdateFlow>;
