import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { forbidden } from './errors';
import type { PublicAddress } from './public-address';

/**
 * A browser sends a site's cookies with a WebSocket that any page opens, and no CORS check applies
 * to the upgrade: a page of another site could listen with a family's session. So every WebSocket
 * route takes a browser only from this server's own origin; programs that send no Origin (the
 * desktop app's `ws` client) go on to the usual sign-in check.
 */
export const sameOriginWebSockets = fp(async (app: FastifyInstance, { address }: { address: PublicAddress }) => {
  const checkOrigin = async (request: FastifyRequest) => {
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== address.origin()) throw forbidden('This socket is for StorySprout’s own pages and apps.');
  };
  app.addHook('onRoute', (route) => {
    if (!route.websocket) return;
    route.onRequest = [checkOrigin, ...(route.onRequest ? [route.onRequest].flat() : [])];
  });
});
