import fs from 'node:fs';
import path from 'node:path';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { syncMigrations } from './migrations';
import { SqliteThreadDialect } from './sqlite-thread-dialect';
import type { SyncDatabase } from './schema';

export type Dialect = 'sqlite' | 'postgres';

export interface SyncStore {
  db: Kysely<SyncDatabase>;
  dialect: Dialect;
  /** The PostgreSQL it runs on, for LISTEN/NOTIFY between instances; unset on SQLite. */
  databaseUrl?: string;
  /** Whether the database answers: for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The server's database: PostgreSQL when a URL is given (several instances can share it), else a
 * SQLite file under the data folder. Migrations run before anything else is served.
 */
export async function openSyncStore(options: { databaseUrl?: string; dataDir: string; postgresSchema?: string }): Promise<SyncStore> {
  const dialect: Dialect = options.databaseUrl ? 'postgres' : 'sqlite';
  const sqlite = dialect === 'sqlite' ? sqliteFile(options.dataDir) : undefined;
  const db =
    dialect === 'postgres'
      ? new Kysely<SyncDatabase>({
          dialect: new PostgresDialect({
            pool: new pg.Pool({
              connectionString: options.databaseUrl,
              max: 10,
              ...(options.postgresSchema && { options: `-c search_path=${options.postgresSchema}` }),
            }),
          }),
        })
      : new Kysely<SyncDatabase>({ dialect: sqlite! });

  const { error } = await new Migrator({
    db,
    provider: { getMigrations: async () => syncMigrations(dialect) },
    // Kysely looks for its own tables in every schema unless told which: beside another schema's
    // (another test's) it would think them made, and fail.
    ...(options.postgresSchema && { migrationTableSchema: options.postgresSchema }),
  }).migrateToLatest();
  if (error) {
    await db.destroy();
    throw new Error(`The sync server's database could not be brought up to date: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    db,
    dialect,
    databaseUrl: options.databaseUrl,
    ping: async () => (sqlite ? sqlite.ping() : void (await db.selectFrom('families').select('id').limit(1).execute())),
    close: () => db.destroy(),
  };
}

/**
 * The server's SQLite file, opened on a thread of its own: a long sync (a family with years of
 * history) would otherwise hold up every health check, WebSocket and new connection meanwhile.
 */
function sqliteFile(dataDir: string): SqliteThreadDialect {
  fs.mkdirSync(dataDir, { recursive: true });
  return new SqliteThreadDialect({
    file: path.join(dataDir, 'sync.sqlite'),
    pragmas: [
      'journal_mode = WAL',
      // An answered push is a promise that the change is kept: FULL syncs the WAL at every commit, so
      // a power loss cannot undo it (NORMAL could lose the last commits; the desktop keeps NORMAL, as its
      // own changes wait in its outbox until the server has them).
      'synchronous = FULL',
      'foreign_keys = ON',
      'busy_timeout = 5000',
    ],
  });
}
