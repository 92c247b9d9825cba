import WebSocket from 'ws';
import type { Logger } from '../logging';

export interface NudgeListener {
  close(): void;
}

const RECONNECT_MIN_MS = 1_000;
const RECONNECT_MAX_MS = 60_000;

/**
 * Listens on the family's event socket: the server says when another device changed something,
 * so this one pulls at once instead of at the next interval. Reconnects with back-off, and tells
 * the caller when it is back, since what was missed meanwhile must be pulled too.
 */
export function createNudgeListener(options: { url: string; token: string; log: Logger; onNudge(): void; onReconnect(): void }): NudgeListener {
  let socket: WebSocket | null = null;
  let closed = false;
  let delay = RECONNECT_MIN_MS;
  let retry: NodeJS.Timeout | null = null;
  let connectedBefore = false;

  const connect = () => {
    socket = new WebSocket(options.url, { headers: { authorization: `Bearer ${options.token}` } });
    socket.on('open', () => {
      delay = RECONNECT_MIN_MS;
      if (connectedBefore) options.onReconnect();
      connectedBefore = true;
    });
    socket.on('message', () => options.onNudge());
    socket.on('error', (error) => options.log.debug({ err: error }, 'the sync server’s event socket failed; it will be tried again'));
    socket.on('close', () => {
      if (closed) return;
      retry = setTimeout(connect, delay);
      retry.unref();
      delay = Math.min(delay * 2, RECONNECT_MAX_MS);
    });
  };
  connect();

  return {
    close() {
      closed = true;
      if (retry) clearTimeout(retry);
      socket?.terminate();
    },
  };
}
