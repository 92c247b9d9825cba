import type { StorySproutBridge } from '../../../src-preload/api';
import type { BridgeEventMessage, BridgeResponse } from '../../../src-preload/contract';

/** Below the 64 KB browsers allow all keepalive requests together. */
const KEEPALIVE_LIMIT = 16 * 1024;
const RECONNECT_MS = 1000;

/**
 * The browser host's side of the bridge: calls as JSON POSTs, events over one WebSocket that
 * reconnects by itself. The host's cookie (set when the printed link was opened) authenticates both.
 */
export function httpBridge(location: Location): StorySproutBridge {
  const listeners = new Set<(message: BridgeEventMessage) => void>();
  let socket: WebSocket | null = null;

  const connect = () => {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/events`;
    socket = new WebSocket(url);
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as BridgeEventMessage;
      for (const listener of listeners) listener(message);
    });
    socket.addEventListener('close', () => {
      socket = null;
      if (listeners.size > 0) setTimeout(() => listeners.size > 0 && !socket && connect(), RECONNECT_MS);
    });
  };

  return {
    async call(name, input) {
      let response: Response;
      const body = JSON.stringify(input ?? {});
      try {
        response = await fetch(`/api/call/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          credentials: 'same-origin',
          // Words saved as the window closes or reloads still reach the core. Browsers allow
          // this only for small bodies (64 KB in all), so an uploaded picture goes without it.
          keepalive: body.length < KEEPALIVE_LIMIT,
        });
      } catch {
        return { ok: false, error: { code: 'offline', message: 'StorySprout is not answering. Is the host still running?' } };
      }
      if (response.status === 401) {
        return { ok: false, error: { code: 'unauthorized', message: 'Open StorySprout with the link the host printed when it started.' } };
      }
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
    assetUrl: (sha256) => `/assets/${encodeURIComponent(sha256)}`,
    exportUrl: (exportId) => `/exports/${encodeURIComponent(exportId)}`,
  };
}
