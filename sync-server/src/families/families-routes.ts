import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { signedIn } from '../accounts/authentication';
import type { SyncStore } from '../db/database';
import type { Role } from '../db/schema';
import { ApiError, badRequest, forbidden, notFound } from '../errors';
import { hashSecret, newId, newSecret, nowIso } from '../ids';
import { membershipOf, roleIn } from './family-access';

const role = z.enum(['parent-admin', 'child-creator'], { error: "role is 'parent-admin' or 'child-creator'" });
const familyParams = z.strictObject({ id: z.uuid({ error: 'the family id is not an id' }) });
const memberView = z.object({ userId: z.string(), fullName: z.string(), role, joinedAt: z.string() });
const familyView = z.object({ id: z.string(), name: z.string(), createdAt: z.string(), members: z.array(memberView) });
const thresholds = z.record(
  z.string().regex(/^[a-z-]+(\/[a-z-]+)?$/, { error: 'a category is a name such as violence or violence/graphic' }),
  z.number().min(0, { error: 'a limit is from 0 to 1' }).max(1, { error: 'a limit is from 0 to 1' }),
);

const INVITE_DAYS_DEFAULT = 7;

/** Families (the seed's teams): make one, see it, invite, accept, change roles, leave or remove. */
export const familiesRoutes: FastifyPluginAsyncZod<{ store: SyncStore }> = async (app, { store }) => {
  const { db } = store;

  async function familyOf(id: string) {
    const family = await db.selectFrom('families').select(['id', 'name', 'created_at']).where('id', '=', id).executeTakeFirst();
    if (!family) throw notFound('That family');
    const members = await db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['users.id as userId', 'users.full_name as fullName', 'memberships.role', 'memberships.joined_at as joinedAt'])
      .where('memberships.family_id', '=', id)
      .orderBy('memberships.joined_at')
      .execute();
    return { id: family.id, name: family.name, createdAt: family.created_at, members };
  }

  app.post(
    '/api/families',
    { schema: { body: z.strictObject({ name: z.string().trim().min(1, { error: 'a family needs a name' }).max(60) }), response: { 201: familyView } } },
    async (request, reply) => {
      const user = signedIn(request);
      const id = newId();
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('families').values({ id, name: request.body.name, sync_seq: 0, moderation_json: '{}', created_at: now }).execute();
        await trx.insertInto('memberships').values({ family_id: id, user_id: user.id, role: 'parent-admin', joined_at: now }).execute();
      });
      return reply.code(201).send(await familyOf(id));
    },
  );

  app.get('/api/families/:id', { schema: { params: familyParams, response: { 200: familyView } } }, async (request) => {
    return familyOf(request.params.id);
  });

  app.post(
    '/api/families/:id/invites',
    {
      schema: {
        params: familyParams,
        body: z.strictObject({ role: role.default('child-creator'), expiresInDays: z.number().int().min(1).max(30).default(INVITE_DAYS_DEFAULT) }),
        response: { 201: z.object({ code: z.string(), role, expiresAt: z.string() }) },
      },
      config: { familyRole: 'parent-admin' },
    },
    async (request, reply) => {
      const code = newSecret();
      const expiresAt = new Date(Date.now() + request.body.expiresInDays * 86_400_000).toISOString();
      await db
        .insertInto('invites')
        .values({ code_hash: hashSecret(code), family_id: request.params.id, role: request.body.role, created_by: membershipOf(request).userId, expires_at: expiresAt, accepted_by: null })
        .execute();
      return reply.code(201).send({ code, role: request.body.role, expiresAt });
    },
  );

  app.post(
    '/api/invites/:code/accept',
    { schema: { params: z.strictObject({ code: z.string().min(10).max(100) }), response: { 200: familyView } } },
    async (request) => {
      const user = signedIn(request);
      const codeHash = hashSecret(request.params.code);
      const familyId = await db.transaction().execute(async (trx) => {
        // Claimed before anything else, by a conditional update: of many accepting at once (on
        // PostgreSQL, in parallel transactions) only the one whose update found it unused goes on.
        const claimed = await trx
          .updateTable('invites')
          .set({ accepted_by: user.id })
          .where('code_hash', '=', codeHash)
          .where('accepted_by', 'is', null)
          .where('expires_at', '>', nowIso())
          .returning(['family_id', 'role'])
          .executeTakeFirst();
        if (!claimed) {
          const invite = await trx.selectFrom('invites').select(['accepted_by']).where('code_hash', '=', codeHash).executeTakeFirst();
          if (!invite || invite.accepted_by !== null) throw notFound('That invitation');
          throw new ApiError(410, 'invite-expired', 'That invitation has expired. Ask for a new one.');
        }
        await trx
          .insertInto('memberships')
          .values({ family_id: claimed.family_id, user_id: user.id, role: claimed.role, joined_at: nowIso() })
          .onConflict((conflict) => conflict.columns(['family_id', 'user_id']).doNothing())
          .execute();
        return claimed.family_id;
      });
      return familyOf(familyId);
    },
  );

  const memberParams = z.strictObject({ id: z.uuid({ error: 'the family id is not an id' }), userId: z.uuid({ error: 'the member id is not an id' }) });

  app.patch(
    '/api/families/:id/members/:userId',
    { schema: { params: memberParams, body: z.strictObject({ role }), response: { 200: familyView } }, config: { familyRole: 'parent-admin' } },
    async (request) => {
      await roleIn(db, request.params.id, request.params.userId).catch(() => {
        throw notFound('That member');
      });
      await keepOneParent(request.params.id, request.params.userId, request.body.role);
      await db.updateTable('memberships').set({ role: request.body.role }).where('family_id', '=', request.params.id).where('user_id', '=', request.params.userId).execute();
      return familyOf(request.params.id);
    },
  );

  /** Leaving (your own id) or removing someone (parents only). */
  app.delete('/api/families/:id/members/:userId', { schema: { params: memberParams, response: { 204: z.null() } } }, async (request, reply) => {
    const { userId, role } = membershipOf(request);
    if (request.params.userId !== userId && role !== 'parent-admin') throw forbidden();
    await roleIn(db, request.params.id, request.params.userId).catch(() => {
      throw notFound('That member');
    });
    await keepOneParent(request.params.id, request.params.userId, null);
    await db.deleteFrom('memberships').where('family_id', '=', request.params.id).where('user_id', '=', request.params.userId).execute();
    return reply.code(204).send(null);
  });

  /** A family always keeps a parent: the last one can neither leave nor become a child. */
  async function keepOneParent(familyId: string, userId: string, newRole: Role | null) {
    if (newRole === 'parent-admin') return;
    const parents = await db.selectFrom('memberships').select('user_id').where('family_id', '=', familyId).where('role', '=', 'parent-admin').execute();
    if (parents.length === 1 && parents[0]!.user_id === userId) throw badRequest('A family needs at least one parent. Make someone else a parent first.');
  }

  app.get('/api/families/:id/moderation', { schema: { params: familyParams, response: { 200: z.object({ thresholds }) } } }, async (request) => {
    const family = await db.selectFrom('families').select('moderation_json').where('id', '=', request.params.id).executeTakeFirstOrThrow();
    return { thresholds: JSON.parse(family.moderation_json) as Record<string, number> };
  });

  app.put(
    '/api/families/:id/moderation',
    { schema: { params: familyParams, body: z.strictObject({ thresholds }), response: { 200: z.object({ thresholds }) } }, config: { familyRole: 'parent-admin' } },
    async (request) => {
      await db.updateTable('families').set({ moderation_json: JSON.stringify(request.body.thresholds) }).where('id', '=', request.params.id).execute();
      return { thresholds: request.body.thresholds };
    },
  );
};
