/**
 * What the Electron shell lets through: which frame may call the bridge, where the window may
 * go, which links leave for the system browser, which permissions the page gets. Plain
 * functions of URLs, so they are tested with real addresses; src-main/electron/ only calls them.
 *
 * URLs are compared by protocol and host, never by `origin`: Node's WHATWG URL gives every
 * non-special scheme the origin "null", so `storysprout://app`, `data:` and `file:` would
 * all look alike.
 */

export const APP_SCHEME = 'storysprout';
/** The window's own files; pictures come from storysprout://asset/ (src-main/electron/app-protocol.ts). */
export const RENDERER_HOST = 'app';
export const RENDERER_ENTRY = `${APP_SCHEME}://${RENDERER_HOST}/index.html`;

/** Where the window's pages come from in this run. */
export interface RendererSource {
  /** `app.isPackaged`: a built app never trusts a dev server, whatever its environment says. */
  isPackaged: boolean;
  /** `ELECTRON_RENDERER_URL`, which electron-vite sets while developing. */
  devServerUrl: string | undefined;
}

/** The address the window opens: the dev server while developing, the app's own protocol otherwise. */
export function rendererEntryUrl(source: RendererSource): string {
  return devServer(source)?.href ?? RENDERER_ENTRY;
}

/** A page of the window itself: storysprout://app/…, or (not packaged) the dev server's own address. */
export function isRendererUrl(url: string, source: RendererSource): boolean {
  const parsed = parse(url);
  if (!parsed || parsed.username || parsed.password) return false;
  if (parsed.protocol === `${APP_SCHEME}:`) return parsed.host === RENDERER_HOST;
  const dev = devServer(source);
  return dev !== null && parsed.protocol === dev.protocol && parsed.host === dev.host;
}

/** The frame an IPC message came from, as Electron's WebFrameMain describes it. */
export interface SenderFrame {
  readonly url: string;
  /** null for a window's top frame. */
  readonly parent: unknown;
}

/**
 * Only the window's top frame, showing the window's own page, may call the bridge (as VS Code's
 * validatedIpcMain checks the host and `parent === null`). A frame inside the page, or the
 * window after it was somehow led elsewhere, is refused.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, source: RendererSource): boolean {
  return frame !== null && frame !== undefined && frame.parent === null && isRendererUrl(frame.url, source);
}

/** The window never leaves its own pages: a dropped file, a link or a script going elsewhere is stopped. */
export function mayNavigateTo(url: string, source: RendererSource): boolean {
  return isRendererUrl(url, source);
}

/**
 * Pages the family is sent to from the window, each on its own site: Stripe's checkout and
 * billing portal (the sync server answers `sync.checkout` and `sync.billingPortal` with their
 * addresses), and Google's and Apple's sign-in pages.
 */
const OUTSIDE_SERVICES = ['https://checkout.stripe.com', 'https://billing.stripe.com', 'https://accounts.google.com', 'https://appleid.apple.com'];

/**
 * Which links the system browser may be asked to open (`shell.openExternal` hands a URL to
 * whatever program the system has for it, so nothing else leaves): the outside services above
 * over https, and the family's own sync servers over http or https, the one signed in to and
 * any a sign-up or a Google or Apple sign-in was started with (the window opens the server's
 * /api/auth/oidc/…/start page, which sends the browser on to the provider).
 */
export function mayOpenExternally(url: string, syncServers: readonly string[]): boolean {
  const parsed = parse(url);
  if (!parsed || parsed.username || parsed.password) return false;
  if (parsed.protocol === 'https:' && OUTSIDE_SERVICES.includes(parsed.origin)) return true;
  // Only an http or https server counts: every other kind of address has the origin "null".
  return syncServers.some((server) => {
    const serverUrl = parse(server);
    return serverUrl !== null && (serverUrl.protocol === 'https:' || serverUrl.protocol === 'http:') && serverUrl.origin === parsed.origin;
  });
}

/** Who asks for a permission, as Electron's permission handlers describe it. */
export interface PermissionAsker {
  /** The requesting frame's URL (or, where Electron gives only that, its origin). */
  url: string | undefined;
  isMainFrame: boolean;
}

/**
 * The page needs one permission: writing to the clipboard, for its Copy buttons (share links,
 * invitation codes). Only the window's own top frame gets it; everything else (camera,
 * microphone, notifications, reading the clipboard, opening other programs…) is refused.
 */
export function mayGrantPermission(permission: string, asker: PermissionAsker, source: RendererSource): boolean {
  return permission === 'clipboard-sanitized-write' && asker.isMainFrame && asker.url !== undefined && isRendererUrl(asker.url, source);
}

/** The dev server, only when not packaged, and only on this computer. */
function devServer(source: RendererSource): URL | null {
  if (source.isPackaged || !source.devServerUrl) return null;
  const url = parse(source.devServerUrl);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) ? url : null;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
