import path from 'node:path';
import { BrowserWindow, shell, type WebFrameMain } from 'electron';
import { RENDERER_ORIGIN } from './app-protocol';

/** The renderer's origin: the dev server while developing, our own protocol once built. */
export const rendererOrigin = (): string =>
  process.env.ELECTRON_RENDERER_URL ? new URL(process.env.ELECTRON_RENDERER_URL).origin : RENDERER_ORIGIN;

/**
 * The one window, following Electron's security checklist: isolated, sandboxed, no Node in the
 * page, no navigation away, new windows only as links opened in the user's browser.
 */
export function createMainWindow(preloadFile: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'StorySprout',
    webPreferences: {
      preload: preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
    },
  });

  window.webContents.on('will-navigate', (event, url) => {
    if (new URL(url).origin !== rendererOrigin()) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    // Checkout, the billing portal, share links and sign-in with Google or Apple open in the
    // system browser; http too, for a family's own sync server on their home network.
    if (/^https?:/.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());

  const devServer = process.env.ELECTRON_RENDERER_URL;
  void (devServer ? window.loadURL(devServer) : window.loadURL(`${RENDERER_ORIGIN}/index.html`));
  return window;
}

/** Only our window's top frame, showing our renderer, may call the bridge. */
export function isTrustedFrame(window: BrowserWindow, frame: WebFrameMain): boolean {
  if (window.isDestroyed() || frame !== window.webContents.mainFrame) return false;
  try {
    return new URL(frame.url).origin === rendererOrigin();
  } catch {
    return false;
  }
}

export const preloadPath = (mainDir: string): string => path.join(mainDir, '../preload/index.cjs');
