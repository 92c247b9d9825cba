import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { LogController, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import type { BridgeEventMessage } from '../../src-preload/contract';
import type { Core } from '../app/core';
import type { Dispatch } from '../bridge/dispatch';
import { contentSecurityPolicy } from './content-security-policy';

/** The window offers this WebSocket subprotocol, with the token as a second one: browsers cannot set headers on a WebSocket. */
export const EVENTS_PROTOCOL = 'storysprout.events';
export const TOKEN_PROTOCOL_PREFIX = 'storysprout.token.';

/** What each kind of file an export makes is, for the browser that downloads it. */
const EXPORT_TYPES: Record<string, string> = { '.pdf': 'application/pdf', '.epub': 'application/epub+zip', '.mp3': 'audio/mpeg' };

export interface BrowserHost {
  /** The address to open, token included. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves the renderer and the bridge over HTTP and WebSocket on 127.0.0.1, for a browser where
 * Electron cannot run and for the UI tests. Same contract, same dispatcher as IPC.
 *
 * The credential is this run's random token, and it lives only in the page: the printed link
 * carries it after `#`, which browsers never send, and the window keeps it in session storage
 * and sends it as a header. There is no cookie, because a cookie for 127.0.0.1 goes to every
 * port on it, so any other program listening there would receive it after one click. Calls,
 * pictures and exports need the token; the WebSocket takes it as a subprotocol. The window's
 * own files need none: they are the app's code, the same for everyone. Host and Origin must
 * name this server on every request, so other sites (and DNS rebinding) get nothing.
 */
export async function startBrowserHost(options: {
  core: Core;
  dispatch: Dispatch;
  rendererDir: string;
  port?: number;
}): Promise<BrowserHost> {
  const { core, dispatch, rendererDir } = options;
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`The window's files are missing from ${rendererDir}; run "npm run build" first.`);
  }
  const token = randomBytes(32).toString('base64url');
  // Request logging is off: a window makes many small requests, and their addresses name the family's pictures.
  const app = Fastify({
    loggerInstance: core.log.child({ component: 'browser-host' }),
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 32 * 1024 * 1024,
    // Windows keep event streams open and reconnect; closing must not wait for them.
    forceCloseConnections: true,
  });
  let origin = '';

  await app.register(fastifyWebsocket, { options: { handleProtocols: (offered) => (offered.has(EVENTS_PROTOCOL) ? EVENTS_PROTOCOL : false) } });

  app.addHook('onRequest', async (request, reply) => {
    if (request.headers.host !== new URL(origin).host) {
      return reply.code(421).type('text/plain').send('This StorySprout host only answers on its own address.');
    }
    const requestOrigin = request.headers.origin;
    if (requestOrigin !== undefined && requestOrigin !== origin) {
      return reply.code(403).type('text/plain').send('Requests from other sites are refused.');
    }
  });

  app.addHook('onSend', async (_request, reply) => {
    reply.header('Content-Security-Policy', contentSecurityPolicy({ connect: [origin.replace(/^http/, 'ws')] }));
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
  });

  // The family's own: every route in here needs the token, checked before anything is read.
  await app.register(async (family) => {
    family.addHook('onRequest', async (request, reply) => {
      const offered = bearerToken(request) ?? protocolToken(request);
      if (!offered || !sameToken(offered, token)) {
        return reply
          .code(401)
          .type('text/plain')
          .send('This StorySprout host needs the link it printed when it started (the token is part of it).');
      }
    });

    family.post<{ Params: { name: string } }>('/api/call/:name', async (request) => dispatch(request.params.name, request.body));

    family.get('/api/events', { websocket: true }, (socket) => {
      const unsubscribe = core.events.subscribe((message) => socket.send(JSON.stringify(message)));
      socket.send(JSON.stringify({ name: 'bridge.connected', payload: {} } satisfies BridgeEventMessage));
      socket.on('close', unsubscribe);
    });

    family.get<{ Params: { sha256: string } }>('/assets/:sha256', async (request, reply) => {
      const asset = await core.assets.find(request.params.sha256);
      // A picture held for a grown-up is not there for a child, exactly as a picture that is not there at all.
      if (!asset || !(await core.held.mayShowAsset(asset.sha256))) return reply.code(404).type('text/plain').send('No such picture or narration.');
      return reply
        .type(asset.mime)
        .header('Cache-Control', 'private, max-age=31536000, immutable')
        .send(fs.createReadStream(asset.file));
    });

    family.get<{ Params: { exportId: string } }>('/exports/:exportId', async (request, reply) => {
      const file = core.exporter.exportFile(request.params.exportId);
      if (!file) return reply.code(404).type('text/plain').send('No such export.');
      return reply
        .type(EXPORT_TYPES[path.extname(file)] ?? 'application/octet-stream')
        .header('Content-Disposition', `attachment; filename="${request.params.exportId}"`)
        .send(fs.createReadStream(file));
    });
  });

  await app.register(fastifyStatic, { root: path.resolve(rendererDir), index: 'index.html', wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && !request.url.startsWith('/api/')) return reply.sendFile('index.html');
    return reply.code(404).type('text/plain').send('Not found.');
  });

  const address = await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const port = new URL(address).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/#token=${token}`,
    port: Number(port),
    close: () => app.close(),
  };
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

function protocolToken(request: FastifyRequest): string | undefined {
  const offered = request.headers['sec-websocket-protocol']?.split(',').map((protocol) => protocol.trim());
  return offered?.find((protocol) => protocol.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length);
}



function sameToken(offered: string, expected: string): boolean {
  const a = Buffer.from(offered);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

