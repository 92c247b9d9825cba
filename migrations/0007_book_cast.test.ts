import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src-main/store/open-store';
import { tempDir } from '../tests/support/temp-dir';
import { storeMigrations } from '.';

describe('0007: a book’s cast', () => {
  it('keeps every generation and its jobs while the table is remade to allow a pause for the cast, and records the new columns for sync', async () => {
    const file = path.join(tempDir(), 'library.sqlite');
    const older = await openStore({ file, migrations: Object.fromEntries(Object.entries(storeMigrations).filter(([name]) => name < '0007_book_cast')) });
    const now = '2026-11-01T00:00:00.000Z';
    await sql`insert into families (id, name, created_at, updated_at) values ('f', 'F', ${now}, ${now})`.execute(older.db);
    await sql`insert into books (id, family_id, title, status, created_at, updated_at) values ('b', 'f', 'The Moon Cat', 'generating', ${now}, ${now})`.execute(older.db);
    await sql`insert into pages (id, book_id, order_index, created_at, updated_at) values ('p', 'b', 0, ${now}, ${now})`.execute(older.db);
    await sql`insert into generations (id, family_id, book_id, request_json, status, text_provider, image_provider, estimated_cost_usd, created_at, updated_at)
      values ('g', 'f', 'b', '{}', 'active', 'offline', 'offline', 0.25, ${now}, ${now})`.execute(older.db);
    await sql`insert into jobs (id, family_id, generation_id, book_id, page_id, kind, payload_json, status, attempt, run_after, created_at, updated_at)
      values ('j', 'f', 'g', 'b', 'p', 'picture:offline', '{}', 'queued', 0, ${now}, ${now}, ${now})`.execute(older.db);
    await sql`delete from sync_outbox`.execute(older.db);
    await older.close();

    const after = await openStore({ file });
    expect(await after.db.selectFrom('generations').select(['id', 'status', 'estimated_cost_usd']).execute()).toEqual([{ id: 'g', status: 'active', estimated_cost_usd: 0.25 }]);
    expect(await after.db.selectFrom('jobs').select(['id', 'generation_id']).execute()).toEqual([{ id: 'j', generation_id: 'g' }]);
    await after.db.updateTable('generations').set({ status: 'reviewing' }).where('id', '=', 'g').execute();
    await expect(sql`update generations set status = 'dreaming'`.execute(after.db)).rejects.toThrow(/CHECK constraint failed/);
    expect(await after.db.selectFrom('sync_outbox').selectAll().execute()).toEqual([]);

    await after.db.updateTable('pages').set({ cast_json: '["c"]', consistency_note: 'Pip: blue scarf' }).where('id', '=', 'p').execute();
    await after.db.updateTable('books').set({ reading_level: 'About right for 5' }).where('id', '=', 'b').execute();
    const changed = await after.db.selectFrom('sync_outbox').select(['table_name', 'column_name']).orderBy('seq').execute();
    expect(changed).toEqual([
      { table_name: 'pages', column_name: 'cast_json' },
      { table_name: 'pages', column_name: 'consistency_note' },
      { table_name: 'books', column_name: 'reading_level' },
    ]);

    // The jobs still belong to their generation in the remade table: a generation removed takes its jobs.
    await sql`delete from generations where id = 'g'`.execute(after.db);
    expect(await after.db.selectFrom('jobs').select('id').execute()).toEqual([]);
    await after.close();
  });
});
