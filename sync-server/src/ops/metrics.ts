import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ApiError } from '../errors';

/** The server's Prometheus metrics, on a registry of its own (tests build many servers in one process). */
export function syncServerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requestSeconds = new Histogram({
    name: 'storysprout_http_request_duration_seconds',
    help: 'Time to answer a request, by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const syncBatch = new Histogram({
    name: 'storysprout_sync_batch_changes',
    help: 'Changes a device sent in one sync',
    buckets: [0, 1, 10, 50, 100, 500, 1000, 5000],
    registers: [registry],
  });
  const syncRejected = new Counter({ name: 'storysprout_sync_rejected_changes_total', help: 'Changes refused, with a reason sent back', registers: [registry] });
  const openSockets = new Gauge({ name: 'storysprout_open_websockets', help: 'Devices listening for nudges', registers: [registry] });

  return {
    registry,
    recordSync: (sent: number, rejected: number) => {
      syncBatch.observe(sent);
      syncRejected.inc(rejected);
    },
    socketOpened: (delta: number) => openSockets.inc(delta),
    /**
     * Times every answer; the route's pattern is the label, so ids do not explode the series.
     * /metrics tells how busy the server is and which routes fail, so it is served only with a
     * token to ask for it with, and only to whoever sends that token.
     */
    instrument(app: FastifyInstance, token: string | undefined) {
      app.addHook('onResponse', async (request, reply) => {
        requestSeconds.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
      });
      if (!token) return;
      const expected = sha256(token);
      const checkToken = async (request: FastifyRequest) => {
        const header = request.headers.authorization;
        const given = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
        // Digests are compared, so the comparison takes as long whatever the length or the first wrong byte.
        if (!timingSafeEqual(sha256(given), expected)) throw new ApiError(401, 'unauthorized', 'The metrics are read with the METRICS_TOKEN as a bearer token.');
      };
      app.get('/metrics', { schema: { hide: true }, logLevel: 'warn', onRequest: checkToken }, async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
    },
  };
}

const sha256 = (value: string) => createHash('sha256').update(value).digest();
