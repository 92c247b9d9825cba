import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, Menu, powerMonitor, session } from 'electron';
import { ipcEventChannel } from '../src-preload/contract';
import { APP_NAME, defaultDataDir } from './app/data-dir';
import { openApp } from './app/open-app';
import { handleAppProtocol, registerAppScheme } from './electron/app-protocol';
import { registerBridge } from './electron/ipc';
import { applyPermissionPolicy, createMainWindow, isTrustedFrame, preloadPath } from './electron/main-window';
import { safeStorageSecrets } from './electron/safe-storage-secrets';
import { saveDialog } from './electron/save-dialog';
import { utilityPdfWriter } from './electron/utility-pdf-writer';
import { createFileLogger, createLogger } from './logging';
import { installedAppUpdater, UPDATE_CHECK_INTERVAL_MS } from './electron/updates';
import { closeBeforeQuit, startIfFirstInstance } from './shell/app-lifecycle';
import { appMenuTemplate } from './shell/app-menu';
import type { RendererSource } from './shell/shell-policy';

const mainDir = path.dirname(fileURLToPath(import.meta.url));

app.setName(APP_NAME);
registerAppScheme();
// Chromium finds the system's voices on Linux through Speech Dispatcher only when told to: without it, Read aloud is silent.
if (process.platform === 'linux') app.commandLine.appendSwitch('enable-speech-dispatcher');

// electron-vite names its dev server in ELECTRON_RENDERER_URL; a built app never listens to it.
const source: RendererSource = { isPackaged: app.isPackaged, devServerUrl: process.env.ELECTRON_RENDERER_URL };

// In development better-sqlite3 in node_modules is built for Node (the tests use it); the copy
// built for Electron's ABI by scripts/prepare-electron-native.js lives beside it.
const devNativeBinding = path.join(mainDir, '../../.electron-native/better_sqlite3.node');

async function start(): Promise<void> {
  // An installed app has no terminal to log to; a logs folder it cannot write still lets the family in.
  const log = await createFileLogger({ dir: app.getPath('logs'), alsoToStderr: !app.isPackaged }).catch(() => createLogger());
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate({ appName: APP_NAME, platform: process.platform, isPackaged: app.isPackaged })));

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
    askWhereToSave: saveDialog,
    // The installer puts the fonts beside app.asar (electron-builder.yml's extraResources).
    resourcesDir: app.isPackaged ? process.resourcesPath : undefined,
  }).catch((error: unknown) => {
    log.error({ err: error }, 'could not open the library');
    dialog.showErrorBox('StorySprout cannot start', error instanceof Error ? error.message : String(error));
    app.exit(1);
    return null;
  });
  if (!opened) return;

  applyPermissionPolicy(session.defaultSession, source);
  handleAppProtocol(path.join(mainDir, '../renderer'), opened.core.assets, opened.core.held);

  const window = createMainWindow({ preloadFile: preloadPath(mainDir), source, syncServers: () => opened.core.sync.serverUrls(), log });
  registerBridge(ipcMain, opened.dispatch, (frame) => isTrustedFrame(window, frame, source));
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
  app.on(
    'before-quit',
    closeBeforeQuit({
      close: async () => {
        unsubscribe();
        await opened.close();
      },
      // Exit code 0: electron-updater installs a downloaded version on a quit that ends well.
      exit: () => app.exit(0),
      log,
    }),
  );

  void opened.core.updates.check();
  setInterval(() => void opened.core.updates.check(), UPDATE_CHECK_INTERVAL_MS).unref();
}

startIfFirstInstance(app, start);
