import type { Kysely } from 'kysely';
import { REFERENCE_COLUMNS_PREDICATE } from '../db/migrations/0013_narration_audio_lookups';
import type { SyncDatabase } from '../db/schema';

export type ReferenceColumn = 'book_id' | 'page_id' | 'image_asset_sha256' | 'print_asset_sha256' | 'thumbnail_asset_sha256' | 'audio_asset_sha256';

/**
 * A family's fields of these tables whose column holds one of these ids or file hashes: a book's
 * pages, a page's versions, what shows a picture or plays a narration. Found through
 * sync_fields_by_reference, whose predicate the query repeats so that both engines may use it
 * (query-plans.test.ts checks).
 */
export const fieldsNaming = (db: Kysely<SyncDatabase>, familyId: string, where: { tables: string[]; columns: readonly ReferenceColumn[]; values: string[] }) =>
  db
    .selectFrom('sync_fields')
    .where('family_id', '=', familyId)
    .where(REFERENCE_COLUMNS_PREDICATE)
    .where('column_name', 'in', where.columns)
    .where('value_json', 'in', where.values.map((value) => JSON.stringify(value)))
    .where('table_name', 'in', where.tables);
