import path from 'node:path';
import { BrowserWindow, shell, type Session, type WebFrameMain } from 'electron';
import type { Logger } from '../logging';
import { isTrustedSender, mayGrantPermission, mayNavigateTo, mayOpenExternally, rendererEntryUrl, type RendererSource } from '../shell/shell-policy';

/**
 * The one window, following Electron's security checklist: isolated, sandboxed, no Node in the
 * page, no navigation away, no new windows; the links the policy allows open in the system
 * browser (src-main/shell/shell-policy.ts decides, this only wires it in).
 */
export function createMainWindow(options: {
  preloadFile: string;
  source: RendererSource;
  /** The family's sync servers now: their pages may open in the system browser. */
  syncServers: () => Promise<string[]>;
  log: Logger;
}): BrowserWindow {
  const { source, log } = options;
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'StorySprout',
    webPreferences: {
      preload: options.preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
      // DevTools only while developing: in a built app a child has no console to paste into.
      devTools: !source.isPackaged,
    },
  });

  window.webContents.on('will-navigate', (event, url) => {
    if (!mayNavigateTo(url, source)) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    void options
      .syncServers()
      .then((servers) => (mayOpenExternally(url, servers) ? shell.openExternal(url) : log.warn('the window asked to open a link StorySprout does not open; refused')))
      .catch((error: unknown) => log.warn({ err: error }, 'could not open a link in the browser'));
    return { action: 'deny' };
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());

  void window.loadURL(rendererEntryUrl(source));
  return window;
}

/** Only our window's top frame, showing our renderer, may call the bridge. Frames are told apart by their browser-wide id. */
export function isTrustedFrame(window: BrowserWindow, frame: WebFrameMain, source: RendererSource): boolean {
  return !window.isDestroyed() && frame.frameTreeNodeId === window.webContents.mainFrame.frameTreeNodeId && isTrustedSender(frame, source);
}

/** Copy buttons work; every other permission (camera, notifications, reading the clipboard…) is refused. */
export function applyPermissionPolicy(session: Session, source: RendererSource): void {
  session.setPermissionRequestHandler((_contents, permission, grant, details) =>
    grant(mayGrantPermission(permission, { url: details.requestingUrl, isMainFrame: details.isMainFrame }, source)),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    mayGrantPermission(permission, { url: details.requestingUrl ?? requestingOrigin, isMainFrame: details.isMainFrame }, source),
  );
}

export const preloadPath = (mainDir: string): string => path.join(mainDir, '../preload/index.cjs');
