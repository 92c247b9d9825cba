import { sql, type Kysely } from 'kysely';
import { referenceLookups } from './0012_reference_lookups';

/**
 * The columns whose values name another row, a picture or a page's narration audio, as the index
 * below lists them. A query must say this very predicate for either engine to use the partial
 * index (SQLite matches it term by term), so `fieldsNaming` in sync/reference-lookups.ts takes it
 * from here.
 */
export const REFERENCE_COLUMNS_PREDICATE = sql<boolean>`column_name in ('book_id', 'page_id', 'image_asset_sha256', 'print_asset_sha256', 'thumbnail_asset_sha256', 'audio_asset_sha256')`;

/**
 * A child's download of a held page's narration audio is refused by finding what names that
 * audio, as for its pictures: sync_fields_by_reference again, with page_narrations.audio_asset_sha256
 * among its columns. A partial index's predicate cannot be altered, so it is made again.
 */
export function narrationAudioLookups() {
  const referenceLookupsBefore = referenceLookups();
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('sync_fields_by_reference').execute();
      await sql`create index sync_fields_by_reference on sync_fields (family_id, column_name, value_json) where ${REFERENCE_COLUMNS_PREDICATE}`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('sync_fields_by_reference').execute();
      await referenceLookupsBefore.up(db);
    },
  };
}
