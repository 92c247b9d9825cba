import { sql, type Kysely } from 'kysely';
import { createSyncTriggers } from './0003_sync';

/**
 * A page's history keeps what moderation held: a snapshot taken while its page was held is marked,
 * so it stays a parent's once the page itself is let through or drawn again. The mark syncs, so
 * every device and the server keep it from children too.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table page_versions add column held integer not null default 0`.execute(db);
  // Snapshots moderation made of pages held now; earlier ones cannot be told apart any more.
  await sql`
    update page_versions set held = 1
    where reason in ('generated', 'redrawn')
      and page_id in (select id from pages where generate_status = 'held')`.execute(db);
  // The marks go to the family's other devices and the server too: stamped now by this device, as its clock would.
  await sql`
    insert into sync_outbox (table_name, row_id, column_name, value_json, hlc)
    select 'page_versions', id, 'held', '1', strftime('%Y-%m-%dT%H:%M:%fZ', 'now') || '-0000-' || (select device_id from sync_device)
    from page_versions where held = 1
    on conflict (table_name, row_id, column_name) do update set value_json = excluded.value_json, hlc = excluded.hlc`.execute(db);
  await sql`create index page_versions_held on page_versions (page_id) where held = 1`.execute(db);
  await sql`drop trigger sync_page_versions_insert`.execute(db);
  await sql`drop trigger sync_page_versions_update`.execute(db);
  await createSyncTriggers(db, 'page_versions', ['page_id', 'text_content', 'image_asset_sha256', 'reason', 'created_at', 'held']);
}
