import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { SyncStore } from '../db/database';
import { unauthorized } from '../errors';
import { userOfToken } from './sessions';

export const SESSION_COOKIE = 'storysprout_session';

export interface SignedInUser {
  id: string;
  email: string;
  fullName: string;
  token: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    user: SignedInUser | null;
  }
}

/** The token a request carries: the desktop app's bearer header, or the web's session cookie. */
export function tokenOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim() || null;
  return request.cookies[SESSION_COOKIE] ?? null;
}

/** Who is asking, on every request; routes that need someone call `signedIn`. */
export const authentication = fp(async (app: FastifyInstance, options: { store: SyncStore }) => {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request) => {
    const token = tokenOf(request);
    if (!token) return;
    const user = await userOfToken(options.store.db, token);
    if (user) request.user = { id: user.id, email: user.email, fullName: user.full_name, token };
  });
});

export function signedIn(request: FastifyRequest): SignedInUser {
  if (!request.user) throw unauthorized();
  return request.user;
}
