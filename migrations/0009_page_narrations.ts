import { sql, type Kysely } from 'kysely';

/**
 * A page read aloud: the audio (an MP3 in the asset store), who or what read it, the words it was
 * read from (so an edit of the words shows it is out of date), and when each word is said.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('page_narrations')
    .addColumn('page_id', 'text', (c) => c.primaryKey().references('pages.id').onDelete('cascade'))
    // Null only while a narration synced from another device waits for its audio to arrive.
    .addColumn('audio_asset_sha256', 'text')
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('generated', 'recorded')`))
    // Generated: the service, its model, the voice and pace. Recorded: the member who read it.
    .addColumn('provider', 'text')
    .addColumn('voice', 'text')
    .addColumn('speed', 'real')
    .addColumn('reader_member_id', 'text')
    .addColumn('reader_name', 'text', (c) => c.notNull())
    .addColumn('text_digest', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('words_json', 'text', (c) => c.notNull())
    .addColumn('timing', 'text', (c) => c.notNull().check(sql`timing in ('transcript', 'syllables')`))
    // A child's recording waits for a parent to say it is used.
    .addColumn('approved', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
