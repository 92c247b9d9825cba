import type { Kysely } from 'kysely';
import { isoNow, type Clock } from '../store/clock';
import { newId } from '../store/ids';
import type { StoreSchema } from '../store/schema';
import type { ModerationScores } from './providers/provider-types';

/**
 * A family's limits: the highest score each category may reach before a page is held for a
 * parent. Subcategories ("violence/graphic") fall back to their parent category's limit.
 * Defaults lean cautious: these are books for children.
 */
export type Thresholds = Record<string, number>;

export const DEFAULT_THRESHOLDS: Thresholds = {
  sexual: 0.1,
  'sexual/minors': 0.01,
  violence: 0.4,
  'violence/graphic': 0.2,
  'self-harm': 0.1,
  hate: 0.1,
  harassment: 0.3,
  illicit: 0.3,
};

export interface Crossing {
  category: string;
  score: number;
  limit: number;
}

export function crossings(scores: ModerationScores, thresholds: Thresholds): Crossing[] {
  const found: Crossing[] = [];
  for (const [category, score] of Object.entries(scores)) {
    const limit = thresholds[category] ?? thresholds[category.split('/')[0]!];
    if (limit !== undefined && score > limit) found.push({ category, score, limit });
  }
  return found.sort((a, b) => b.score - a.score);
}

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
  return row ? { ...DEFAULT_THRESHOLDS, ...(JSON.parse(row.thresholds_json) as Thresholds) } : DEFAULT_THRESHOLDS;
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
