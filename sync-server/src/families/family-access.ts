import type { Kysely } from 'kysely';
import type { Role, SyncDatabase } from '../db/schema';
import { forbidden, notFound } from '../errors';

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
