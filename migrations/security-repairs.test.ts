import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { parseStamp } from '@storysprout/shared/clock-stamps';
import { openStore } from '../src-main/store/open-store';
import { tempDir } from '../tests/support/temp-dir';
import { storeMigrations } from '.';

/** A library as the release before these migrations left it. */
async function libraryBefore(migration: string) {
  const file = path.join(tempDir(), 'library.sqlite');
  const names = Object.keys(storeMigrations).filter((name) => name < migration);
  const older = await openStore({ file, migrations: Object.fromEntries(names.map((name) => [name, storeMigrations[name]!])) });
  return { file, db: older.db, close: () => older.close() };
}

describe('migrations that mend what was let in before checks', () => {
  it('0004 marks the history a held page made while held, and records the mark for sync from then on', async () => {
    const before = await libraryBefore('0004_held_snapshots');
    const now = '2026-11-01T00:00:00.000Z';
    await sql`insert into families (id, name, created_at, updated_at) values ('f', 'F', ${now}, ${now})`.execute(before.db);
    await sql`insert into books (id, family_id, title, status, created_at, updated_at) values ('b', 'f', 'B', 'complete', ${now}, ${now})`.execute(before.db);
    await sql`insert into pages (id, book_id, order_index, text_content, generate_status, held_reason, created_at, updated_at)
      values ('held', 'b', 0, 'blood', 'held', 'The words…', ${now}, ${now}), ('shown', 'b', 1, 'calm', 'complete', null, ${now}, ${now})`.execute(before.db);
    await sql`insert into page_versions (id, page_id, version_number, text_content, reason, created_at)
      values ('v1', 'held', 1, '', 'created', ${now}), ('v2', 'held', 2, 'blood', 'generated', ${now}), ('v3', 'shown', 1, 'calm', 'generated', ${now})`.execute(before.db);
    // As if all of it had been synced already.
    await sql`delete from sync_outbox`.execute(before.db);
    await before.close();

    const after = await openStore({ file: before.file });
    const marks = await sql<{ id: string; held: number }>`select id, held from page_versions order by id`.execute(after.db);
    expect(marks.rows).toEqual([
      { id: 'v1', held: 0 },
      { id: 'v2', held: 1 },
      { id: 'v3', held: 0 },
    ]);
    // The mark waits to be sent, stamped by this device; a later change of it is recorded as any other.
    const device = await sql<{ device_id: string }>`select device_id from sync_device`.execute(after.db);
    const waiting = await sql<{ row_id: string; column_name: string; value_json: string; hlc: string }>`select row_id, column_name, value_json, hlc from sync_outbox`.execute(after.db);
    expect(waiting.rows).toEqual([{ row_id: 'v2', column_name: 'held', value_json: '1', hlc: expect.stringMatching(new RegExp(`^\\d{4}-\\d{2}-\\d{2}T[\\d:.]{12}Z-0000-${device.rows[0]!.device_id}$`)) }]);
    expect(parseStamp(waiting.rows[0]!.hlc)).not.toBeNull();
    await sql`update page_versions set held = 0 where id = 'v2'`.execute(after.db);
    const recorded = await sql<{ column_name: string; value_json: string }>`select column_name, value_json from sync_outbox where row_id = 'v2'`.execute(after.db);
    expect(recorded.rows).toEqual([{ column_name: 'held', value_json: '0' }]);
    await after.close();
  });

  it('0005 moves a server stamp that is no real moment back to 1970, and leaves real ones', async () => {
    const before = await libraryBefore('0005_clock_repair');
    const real = '2026-11-01T10:00:00.000Z-0001-00000000000000bb';
    await sql`insert into sync_fields (table_name, row_id, column_name, value_json, hlc) values
      ('books', 'b1', 'title', '"Taken"', '9999-99-99T99:99:99.999Z-0000-00000000000000aa'),
      ('books', 'b1', 'status', '"draft"', ${real})`.execute(before.db);
    await sql`insert into sync_waiting_pictures (table_name, row_id, column_name, sha256, hlc) values ('pages', 'p1', 'image_asset_sha256', ${'a'.repeat(64)}, '2099-01-01T00:00:00.000Z-0000-00000000000000aa')`.execute(before.db);
    await before.close();

    const after = await openStore({ file: before.file });
    const stamps = await sql<{ column_name: string; hlc: string }>`select column_name, hlc from sync_fields order by column_name`.execute(after.db);
    expect(stamps.rows).toEqual([
      { column_name: 'status', hlc: real },
      { column_name: 'title', hlc: '1970-01-01T00:00:00.000Z-0000-00000000000000aa' },
    ]);
    const waiting = await sql<{ hlc: string }>`select hlc from sync_waiting_pictures`.execute(after.db);
    expect(waiting.rows).toEqual([{ hlc: '1970-01-01T00:00:00.000Z-0000-00000000000000aa' }]);
    await after.close();
  });
});
