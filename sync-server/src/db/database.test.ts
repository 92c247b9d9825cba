import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testSyncServer } from '../../test-support/sync-test-server';

describe('the database', () => {
  // Every PostgreSQL test has a schema of its own on one database, as instances of two deployments could.
  it.skipIf(!process.env.SYNC_TEST_DATABASE_URL)('migrates a schema of its own beside another already migrated', async () => {
    const first = await testSyncServer();
    const second = await testSyncServer();
    expect((await first.call('GET', '/readyz')).status).toBe(200);
    expect((await second.call('GET', '/readyz')).status).toBe(200);
  });

  it.skipIf(Boolean(process.env.SYNC_TEST_DATABASE_URL))('keeps an answered change through a power loss: SQLite syncs every commit (synchronous FULL)', async () => {
    const server = await testSyncServer();
    const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(server.store.db);
    expect(rows[0]!.synchronous).toBe(2);
  });
});
