import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { afterEach } from 'vitest';

/** What a fake does with the next request to a route instead of answering normally. */
export type Scripted =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { hang: true }
  | { raw: string; contentType?: string }
  | { delayMs: number };

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, unknown>;
  body: unknown;
}

const servers: FastifyInstance[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

/**
 * A fake service on 127.0.0.1: it records every request, and a test can script the next answers
 * of a route (an error with headers, a hang, a malformed body) before the normal one.
 */
export async function scriptedServer(setup: (app: FastifyInstance, helpers: { answer: typeof answer }) => void | Promise<void>) {
  const app = Fastify({ bodyLimit: 64 * 1024 * 1024, forceCloseConnections: true });
  const requests: RecordedRequest[] = [];
  const scripts = new Map<string, Scripted[]>();
  app.addContentTypeParser('multipart/form-data', (_request, payload, done) => {
    const chunks: Buffer[] = [];
    payload.on('data', (chunk: Buffer) => chunks.push(chunk));
    payload.on('end', () => done(null, Buffer.concat(chunks).toString('latin1')));
  });
  app.addHook('onRequest', async (request) => {
    requests.push({ method: request.method, url: request.url, headers: request.headers, body: undefined });
  });
  app.addHook('preHandler', async (request) => {
    requests.at(-1)!.body = request.body;
  });

  /** Plays the route's next script if there is one; returns true when it answered. */
  async function answer(route: string, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const next = scripts.get(route)?.shift();
    if (!next) return false;
    if ('hang' in next) {
      // Silent until the client gives up (or long after any test's timeout).
      await new Promise((resolve) => {
        request.raw.socket.once('close', resolve);
        setTimeout(resolve, 3000).unref();
      });
      if (!reply.sent) await reply.code(504).send({ error: { message: 'hung' } });
      return true;
    }
    if ('delayMs' in next) {
      await new Promise((resolve) => setTimeout(resolve, next.delayMs));
      return false;
    }
    if ('raw' in next) {
      await reply.type(next.contentType ?? 'application/json').send(next.raw);
      return true;
    }
    await reply.code(next.status).headers(next.headers ?? {}).send(next.body ?? { error: { message: `scripted ${next.status}` } });
    return true;
  }

  await setup(app, { answer });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  servers.push(app);
  return {
    url: address,
    requests,
    requestsTo: (path: string) => requests.filter((request) => request.url.startsWith(path)),
    script: (route: string, ...steps: Scripted[]) => scripts.set(route, [...(scripts.get(route) ?? []), ...steps]),
    close: () => app.close(),
  };
}
