import path from 'node:path';
import { Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/temp-dir';
import { testSyncServer } from '../../test-support/sync-test-server';
import { SqliteThreadDialect } from './sqlite-thread-dialect';

/** A statement that keeps SQLite busy for a while (hundreds of milliseconds and more on this machine). */
const LONG_STATEMENT = sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < 5000000) select count(*) as count from n`;

describe.skipIf(Boolean(process.env.SYNC_TEST_DATABASE_URL))('SQLite on a thread of its own', () => {
  it('answers /healthz while a long statement runs, before that statement is done', async () => {
    const server = await testSyncServer();
    const order: string[] = [];
    const long = LONG_STATEMENT.execute(server.store.db).then(() => order.push('statement'));
    // Let the statement reach the thread first.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const health = await server.app.inject({ method: 'GET', url: '/healthz' });
    order.push('healthz');
    await long;
    expect(health.statusCode).toBe(200);
    expect(order).toEqual(['healthz', 'statement']);
  });

  it('answers /readyz while a transaction holds the connection: a busy database is a ready one', async () => {
    const server = await testSyncServer();
    let finish!: () => void;
    const holding = server.store.db.transaction().execute(async (trx) => {
      await trx.selectFrom('families').select('id').execute();
      await new Promise<void>((resolve) => (finish = resolve));
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const ready = await server.app.inject({ method: 'GET', url: '/readyz' });
    finish();
    await holding;
    expect(ready.json()).toEqual({ ok: true, database: 'sqlite' });
  });

  it('gives SQLite’s error with its code, rolls a failed transaction back, and goes on', async () => {
    const db = new Kysely<{ kept: { name: string } }>({ dialect: new SqliteThreadDialect({ file: path.join(tempDir(), 'test.sqlite'), pragmas: ['journal_mode = WAL'] }) });
    try {
      await sql`create table kept (name text primary key)`.execute(db);
      await db.insertInto('kept').values({ name: 'Pip' }).execute();
      const failed = db.transaction().execute(async (trx) => {
        await trx.insertInto('kept').values({ name: 'Moss' }).execute();
        await trx.insertInto('kept').values({ name: 'Pip' }).execute();
      });
      await expect(failed).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY', message: expect.stringMatching(/UNIQUE constraint failed: kept.name/) });
      expect(await db.selectFrom('kept').select('name').execute()).toEqual([{ name: 'Pip' }]);
      // Two at once: each has the connection to itself in turn.
      await Promise.all(['Wren', 'Fern'].map((name) => db.transaction().execute((trx) => trx.insertInto('kept').values({ name }).execute())));
      expect((await db.selectFrom('kept').select('name').orderBy('name').execute()).map((row) => row.name)).toEqual(['Fern', 'Pip', 'Wren']);
    } finally {
      await db.destroy();
    }
  });

  it('fails, rather than waits for ever, when the file cannot be opened', async () => {
    const db = new Kysely<unknown>({ dialect: new SqliteThreadDialect({ file: path.join(tempDir(), 'no such folder', 'test.sqlite'), pragmas: [] }) });
    await expect(sql`select 1`.execute(db)).rejects.toThrow(/unable to open database file|directory does not exist/);
    await db.destroy();
  });
});
