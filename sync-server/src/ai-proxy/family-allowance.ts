import type { Kysely } from 'kysely';
import { currentPeriod } from '../billing/billing-routes';
import type { Plan } from '../billing/plans';
import type { SyncStore } from '../db/database';
import type { SyncDatabase } from '../db/schema';
import { newId, nowIso } from '../ids';

export type Metered = 'books' | 'pictures';

/** How long a generation may hold a slot before it is taken as abandoned (an instance that died). */
const SLOT_EXPIRES_MS = 10 * 60 * 1000;

/** Why a family may not generate now, in words for the parent; null when it may. */
export async function refusalFor(db: Kysely<SyncDatabase>, plans: Plan[], familyId: string, metered: Metered, count: number): Promise<string | null> {
  const subscription = await db.selectFrom('subscriptions').select(['plan_name', 'status']).where('family_id', '=', familyId).executeTakeFirst();
  const plan = subscription && ['active', 'trialing'].includes(subscription.status) ? plans.find((each) => each.name === subscription.plan_name) : undefined;
  if (!plan) return 'This family has no active StorySprout subscription. A parent can choose a plan in Settings, or add an OpenAI key of their own.';
  const used = await db.selectFrom('usage').select(['books', 'pictures']).where('family_id', '=', familyId).where('period', '=', currentPeriod()).executeTakeFirst();
  const included = metered === 'books' ? plan.monthlyBooks : plan.monthlyPictures;
  if ((used?.[metered] ?? 0) + count > included) return `This month's ${included} ${metered} on the ${plan.name} plan are used up. They renew on the 1st.`;
  return null;
}

/** Counts what a family used this month; called once the service has done the work, whether or not the device is still there. */
export async function recordUsage(db: Kysely<SyncDatabase>, familyId: string, metered: Metered, count: number): Promise<void> {
  const row = { family_id: familyId, period: currentPeriod(), books: metered === 'books' ? count : 0, pictures: metered === 'pictures' ? count : 0 };
  await db
    .insertInto('usage')
    .values(row)
    .onConflict((conflict) =>
      conflict.columns(['family_id', 'period']).doUpdateSet((update) => ({
        books: update('usage.books', '+', update.ref('excluded.books')),
        pictures: update('usage.pictures', '+', update.ref('excluded.pictures')),
      })),
    )
    .execute();
}

/**
 * Takes one of the family's slots for a generation, or returns null when all are taken. Counted in
 * the database under the family's row lock, so several instances share one limit.
 */
export async function takeSlot(store: SyncStore, familyId: string, userId: string, limit: number): Promise<string | null> {
  return store.db.transaction().execute(async (trx) => {
    const lock = trx.selectFrom('families').select('id').where('id', '=', familyId);
    await (store.dialect === 'postgres' ? lock.forUpdate() : lock).executeTakeFirstOrThrow();
    const since = new Date(Date.now() - SLOT_EXPIRES_MS).toISOString();
    await trx.deleteFrom('active_generations').where('family_id', '=', familyId).where('started_at', '<', since).execute();
    const { active } = await trx
      .selectFrom('active_generations')
      .select((select) => select.fn.countAll<number>().as('active'))
      .where('family_id', '=', familyId)
      .executeTakeFirstOrThrow();
    if (Number(active) >= limit) return null;
    const id = newId();
    await trx.insertInto('active_generations').values({ id, family_id: familyId, user_id: userId, started_at: nowIso() }).execute();
    return id;
  });
}

export async function releaseSlot(db: Kysely<SyncDatabase>, slotId: string): Promise<void> {
  await db.deleteFrom('active_generations').where('id', '=', slotId).execute();
}
