import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src-main/store/open-store';
import { tempDir } from '../tests/support/temp-dir';
import { storeMigrations } from '.';

describe('0008: what a change had seen', () => {
  it('keeps waiting changes as they were, and records the server’s stamp each edit was made over', async () => {
    const file = path.join(tempDir(), 'library.sqlite');
    const older = await openStore({ file, migrations: Object.fromEntries(Object.entries(storeMigrations).filter(([name]) => name < '0008_seen_stamps')) });
    const now = '2026-11-01T00:00:00.000Z';
    await sql`insert into families (id, name, created_at, updated_at) values ('f', 'F', ${now}, ${now})`.execute(older.db);
    await sql`insert into books (id, family_id, title, status, created_at, updated_at) values ('b', 'f', 'The Moon Cat', 'draft', ${now}, ${now})`.execute(older.db);
    await sql`insert into pages (id, book_id, order_index, text_content, created_at, updated_at) values ('p', 'b', 0, 'Once.', ${now}, ${now})`.execute(older.db);
    await older.close();

    const after = await openStore({ file });
    const waiting = () => after.db.selectFrom('sync_outbox').select(['column_name', 'hlc', 'seen_hlc']).where('row_id', '=', 'p').where('column_name', '=', 'text_content').executeTakeFirstOrThrow();
    expect((await waiting()).seen_hlc).toBeNull();
    await sql`delete from sync_outbox`.execute(after.db);

    // The server's words for the page, as a sync records them.
    const server = '2026-11-01T00:00:01.000Z-0000-aaaaaaaaaaaaaaaa';
    await sql`insert into sync_fields (table_name, row_id, column_name, value_json, hlc) values ('pages', 'p', 'text_content', '"Once, at noon."', ${server})`.execute(after.db);
    await after.db.updateTable('pages').set({ text_content: 'Once, at night.' }).where('id', '=', 'p').execute();
    expect(await waiting()).toMatchObject({ seen_hlc: server });
    const firstEdit = (await waiting()).hlc;

    // Edited again before it is sent: the words still came from the server's first.
    await sql`update sync_fields set hlc = '2000-01-01T00:00:00.000Z-0000-aaaaaaaaaaaaaaaa'`.execute(after.db);
    await after.db.updateTable('pages').set({ text_content: 'Once, at midnight.' }).where('id', '=', 'p').execute();
    expect(await waiting()).toMatchObject({ seen_hlc: server });

    // A pulled value newer than the waiting edit replaced it here: the next edit was made over that.
    const pulledOver = `${firstEdit.slice(0, 24).replace(/\d{3}Z$/, '999Z')}-0000-bbbbbbbbbbbbbbbb`;
    await sql`update sync_fields set hlc = ${pulledOver}`.execute(after.db);
    await after.db.updateTable('pages').set({ text_content: 'Once, at dawn.' }).where('id', '=', 'p').execute();
    expect(await waiting()).toMatchObject({ seen_hlc: pulledOver });
    await after.close();
  });
});
