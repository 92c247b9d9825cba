import { sql, type Kysely } from 'kysely';

/** Every synced column as this migration found them: the triggers are all made again to record what was seen. */
const SYNCED_COLUMNS = {
  books: ['title', 'status', 'soft_deleted_until', 'deleted', 'created_at', 'updated_at', 'blurb', 'reading_level'],
  characters: ['name', 'traits_json', 'style_ref_asset_sha256', 'thumbnail_asset_sha256', 'deleted', 'updated_at'],
  pages: [
    'book_id',
    'order_index',
    'text_content',
    'illustration_brief',
    'image_asset_sha256',
    'print_asset_sha256',
    'thumbnail_asset_sha256',
    'generate_status',
    'held_reason',
    'deleted',
    'updated_at',
    'cast_json',
    'consistency_note',
  ],
  book_cast: ['book_id', 'order_index', 'name', 'look', 'character_id', 'portrait_asset_sha256', 'portrait_problem', 'deleted', 'updated_at'],
  page_versions: ['page_id', 'text_content', 'image_asset_sha256', 'reason', 'created_at', 'held'],
  moderation_settings: ['thresholds_json'],
} as const;

/**
 * A change says what its device had seen of the field: the stamp of the server's value it was made
 * over (`seen_hlc`), so the server keeps a page's displaced words only when the writer had not seen
 * them. Changes waiting now have none, and are taken as the server took them before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table sync_outbox add column seen_hlc text`.execute(db);
  for (const [table, columns] of Object.entries(SYNCED_COLUMNS)) {
    await sql.raw(`drop trigger sync_${table}_insert`).execute(db);
    await sql.raw(`drop trigger sync_${table}_update`).execute(db);
    await createSeeingSyncTriggers(db, table, columns);
  }
}

/**
 * The triggers that record a table's synced columns with what was seen of each. A field edited
 * again before it is sent keeps the stamp its first edit was made over, unless the server's value
 * replaced that edit here since (a pulled value newer than the edit is applied): then that is seen.
 * A row travels under its `key` (a page's narration under its page's id).
 */
export async function createSeeingSyncTriggers(db: Kysely<unknown>, table: string, columns: readonly string[], key = 'id'): Promise<void> {
  const record = (column: string, when: string) =>
    `insert into sync_outbox (table_name, row_id, column_name, value_json, hlc, seen_hlc)
       select '${table}', NEW.${key}, '${column}', json_quote(NEW.${column}), sync_hlc(),
         (select hlc from sync_fields where table_name = '${table}' and row_id = NEW.${key} and column_name = '${column}')
       where ${when}
       on conflict (table_name, row_id, column_name) do update set value_json = excluded.value_json, hlc = excluded.hlc,
         seen_hlc = case when excluded.seen_hlc > sync_outbox.hlc then excluded.seen_hlc else sync_outbox.seen_hlc end;`;
  await sql
    .raw(`create trigger sync_${table}_insert after insert on ${table} when sync_capturing() begin ${columns.map((column) => record(column, 'true')).join('\n')} end`)
    .execute(db);
  await sql
    .raw(
      `create trigger sync_${table}_update after update on ${table} when sync_capturing() begin ${columns
        .map((column) => record(column, `NEW.${column} is not OLD.${column}`))
        .join('\n')} end`,
    )
    .execute(db);
}
