import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, powerMonitor, session } from 'electron';
import { ipcEventChannel } from '../src-preload/contract';
import { APP_NAME, defaultDataDir } from './app/data-dir';
import { openApp } from './app/open-app';
import { handleAppProtocol, registerAppScheme } from './electron/app-protocol';
import { registerBridge } from './electron/ipc';
import { createMainWindow, isTrustedFrame, preloadPath } from './electron/main-window';
import { safeStorageSecrets } from './electron/safe-storage-secrets';
import { utilityPdfWriter } from './electron/utility-pdf-writer';
import { createLogger } from './logging';
import { installedAppUpdater, UPDATE_CHECK_INTERVAL_MS } from './electron/updates';

const mainDir = path.dirname(fileURLToPath(import.meta.url));
const log = createLogger();

app.setName(APP_NAME);
registerAppScheme();
if (!app.requestSingleInstanceLock()) app.quit();

// In development better-sqlite3 in node_modules is built for Node (the tests use it); the copy
// built for Electron's ABI by scripts/prepare-electron-native.js lives beside it.
const devNativeBinding = path.join(mainDir, '../../.electron-native/better_sqlite3.node');

async function start(): Promise<void> {
  const dataDir = process.env.STORYSPROUT_DATA_DIR ?? defaultDataDir();
  fs.mkdirSync(dataDir, { recursive: true });
  const opened = await openApp({
    dataDir,
    secrets: safeStorageSecrets(dataDir),
    log,
    nativeBinding: !app.isPackaged && fs.existsSync(devNativeBinding) ? devNativeBinding : undefined,
    launchPdfWriter: utilityPdfWriter(path.join(mainDir, 'pdf-writer.js')),
    runQueue: true,
    syncInBackground: true,
    // Only an installed app updates itself; a development run has no feed to read.
    updater: app.isPackaged ? installedAppUpdater(log) : undefined,
  }).catch((error: unknown) => {
    dialog.showErrorBox('StorySprout cannot open your library', error instanceof Error ? error.message : String(error));
    app.exit(1);
    return null;
  });
  if (!opened) return;

  // The window never needs the camera, microphone, location or notifications.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, grant) => grant(false));
  handleAppProtocol(path.join(mainDir, '../renderer'), opened.core.assets, opened.core.held, (exportId) => opened.core.exporter.exportFile(exportId));

  const window = createMainWindow(preloadPath(mainDir));
  registerBridge(ipcMain, opened.dispatch, (frame) => isTrustedFrame(window, frame));
  const unsubscribe = opened.core.events.subscribe((message) => {
    if (!window.isDestroyed()) window.webContents.send(ipcEventChannel, message);
  });

  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  // Back from sleep the network may be back too: sync at once rather than at the next interval.
  powerMonitor.on('resume', () => void opened.core.sync.syncNow().catch(() => undefined));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    unsubscribe();
    void opened.close();
  });

  void opened.core.updates.check();
  setInterval(() => void opened.core.updates.check(), UPDATE_CHECK_INTERVAL_MS).unref();
}

void app.whenReady().then(start);
