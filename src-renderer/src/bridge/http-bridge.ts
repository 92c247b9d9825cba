import type { StorySproutBridge } from '../../../src-preload/api';
import type { BridgeEventMessage, BridgeResponse } from '../../../src-preload/contract';

/** Below the 64 KB browsers allow all keepalive requests together. */
const KEEPALIVE_LIMIT = 16 * 1024;
const RECONNECT_MS = 1000;
const TOKEN_KEY = 'storysprout.host-token';
/** As the host names them (src-main/host/browser-host.ts). */
const EVENTS_PROTOCOL = 'storysprout.events';
const TOKEN_PROTOCOL_PREFIX = 'storysprout.token.';

const unauthorized = { ok: false, error: { code: 'unauthorized', message: 'Open StorySprout with the link the host printed when it started.' } } as const;

/**
 * The host's token, which lives only in this tab: the printed link carries it after `#` (never
 * sent anywhere), and it is kept in session storage, which no other site or port can read, then
 * sent as a header. The link is put back to the library's address at once, so the token stays
 * out of the address bar and history.
 */
export function takeHostToken(location: Location, history: History, storage: Storage): string | null {
  const fromLink = /^#token=([A-Za-z0-9_-]{20,100})$/.exec(location.hash)?.[1];
  if (fromLink) {
    storage.setItem(TOKEN_KEY, fromLink);
    history.replaceState(null, '', `${location.pathname}${location.search}#/`);
  }
  return storage.getItem(TOKEN_KEY);
}

/**
 * The browser host's side of the bridge: calls as JSON POSTs and pictures as fetches, each with
 * the token as a bearer header; events over one WebSocket that reconnects by itself and offers
 * the token as a subprotocol, since a browser cannot set headers on a WebSocket.
 */
export function httpBridge(location: Location): StorySproutBridge {
  const token = takeHostToken(location, window.history, window.sessionStorage);
  const authorization = { authorization: `Bearer ${token ?? ''}` };
  const listeners = new Set<(message: BridgeEventMessage) => void>();
  let socket: WebSocket | null = null;

  const connect = () => {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/events`;
    socket = new WebSocket(url, [EVENTS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token ?? ''}`]);
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as BridgeEventMessage;
      for (const listener of listeners) listener(message);
    });
    socket.addEventListener('close', () => {
      socket = null;
      if (listeners.size > 0) setTimeout(() => listeners.size > 0 && !socket && connect(), RECONNECT_MS);
    });
  };

  /** The family's file at `path`, or why not. */
  const fetchFile = async (path: string, what: string): Promise<Blob> => {
    const response = await fetch(path, { headers: authorization, credentials: 'omit' });
    if (response.status === 401) throw new Error(unauthorized.error.message);
    if (!response.ok) throw new Error(`${what} is not there.`);
    return response.blob();
  };

  return {
    async call(name, input) {
      if (!token) return unauthorized;
      let response: Response;
      const body = JSON.stringify(input ?? {});
      try {
        response = await fetch(`/api/call/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...authorization },
          body,
          credentials: 'omit',
          // Words saved as the window closes or reloads still reach the core. Browsers allow
          // this only for small bodies (64 KB in all), so an uploaded picture goes without it.
          keepalive: body.length < KEEPALIVE_LIMIT,
        });
      } catch {
        return { ok: false, error: { code: 'offline', message: 'StorySprout is not answering. Is the host still running?' } };
      }
      if (response.status === 401) return unauthorized;
      return (await response.json()) as BridgeResponse;
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!socket) connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) socket?.close();
      };
    },
    assetUrl: async (sha256) => URL.createObjectURL(await fetchFile(`/assets/${encodeURIComponent(sha256)}`, 'That picture or narration')),
    releaseAssetUrl: (url) => URL.revokeObjectURL(url),
    async saveExport(exportId, fileName) {
      const url = URL.createObjectURL(await fetchFile(`/exports/${encodeURIComponent(exportId)}`, 'That file'));
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.click();
      // The download has its own copy once it starts; the window's can go after a moment.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
  };
}
