import { sql, type Kysely } from 'kysely';

/** The index's predicate as this migration makes it; 0013 makes it again with narration audio, and queries take that one. */
const REFERENCE_COLUMNS_PREDICATE = sql<boolean>`column_name in ('book_id', 'page_id', 'image_asset_sha256', 'print_asset_sha256', 'thumbnail_asset_sha256')`;

/**
 * Fields found by what they hold: a shared book's pages (pages.book_id), a page's history
 * (page_versions.page_id), what shows a picture (the *_asset_sha256 columns). Without it both
 * engines read all of a family's pages or versions. Partial, because a page's words can be longer
 * than a PostgreSQL index entry may be, and only these short values are looked up.
 */
export function referenceLookups() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`create index sync_fields_by_reference on sync_fields (family_id, column_name, value_json) where ${REFERENCE_COLUMNS_PREDICATE}`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('sync_fields_by_reference').execute();
    },
  };
}
