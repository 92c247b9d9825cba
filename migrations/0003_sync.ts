import { sql, type Kysely } from 'kysely';

/**
 * The columns every device shares through the sync server, as they were when this migration was
 * written. A later migration that syncs another column adds its own triggers.
 */
const SYNCED_COLUMNS = {
  books: ['title', 'status', 'soft_deleted_until', 'deleted', 'created_at', 'updated_at'],
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
  ],
  page_versions: ['page_id', 'text_content', 'image_asset_sha256', 'reason', 'created_at'],
  moderation_settings: ['thresholds_json'],
} as const;

/**
 * Sync: every local write to a synced column is recorded, by triggers, as a field change stamped
 * with the device's hybrid logical clock. A trigger cannot be forgotten by a new service the way
 * a call can. `sync_capturing()` and `sync_hlc()` are functions the store registers on its
 * connection: the first is false while changes pulled from the server are being applied.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

  await db.schema
    .createTable('sync_device')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into sync_device (id, device_id) values (1, lower(hex(randomblob(8))))`.execute(db);

  // Changes not yet accepted by the server, one per field: a field edited twice waits once, newest value.
  await db.schema
    .createTable('sync_outbox')
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('row_id', 'text', (c) => c.notNull())
    .addColumn('column_name', 'text', (c) => c.notNull())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .addColumn('hlc', 'text', (c) => c.notNull())
    .addUniqueConstraint('sync_outbox_field', ['table_name', 'row_id', 'column_name'])
    .execute();

  // What the server holds for each field this device has heard of: the winner to roll back to.
  await db.schema
    .createTable('sync_fields')
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('row_id', 'text', (c) => c.notNull())
    .addColumn('column_name', 'text', (c) => c.notNull())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .addColumn('hlc', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_fields_pk', ['table_name', 'row_id', 'column_name'])
    .execute();

  // Pictures the server named that are not here yet: the field takes them once they arrive.
  await db.schema
    .createTable('sync_waiting_pictures')
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('row_id', 'text', (c) => c.notNull())
    .addColumn('column_name', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('hlc', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_waiting_pictures_pk', ['table_name', 'row_id', 'column_name'])
    .execute();

  await db.schema
    .createTable('sync_rejections')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('row_id', 'text', (c) => c.notNull())
    .addColumn('column_name', 'text', (c) => c.notNull())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();

  // The account this library syncs with, and how far it has pulled. One at a time.
  await db.schema
    .createTable('sync_account')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('server_url', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('signed_in', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('family_id', 'text')
    .addColumn('family_name', 'text')
    .addColumn('role', 'text')
    .addColumn('cursor', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_synced_at', 'text')
    .addColumn('last_error', 'text')
    .execute();

  for (const [table, columns] of Object.entries(SYNCED_COLUMNS)) await createSyncTriggers(db, table, columns);
}

/** The two triggers that record a table's synced columns; a later migration that syncs another column makes them again. */
export async function createSyncTriggers(db: Kysely<unknown>, table: string, columns: readonly string[]): Promise<void> {
  const record = (column: string, when: string) =>
    `insert into sync_outbox (table_name, row_id, column_name, value_json, hlc)
       select '${table}', NEW.id, '${column}', json_quote(NEW.${column}), sync_hlc() where ${when}
       on conflict (table_name, row_id, column_name) do update set value_json = excluded.value_json, hlc = excluded.hlc;`;
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
