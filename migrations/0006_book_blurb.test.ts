import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src-main/store/open-store';
import { tempDir } from '../tests/support/temp-dir';
import { storeMigrations } from '.';

describe('0006: a book’s blurb', () => {
  it('gives an existing library the column, sends nothing for it, and records it from then on', async () => {
    const file = path.join(tempDir(), 'library.sqlite');
    const upTo = (last: string) => Object.fromEntries(Object.entries(storeMigrations).filter(([name]) => name <= last));
    const older = await openStore({ file, migrations: upTo('0005_clock_repair') });
    const now = '2026-11-01T00:00:00.000Z';
    await sql`insert into families (id, name, created_at, updated_at) values ('f', 'F', ${now}, ${now})`.execute(older.db);
    await sql`insert into books (id, family_id, title, status, created_at, updated_at) values ('b', 'f', 'The Moon Cat', 'complete', ${now}, ${now})`.execute(older.db);
    // As if all of it had been synced already.
    await sql`delete from sync_outbox`.execute(older.db);
    await older.close();

    const after = await openStore({ file, migrations: upTo('0006_book_blurb') });
    expect(await after.db.selectFrom('books').select(['title', 'blurb']).execute()).toEqual([{ title: 'The Moon Cat', blurb: '' }]);
    expect(await after.db.selectFrom('sync_outbox').selectAll().execute()).toEqual([]);

    const outbox = () => after.db.selectFrom('sync_outbox').select(['row_id', 'column_name', 'value_json']).orderBy('seq').execute();
    await after.db.updateTable('books').set({ blurb: 'A cat who naps on the moon.' }).where('id', '=', 'b').execute();
    expect(await outbox()).toEqual([{ row_id: 'b', column_name: 'blurb', value_json: '"A cat who naps on the moon."' }]);
    // The columns recorded before still are.
    await after.db.updateTable('books').set({ title: 'The Moon Cat Naps' }).where('id', '=', 'b').execute();
    expect((await outbox()).map((change) => change.column_name)).toEqual(['blurb', 'title']);
    // A new book sends its blurb with the rest of it.
    await after.db.insertInto('books').values({ id: 'b2', family_id: 'f', title: 'Sun', status: 'draft', created_by_member_id: null, created_at: now, updated_at: now, soft_deleted_until: null }).execute();
    const newBook = (await outbox()).filter((change) => change.row_id === 'b2');
    expect(newBook.map((change) => change.column_name).sort()).toEqual(['blurb', 'created_at', 'deleted', 'soft_deleted_until', 'status', 'title', 'updated_at']);
    expect(newBook.find((change) => change.column_name === 'blurb')?.value_json).toBe('""');
    await after.close();
  });
});
