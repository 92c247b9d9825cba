import { sql, type Kysely } from 'kysely';
import { createSyncTriggers } from './0003_sync';

/**
 * A book's cast: every character with a look fixed for the whole book and a reference portrait
 * that each page is drawn from. Pages say which cast members they show, what a consistency check
 * still found different after its redraw, and books how well the story fits its reader. All of it
 * syncs: the portraits travel with the book, so another device redraws a page from the same faces.
 * A generation may now wait for the family to meet its cast ('reviewing').
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await allowReviewingGenerations(db);

  await sql`
    create table book_cast (
      id text primary key,
      book_id text not null references books (id) on delete cascade,
      order_index integer not null,
      name text not null,
      look text not null,
      -- The family character it came from, if any: a soft link, as that character may be deleted or not synced yet.
      character_id text,
      portrait_asset_sha256 text references assets (sha256),
      portrait_seed integer,
      portrait_problem text,
      created_at text not null,
      updated_at text not null,
      deleted integer not null default 0
    )`.execute(db);
  await sql`create index book_cast_book on book_cast (book_id, order_index)`.execute(db);
  await createSyncTriggers(db, 'book_cast', ['book_id', 'order_index', 'name', 'look', 'character_id', 'portrait_asset_sha256', 'portrait_problem', 'deleted', 'updated_at']);

  await sql`alter table pages add column cast_json text not null default '[]'`.execute(db);
  await sql`alter table pages add column consistency_note text`.execute(db);
  await sql`drop trigger sync_pages_insert`.execute(db);
  await sql`drop trigger sync_pages_update`.execute(db);
  await createSyncTriggers(db, 'pages', [
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
  ]);

  await sql`alter table books add column reading_level text not null default ''`.execute(db);
  await sql`drop trigger sync_books_insert`.execute(db);
  await sql`drop trigger sync_books_update`.execute(db);
  await createSyncTriggers(db, 'books', ['title', 'status', 'soft_deleted_until', 'deleted', 'created_at', 'updated_at', 'blurb', 'reading_level']);
}

/**
 * SQLite cannot change a CHECK constraint, so the table is made again (its documented way: foreign
 * keys off, copy, swap, check, on). Migrations run outside a transaction, where the pragma takes effect.
 */
async function allowReviewingGenerations(db: Kysely<unknown>): Promise<void> {
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      await sql`
        create table generations_new (
          id text primary key,
          family_id text not null references families (id),
          book_id text not null references books (id) on delete cascade,
          request_json text not null,
          status text not null check (status in ('waiting', 'active', 'reviewing', 'complete', 'failed', 'cancelled')),
          text_provider text not null,
          image_provider text not null,
          estimated_cost_usd real not null default 0,
          error text,
          created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
          updated_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        )`.execute(trx);
      await sql`
        insert into generations_new (id, family_id, book_id, request_json, status, text_provider, image_provider, estimated_cost_usd, error, created_at, updated_at)
        select id, family_id, book_id, request_json, status, text_provider, image_provider, estimated_cost_usd, error, created_at, updated_at from generations`.execute(trx);
      await sql`drop table generations`.execute(trx);
      await sql`alter table generations_new rename to generations`.execute(trx);
      await sql`create index generations_by_family_status on generations (family_id, status, created_at)`.execute(trx);
      await sql`create index generations_by_book on generations (book_id, created_at)`.execute(trx);
      const broken = await sql`pragma foreign_key_check`.execute(trx);
      if (broken.rows.length > 0) throw new Error(`Remaking the generations table broke ${broken.rows.length} references.`);
    });
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
