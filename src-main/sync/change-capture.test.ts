import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/support/temp-dir';
import { openStore } from '../store/open-store';

async function libraryWithABook() {
  const store = await openStore({ file: path.join(tempDir(), 'library.sqlite') });
  await store.db.insertInto('families').values({ id: 'f1', name: 'The Okafors', created_at: 'x', updated_at: 'x' }).execute();
  await store.db.insertInto('books').values({ id: 'b1', family_id: 'f1', title: 'Moon', status: 'draft', created_by_member_id: null, created_at: 'c', updated_at: 'u', soft_deleted_until: null }).execute();
  return store;
}

const outbox = (store: Awaited<ReturnType<typeof openStore>>) =>
  store.db.selectFrom('sync_outbox').select(['table_name', 'row_id', 'column_name', 'value_json', 'hlc']).orderBy('seq').execute();

describe('recording local changes for sync', () => {
  it('records every synced column of a new row, each stamped by this device’s clock in order', async () => {
    const store = await libraryWithABook();
    const recorded = await outbox(store);
    expect(recorded.map((change) => [change.column_name, change.value_json])).toEqual([
      ['title', '"Moon"'],
      ['status', '"draft"'],
      ['soft_deleted_until', 'null'],
      ['deleted', '0'],
      ['created_at', '"c"'],
      ['updated_at', '"u"'],
      ['blurb', '""'],
      ['reading_level', '""'],
    ]);
    const stamps = recorded.map((change) => change.hlc);
    expect([...stamps].sort()).toEqual(stamps);
    expect(new Set(stamps).size).toBe(stamps.length);
    expect(stamps.every((stamp) => stamp.endsWith(store.changes.clock.deviceId))).toBe(true);
    await store.close();
  });

  it('keeps one waiting change per field, with its newest value, and ignores writes that change nothing', async () => {
    const store = await libraryWithABook();
    await store.db.deleteFrom('sync_outbox').execute();
    await store.db.updateTable('books').set({ title: 'Sun' }).where('id', '=', 'b1').execute();
    await store.db.updateTable('books').set({ title: 'Stars' }).where('id', '=', 'b1').execute();
    await store.db.updateTable('books').set({ status: 'draft' }).where('id', '=', 'b1').execute();
    expect((await outbox(store)).map((change) => [change.column_name, change.value_json])).toEqual([['title', '"Stars"']]);
    await store.close();
  });

  it('records nothing while pulled changes are applied, and tells listeners after local writes', async () => {
    const store = await libraryWithABook();
    await store.db.deleteFrom('sync_outbox').execute();
    let told = 0;
    store.changes.onChange(() => (told += 1));
    await store.db.transaction().execute((trx) => store.changes.whilePaused(() => trx.updateTable('books').set({ title: 'From another device' }).execute()));
    await new Promise((resolve) => setImmediate(resolve));
    expect(await outbox(store)).toEqual([]);
    expect(told).toBe(0);
    await store.db.updateTable('books').set({ title: 'Mine' }).execute();
    await new Promise((resolve) => setImmediate(resolve));
    expect(told).toBe(1);
    expect(await outbox(store)).toHaveLength(1);
    await store.close();
  });

  it('starts the clock after the newest timestamp the library holds, even when the computer’s clock went back', async () => {
    const file = path.join(tempDir(), 'library.sqlite');
    const first = await openStore({ file });
    await first.db.insertInto('families').values({ id: 'f1', name: 'x', created_at: 'x', updated_at: 'x' }).execute();
    await first.db.insertInto('books').values({ id: 'b1', family_id: 'f1', title: 'Moon', status: 'draft', created_by_member_id: null, created_at: 'c', updated_at: 'u', soft_deleted_until: null }).execute();
    const newest = (await outbox(first)).at(-1)!.hlc;
    await first.close();
    const reopened = await openStore({ file, wallClock: () => Date.parse('2001-01-01T00:00:00Z') });
    expect(reopened.changes.clock.now() > newest).toBe(true);
    await reopened.close();
  });
});
