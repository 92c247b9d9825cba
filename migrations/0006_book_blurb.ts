import { sql, type Kysely } from 'kysely';
import { createSyncTriggers } from './0003_sync';

/**
 * A book's blurb, the few sentences on its printed back cover. It syncs like the title. Books made
 * before it have none (''), as every device has until someone writes one, so nothing is sent now.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table books add column blurb text not null default ''`.execute(db);
  await sql`drop trigger sync_books_insert`.execute(db);
  await sql`drop trigger sync_books_update`.execute(db);
  await createSyncTriggers(db, 'books', ['title', 'status', 'soft_deleted_until', 'deleted', 'created_at', 'updated_at', 'blurb']);
}
