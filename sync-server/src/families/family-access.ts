import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { signedIn } from '../accounts/authentication';
import type { SyncStore } from '../db/database';
import type { Role, SyncDatabase } from '../db/schema';
import { forbidden, notFound } from '../errors';

/** Who is asking a family route, settled before the route reads anything the request carries. */
export interface Membership {
  familyId: string;
  userId: string;
  role: Role;
}

declare module 'fastify' {
  interface FastifyRequest {
    membership: Membership | null;
  }
  interface FastifyContextConfig {
    /** A family route only parents may call. */
    familyRole?: 'parent-admin';
  }
}

/**
 * The role of `userId` in `familyId`. Someone outside the family is told it was not found, the
 * same as for a family that does not exist; `need: 'parent-admin'` refuses a child with 403.
 */
export async function roleIn(db: Kysely<SyncDatabase>, familyId: string, userId: string, need?: Role): Promise<Role> {
  const membership = await db.selectFrom('memberships').select('role').where('family_id', '=', familyId).where('user_id', '=', userId).executeTakeFirst();
  if (!membership) throw notFound('That family');
  if (need === 'parent-admin' && membership.role !== 'parent-admin') throw forbidden();
  return membership.role;
}

const FAMILY_ROUTE = /^\/api\/families\/:id(\/|$)/;
const familyId = z.uuid();

/**
 * Every route under /api/families/:id is for the members of that family (and, with
 * `config: { familyRole: 'parent-admin' }`, its parents). That is settled in `onRequest`, before
 * Fastify reads a body, so a stranger's upload is refused unread; the handler finds who asked in
 * `membershipOf(request)`.
 */
export const familyAccess = fp(async (app: FastifyInstance, { store }: { store: SyncStore }) => {
  app.decorateRequest('membership', null);
  app.addHook('onRoute', (route) => {
    if (!FAMILY_ROUTE.test(route.url)) return;
    const need = route.config?.familyRole;
    // Answered before the body is read, Node closes the connection rather than take the rest of it.
    const admit = async (request: FastifyRequest) => {
      const user = signedIn(request);
      const id = (request.params as { id: string }).id;
      // What is not an id names no family (and never reaches the database).
      if (!familyId.safeParse(id).success) throw notFound('That family');
      request.membership = { familyId: id, userId: user.id, role: await roleIn(store.db, id, user.id, need) };
    };
    route.onRequest = [...(route.onRequest ? [route.onRequest].flat() : []), admit];
  });
});

/** Who asked a family route, and their role there. */
export function membershipOf(request: FastifyRequest): Membership {
  if (!request.membership) throw new Error(`${request.routeOptions.url ?? request.url} is not a family route, so nobody was admitted to it.`);
  return request.membership;
}
