import { CompiledQuery, type Compilable } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testSyncServer } from '../../test-support/sync-test-server';
import { heldFileLookup } from './held-pages';
import { fieldsNaming } from './reference-lookups';
import { fieldsOfRowsQuery, rowExistsQuery } from './sync-service';

/**
 * The look-ups every push makes, as each engine plans them: through sync_fields_by_row, never by
 * reading the whole family. PostgreSQL is told not to scan, so a tiny test table shows the plan a
 * large one gets; SQLite plans from the schema alone.
 */
async function planOf(server: Awaited<ReturnType<typeof testSyncServer>>, query: Compilable): Promise<string> {
  const compiled = query.compile();
  if (server.dialect === 'sqlite') {
    const plan = await server.store.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]));
    return plan.rows.map((row) => row.detail).join('\n');
  }
  return server.store.db.transaction().execute(async (trx) => {
    await trx.executeQuery(CompiledQuery.raw('set local enable_seqscan = off'));
    const plan = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]));
    return plan.rows.map((row) => row['QUERY PLAN']).join('\n');
  });
}

describe('the sync server’s hot queries', () => {
  it('finds a push’s fields, and whether a version exists, by family and row id through sync_fields_by_row', async () => {
    const server = await testSyncServer();
    const familyId = '01a2b3c4-0000-7000-8000-000000000001';
    const rowIds = ['01a2b3c4-0000-7000-8000-0000000000aa', '01a2b3c4-0000-7000-8000-0000000000bb'];
    for (const query of [fieldsOfRowsQuery(server.store.db, familyId, rowIds), rowExistsQuery(server.store.db, familyId, rowIds[0]!)]) {
      const plan = await planOf(server, query);
      expect(plan, plan).toMatch(server.dialect === 'sqlite' ? /USING (COVERING )?INDEX sync_fields_by_row \(family_id=\? AND row_id=\?\)/ : /Index (Only )?Scan using sync_fields_by_row|Bitmap Index Scan on sync_fields_by_row/);
    }
  });

  it('finds a shared book’s pages, a page’s history and what shows a picture or plays a narration by the value they hold, through sync_fields_by_reference', async () => {
    const server = await testSyncServer();
    const familyId = '01a2b3c4-0000-7000-8000-000000000001';
    const id = '01a2b3c4-0000-7000-8000-0000000000aa';
    const sha = 'a'.repeat(64);
    const lookups = [
      fieldsNaming(server.store.db, familyId, { tables: ['pages'], columns: ['book_id'], values: [id] }).select('row_id'),
      fieldsNaming(server.store.db, familyId, { tables: ['page_versions'], columns: ['page_id'], values: [id] }).select('row_id'),
      heldFileLookup(server.store.db, familyId, sha),
      fieldsNaming(server.store.db, familyId, { tables: ['page_narrations'], columns: ['audio_asset_sha256'], values: [sha] }).select('row_id'),
    ];
    for (const query of lookups) {
      const plan = await planOf(server, query);
      expect(plan, plan).toMatch(server.dialect === 'sqlite' ? /USING INDEX sync_fields_by_reference \(family_id=\? AND column_name=\? AND value_json=\?\)/ : /Index (Only )?Scan using sync_fields_by_reference|Bitmap Index Scan on sync_fields_by_reference/);
    }
  });
});
