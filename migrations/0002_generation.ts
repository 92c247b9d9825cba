import { sql, type Kysely } from 'kysely';

/** Making a book with AI: each request and its place in line, cached provider answers, print renditions. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

  await db.schema
    .createTable('generations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('family_id', 'text', (c) => c.notNull().references('families.id'))
    .addColumn('book_id', 'text', (c) => c.notNull().references('books.id').onDelete('cascade'))
    .addColumn('request_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('waiting', 'active', 'complete', 'failed', 'cancelled')`),
    )
    .addColumn('text_provider', 'text', (c) => c.notNull())
    .addColumn('image_provider', 'text', (c) => c.notNull())
    .addColumn('estimated_cost_usd', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('generations_by_family_status').on('generations').columns(['family_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('generations_by_book').on('generations').columns(['book_id', 'created_at']).execute();

  await db.schema
    .createTable('provider_cache')
    .addColumn('request_key', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('result_json', 'text')
    .addColumn('asset_sha256', 'text', (c) => c.references('assets.sha256'))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema.alterTable('jobs').addColumn('generation_id', 'text', (c) => c.references('generations.id').onDelete('cascade')).execute();
  await db.schema.createIndex('jobs_by_generation').on('jobs').columns(['generation_id', 'status']).execute();

  await db.schema.alterTable('pages').addColumn('print_asset_sha256', 'text', (c) => c.references('assets.sha256')).execute();
  await db.schema.alterTable('pages').addColumn('thumbnail_asset_sha256', 'text', (c) => c.references('assets.sha256')).execute();
  await db.schema.alterTable('page_versions').addColumn('print_asset_sha256', 'text', (c) => c.references('assets.sha256')).execute();
  await db.schema.alterTable('page_versions').addColumn('thumbnail_asset_sha256', 'text', (c) => c.references('assets.sha256')).execute();
}
