import type { Kysely } from 'kysely';
import type { SyncDatabase } from '../db/schema';
import { fieldsNaming } from '../sync/reference-lookups';

export interface SharedBook {
  title: string;
  pages: { text: string; pictureSha256: string | null }[];
}

/** A book as its family's devices last synced it, from the synced fields; null when it is gone. */
export async function sharedBook(db: Kysely<SyncDatabase>, familyId: string, bookId: string): Promise<SharedBook | null> {
  const bookFields = await db.selectFrom('sync_fields').select(['column_name', 'value_json']).where('family_id', '=', familyId).where('table_name', '=', 'books').where('row_id', '=', bookId).execute();
  const book = Object.fromEntries(bookFields.map((field) => [field.column_name, JSON.parse(field.value_json) as unknown]));
  if (typeof book.title !== 'string' || book.deleted === 1) return null;

  const pageIds = await fieldsNaming(db, familyId, { tables: ['pages'], columns: ['book_id'], values: [bookId] }).select('row_id').execute();
  if (pageIds.length === 0) return { title: book.title, pages: [] };
  const pageFields = await db
    .selectFrom('sync_fields')
    .select(['row_id', 'column_name', 'value_json'])
    .where('family_id', '=', familyId)
    .where('table_name', '=', 'pages')
    .where(
      'row_id',
      'in',
      pageIds.map((page) => page.row_id),
    )
    .execute();
  const pages = new Map<string, Record<string, unknown>>();
  for (const field of pageFields) pages.set(field.row_id, { ...pages.get(field.row_id), [field.column_name]: JSON.parse(field.value_json) as unknown });
  return {
    title: book.title,
    pages: [...pages.values()]
      // A page held for a parent, or removed, is not shown to anyone outside.
      .filter((page) => page.deleted !== 1 && page.generate_status !== 'held')
      .sort((a, b) => Number(a.order_index ?? 0) - Number(b.order_index ?? 0))
      .map((page) => ({ text: typeof page.text_content === 'string' ? page.text_content : '', pictureSha256: typeof page.image_asset_sha256 === 'string' ? page.image_asset_sha256 : null })),
  };
}
