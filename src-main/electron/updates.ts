import { app } from 'electron';
import electronUpdater from 'electron-updater';
import type { Logger } from '../logging';
import type { Updater } from '../updates/update-flow';

/** A new version is looked for at start and then this often. */
export const UPDATE_CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;

/**
 * electron-updater's updater for the installed app: it downloads a new version by itself and
 * installs it when the app quits; the window offers to restart sooner (src-main/updates/update-flow.ts).
 */
export function installedAppUpdater(log: Logger): Updater {
  const { autoUpdater } = electronUpdater;
  autoUpdater.logger = log;
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  return {
    on: autoUpdater.on.bind(autoUpdater),
    checkForUpdates: () => autoUpdater.checkForUpdates(),
    quitAndInstall(isSilent, isForceRunAfter) {
      // The new version may start while this one is still closing (an AppImage does): it must
      // not find the single-instance lock still held and quit, leaving nothing running.
      app.releaseSingleInstanceLock();
      autoUpdater.quitAndInstall(isSilent, isForceRunAfter);
    },
  };
}
