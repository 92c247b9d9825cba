import type { FastifyInstance } from 'fastify';
import type { SyncServerConfig } from './config';

/**
 * Where families reach this server: what share links, sign-in callbacks and Stripe's way back are
 * built on, and the Origin its own pages send. PUBLIC_URL, or (config allows this only on loopback)
 * the address it listens on; never a request's Host header, which whoever sends the request chooses.
 */
export function publicAddress(app: FastifyInstance, config: Pick<SyncServerConfig, 'PUBLIC_URL' | 'HOST' | 'PORT'>) {
  const base = (): string => {
    if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/+$/, '');
    // PORT=0 picks a free port, known only once listening.
    const listening = app.server.address();
    const host = listening && typeof listening === 'object' ? listening.address : config.HOST;
    const port = listening && typeof listening === 'object' ? listening.port : config.PORT;
    return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  };
  return {
    /** The address links start with, without a trailing slash (PUBLIC_URL may carry a path). */
    base,
    origin: (): string => new URL(base()).origin,
  };
}

export type PublicAddress = ReturnType<typeof publicAddress>;
