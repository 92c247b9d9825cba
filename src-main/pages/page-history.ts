import { sql, type Kysely, type Transaction } from 'kysely';
import { OLDER_VERSIONS_KEPT, versionsPastRetention } from '@storysprout/shared/page-history';
import { newId } from '../store/ids';
import type { PageVersionReason, StoreSchema } from '../store/schema';

/** Snapshots a page as it now is into its history, as the next version number; a held page's snapshot is marked held. */
export async function recordPageVersion(
  trx: Transaction<StoreSchema>,
  input: { pageId: string; reason: PageVersionReason; memberId: string | null; now: string },
): Promise<void> {
  const page = await trx
    .selectFrom('pages')
    .select(['text_content', 'image_asset_sha256', 'print_asset_sha256', 'thumbnail_asset_sha256', 'seed_value', 'generate_status'])
    .where('id', '=', input.pageId)
    .executeTakeFirstOrThrow();
  const { next } = await trx
    .selectFrom('page_versions')
    .select(sql<number>`coalesce(max(version_number), 0) + 1`.as('next'))
    .where('page_id', '=', input.pageId)
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('page_versions')
    .values({
      id: newId(),
      page_id: input.pageId,
      version_number: next,
      text_content: page.text_content,
      image_asset_sha256: page.image_asset_sha256,
      print_asset_sha256: page.print_asset_sha256,
      thumbnail_asset_sha256: page.thumbnail_asset_sha256,
      seed_value: page.seed_value,
      reason: input.reason,
      created_by_member_id: input.memberId,
      created_at: input.now,
      held: page.generate_status === 'held' ? 1 : 0,
    })
    .execute();
}

/**
 * Lets a page's old versions go by the rule the sync server keeps too (shared/src/page-history.ts):
 * every version of the last 30 days and the newest `olderKept` before them stay. The page itself,
 * its words and pictures, is untouched; a picture only a removed version showed goes with the next
 * clean-up of unused pictures. Returns how many versions went.
 */
export async function pruneHistory(db: Kysely<StoreSchema>, options: { now: Date; olderKept?: number }): Promise<number> {
  const versions = await db.selectFrom('page_versions').select(['id', 'page_id as pageId', 'created_at as createdAt']).execute();
  const dropped = versionsPastRetention(versions, { now: options.now.getTime(), olderKept: options.olderKept ?? OLDER_VERSIONS_KEPT });
  for (let start = 0; start < dropped.length; start += 500) await db.deleteFrom('page_versions').where('id', 'in', dropped.slice(start, start + 500)).execute();
  return dropped.length;
}
