import type { Kysely } from 'kysely';
import { createSeeingSyncTriggers } from './0008_seen_stamps';

/**
 * Narrations travel to the family's other devices, under their page's id. Who read one travels by
 * name (members stay on each computer), so `reader_member_id` stays here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await createSeeingSyncTriggers(
    db,
    'page_narrations',
    ['audio_asset_sha256', 'source', 'provider', 'voice', 'speed', 'reader_name', 'text_digest', 'duration_ms', 'words_json', 'timing', 'approved', 'created_at', 'updated_at'],
    'page_id',
  );
}
