import type { FastifyPluginAsync } from 'fastify';
import type { SyncStore } from '../db/database';

/** /healthz: the process answers. /readyz: it can reach its database too, so a load balancer may send work. */
export const healthRoutes: FastifyPluginAsync<{ store: SyncStore }> = async (app, { store }) => {
  app.get('/healthz', { logLevel: 'warn' }, async () => ({ ok: true }));
  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
    try {
      await store.ping();
      return { ok: true, database: store.dialect };
    } catch (error) {
      return reply.code(503).send({ ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  });
};
