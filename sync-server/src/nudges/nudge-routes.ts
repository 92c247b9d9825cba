import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { FamilyNudges } from './family-nudges';

/**
 * GET /api/families/:id/events (WebSocket): a device of the family hears `{type: 'changed',
 * cursor}` whenever the family's data changes, and pulls. Asked with the same bearer token or
 * cookie as every other route, and like every family route admitted before the upgrade: closed
 * for anyone else before a word is sent.
 */
export const nudgeRoutes: FastifyPluginAsyncZod<{ nudges: FamilyNudges; onOpen(delta: number): void }> = async (app, { nudges, onOpen }) => {
  app.get(
    '/api/families/:id/events',
    {
      websocket: true,
      schema: { params: z.strictObject({ id: z.uuid({ error: 'the family id is not an id' }) }), hide: true },
    },
    (socket, request) => {
      onOpen(1);
      const unsubscribe = nudges.subscribe(request.params.id, (cursor) => socket.send(JSON.stringify({ type: 'changed', cursor })));
      socket.on('close', () => {
        unsubscribe();
        onOpen(-1);
      });
    },
  );
};
