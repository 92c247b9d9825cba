import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Migration } from 'kysely';
import { storeMigrations } from '../../migrations';
import { UserFacingError } from '../errors';
import { createChangeCapture, type ChangeCapture } from '../sync/change-capture';
import type { StoreSchema } from './schema';

export interface StoreOptions {
  /** The SQLite file; created with the folder if missing. */
  file: string;
  /** Overridable so tests can add a migration that fails. */
  migrations?: Record<string, Migration>;
  /** Where the native addon lives when it was built for another runtime (Electron's ABI). */
  nativeBinding?: string;
  /** The wall clock sync timestamps start from; the computer's by default. */
  wallClock?: () => number;
}

export interface Store {
  readonly db: Kysely<StoreSchema>;
  readonly file: string;
  /** The copy taken before this open ran migrations, if it ran any on an existing library. */
  readonly backupFile: string | null;
  /** Local changes recorded for the sync server, and the clock that stamps them. */
  readonly changes: ChangeCapture;
  /** Copies the library, as it is at this moment, to `target` without stopping anyone writing. */
  backupTo(target: string): Promise<void>;
  close(): Promise<void>;
}

export class CorruptStoreError extends UserFacingError {
  constructor(file: string, detail: string) {
    super(
      'store-corrupt',
      `The library file ${file} is damaged and cannot be opened (${detail}). It was left untouched; restore a backup or move it aside to start a new library.`,
    );
  }
}

/**
 * The SQLite addon itself cannot load: built for another Node or Electron (its ABI), another
 * system, or missing. That is the installation's fault, never the library's.
 */
export class InstalledIncorrectlyError extends UserFacingError {
  constructor(detail: string) {
    super('app-installed-incorrectly', `StorySprout is installed incorrectly (${detail}). Install it again; your library was not touched.`);
  }
}

/** What is wrong with the installation when opening failed because the addon did not load, or null when it loaded. */
export function addonLoadProblem(error: unknown): string | null {
  const message = errorMessage(error);
  const code = (error as NodeJS.ErrnoException | null)?.code;
  // Node's words for an addon built for another ABI (src/node_binding.cc), in Electron too.
  const abi = /NODE_MODULE_VERSION (\d+)\. This version of Node\.js requires\s+NODE_MODULE_VERSION (\d+)/.exec(message);
  if (abi) return `its database part was built for another version of Node.js or Electron: NODE_MODULE_VERSION ${abi[1]}, where this one needs ${abi[2]}`;
  if (/was compiled against a different Node\.js version/.test(message)) return 'its database part was built for another version of Node.js or Electron';
  if (code === 'ERR_DLOPEN_FAILED') return `its database part cannot be loaded: ${message.split('\n')[0]}`;
  if ((code === 'MODULE_NOT_FOUND' && message.includes('better_sqlite3')) || message.includes('Could not locate the bindings file')) return 'its database part is missing';
  return null;
}

/** Opens a SQLite file with better-sqlite3, telling an addon that cannot load apart from a file that cannot open. */
export function openSqliteFile(file: string, options: Database.Options = {}): Database.Database {
  try {
    return new Database(file, options);
  } catch (error) {
    const problem = addonLoadProblem(error);
    throw problem ? new InstalledIncorrectlyError(problem) : error;
  }
}

export class StoreTooNewError extends UserFacingError {
  constructor(file: string, unknown: string[]) {
    super(
      'store-too-new',
      `The library file ${file} was written by a newer version of StorySprout (it knows ${unknown.join(', ')}). It was left untouched; update StorySprout to open it.`,
    );
  }
}

export class MigrationFailedError extends UserFacingError {
  constructor(
    file: string,
    readonly backupFile: string,
    cause: unknown,
  ) {
    super(
      'store-migration-failed',
      `Updating the library file ${file} failed (${cause instanceof Error ? cause.message : String(cause)}). The library was put back as it was; a copy is kept at ${backupFile}.`,
    );
  }
}

