import type { Kysely } from 'kysely';
import { isoNow, type Clock } from '../store/clock';
import { newId } from '../store/ids';
import type { StoreSchema } from '../store/schema';
import { DEFAULT_THRESHOLDS, type Crossing, type Thresholds } from '@storysprout/shared/moderation-limits';
import { thresholdsJson } from '@storysprout/shared/synced-fields';

export { crossings, DEFAULT_THRESHOLDS, type Crossing, type Thresholds } from '@storysprout/shared/moderation-limits';

/** What a parent reads in the review list. */
export function heldReason(what: 'words' | 'picture', found: Crossing[]): string {
  const list = found.map((crossing) => `${crossing.category} ${crossing.score.toFixed(2)} > ${crossing.limit}`).join(', ');
  return `The ${what} on this page went past the family's limits (${list}). A parent should look before a child sees it.`;
}

export async function familyThresholds(db: Kysely<StoreSchema>, familyId: string): Promise<Thresholds> {
  const row = await db
    .selectFrom('moderation_settings')
    .select('thresholds_json')
    .where('family_id', '=', familyId)
    .where('deleted', '=', 0)
    .executeTakeFirst();
  // Limits that cannot be read (written wrongly before synced values were checked) count as the defaults.
  return { ...DEFAULT_THRESHOLDS, ...(row ? thresholdsJson(row.thresholds_json) : null) };
}

/** Stores a family's own limits; categories not named keep the defaults. */
export async function setFamilyThresholds(db: Kysely<StoreSchema>, clock: Clock, familyId: string, thresholds: Thresholds): Promise<void> {
  const thresholds_json = JSON.stringify(thresholds);
  const updated_at = isoNow(clock);
  await db
    .insertInto('moderation_settings')
    .values({ id: newId(), family_id: familyId, thresholds_json, updated_at })
    .onConflict((oc) => oc.column('family_id').doUpdateSet({ thresholds_json, updated_at, deleted: 0 }))
    .execute();
}
