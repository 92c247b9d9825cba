import { sql, type Transaction } from 'kysely';
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