/**
 * Opens the family's library, checks it before anything writes to it, and brings its schema up
 * to date. A damaged file or one from a newer version is refused without a single byte written;
 * an existing library is copied aside before a migration because SQLite DDL in Kysely's migrator
 * is not transactional, and a failed migration puts that copy back.
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  const migrations = options.migrations ?? storeMigrations;
  const file = path.resolve(options.file);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const existed = fs.existsSync(file) && fs.statSync(file).size > 0;

  const sqlite = openSqlite(file, options.nativeBinding);
  if (existed) {
    try {
      checkIntegrity(sqlite, file);
      refuseNewerSchema(sqlite, file, migrations);
    } catch (error) {
      sqlite.close();
      throw error;
    }
  }
  configure(sqlite);
  const changes = createChangeCapture(options.wallClock);
  changes.install(sqlite);

  const pending = pendingMigrations(sqlite, migrations);
  const backupFile = existed && pending.length > 0 ? backupBeforeMigration(sqlite, file, pending[0]!) : null;

  const db = createKysely(sqlite);
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
  if (error) {
    await db.destroy();
    if (backupFile) restoreBackup(backupFile, file);
    else removeDatabaseFiles(file);
    throw new MigrationFailedError(file, backupFile ?? '(none: the library was new)', error);
  }

  // Absent only when a test runs an older set of migrations.
  const hasSync = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = 'sync_device'").get();
  if (hasSync) {
    const device = sqlite.prepare('select device_id from sync_device where id = 1').get() as { device_id: string };
    changes.start(device.device_id, latestTimestamp(sqlite));
  }

  return {
    db,
    file,
    backupFile,
    changes,
    // SQLite's online backup: consistent even with writes in the WAL, in steps between queries.
    backupTo: async (target) => void (await sqlite.backup(target)),
    close: () => db.destroy(),
  };
}

function openSqlite(file: string, nativeBinding: string | undefined): Database.Database {
  try {
    return openSqliteFile(file, nativeBinding ? { nativeBinding } : {});
  } catch (error) {
    if (error instanceof InstalledIncorrectlyError) throw error;
    throw new CorruptStoreError(file, errorMessage(error));
  }
}

function checkIntegrity(sqlite: Database.Database, file: string): void {
  let result: unknown;
  try {
    result = sqlite.pragma('quick_check', { simple: true });
  } catch (error) {
    throw new CorruptStoreError(file, errorMessage(error));
  }
  if (result !== 'ok') throw new CorruptStoreError(file, String(result));
}

function refuseNewerSchema(sqlite: Database.Database, file: string, migrations: Record<string, Migration>): void {
  const unknown = executedMigrations(sqlite).filter((name) => !(name in migrations));
  if (unknown.length > 0) throw new StoreTooNewError(file, unknown);
}

function configure(sqlite: Database.Database): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
}

/** The newest timestamp this library has written or heard, so its clock never runs backwards. */
function latestTimestamp(sqlite: Database.Database): string | null {
  const row = sqlite.prepare('select max(hlc) as hlc from (select max(hlc) as hlc from sync_outbox union all select max(hlc) from sync_fields)').get() as { hlc: string | null };
  return row.hlc;
}

function executedMigrations(sqlite: Database.Database): string[] {
  const table = sqlite
    .prepare("select name from sqlite_master where type = 'table' and name = 'kysely_migration'")
    .get();
  if (!table) return [];
  return sqlite
    .prepare('select name from kysely_migration order by name')
    .all()
    .map((row) => (row as { name: string }).name);
}

function pendingMigrations(sqlite: Database.Database, migrations: Record<string, Migration>): string[] {
  const done = new Set(executedMigrations(sqlite));
  return Object.keys(migrations)
    .sort()
    .filter((name) => !done.has(name));
}

function backupBeforeMigration(sqlite: Database.Database, file: string, firstPending: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const backupFile = `${file}.before-${firstPending}.${stamp}.bak`;
  // VACUUM INTO writes a consistent, self-contained copy even while the WAL holds recent writes.
  sqlite.prepare('VACUUM INTO ?').run(backupFile);
  return backupFile;
}

function restoreBackup(backupFile: string, file: string): void {
  removeDatabaseFiles(file);
  fs.copyFileSync(backupFile, file);
}

function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}

function createKysely(sqlite: Database.Database): Kysely<StoreSchema> {
  return new Kysely<StoreSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
