import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { BackupsView, BackupView } from '../../src-preload/contract';
import { InvalidInputError, NotFoundError } from '../errors';
import type { Clock } from '../store/clock';
import { InstalledIncorrectlyError, openSqliteFile, type Store } from '../store/open-store';

const BACKUP_NAME = /^library-\d{8}-\d{6}(-\d+)?(-before-restore)?\.sqlite$/;
const RESTORE_MARKER = 'restore-on-next-start.json';

/** Where a data folder keeps its backups, and the note asking for one to be brought back. */
const backupFiles = (dataDir: string) => {
  const dir = path.join(dataDir, 'backups');
  return { dir, marker: path.join(dir, RESTORE_MARKER) };
};

const stampOf = (date: Date) => date.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');

/** A backup's file name for `date` not yet taken: two copies within one second both stay. */
function freeName(dir: string, date: Date, suffix = ''): string {
  for (let count = 1; ; count++) {
    const name = `library-${stampOf(date)}${count > 1 ? `-${count}` : ''}${suffix}.sqlite`;
    if (!fs.existsSync(path.join(dir, name))) return name;
  }
}

/**
 * Copies of the family's library, made while the app runs, and bringing one back. A copy holds
 * the books, pages and settings; pictures live in the assets folder by their content, are never
 * removed, and so are found again by any copy. Bringing one back happens as the app next starts,
 * before the library opens, so nothing is writing to it; the library it replaces is kept too.
 */
export function createBackupService(deps: { store: Store; dataDir: string; clock: Clock; nativeBinding?: string }) {
  const { dir, marker } = backupFiles(deps.dataDir);

  const pendingRestore = (): string | null => {
    if (!fs.existsSync(marker)) return null;
    return (JSON.parse(fs.readFileSync(marker, 'utf8')) as { name: string }).name;
  };

  const view = (name: string): BackupView => {
    const stats = fs.statSync(path.join(dir, name));
    return { name, bytes: stats.size, createdAt: stats.mtime.toISOString(), beforeRestore: name.includes('-before-restore') };
  };

  return {
    list(): BackupsView {
      const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => BACKUP_NAME.test(name)) : [];
      const newestFirst = names.map(view).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.name.localeCompare(a.name));
      return { dataDir: deps.dataDir, backups: newestFirst, restoreOnNextStart: pendingRestore() };
    },

    async create(): Promise<BackupView> {
      fs.mkdirSync(dir, { recursive: true });
      const name = freeName(dir, deps.clock.now());
      const partial = path.join(dir, `${name}.partial`);
      await deps.store.backupTo(partial);
      fs.renameSync(partial, path.join(dir, name));
      return view(name);
    },

    /** Asks for `name` to be brought back when the app next starts; null takes the request back. */
    restoreOnNextStart(name: string | null): BackupsView {
      if (name === null) {
        fs.rmSync(marker, { force: true });
        return this.list();
      }
      if (!BACKUP_NAME.test(name)) throw new InvalidInputError('That is not the name of a backup.');
      const file = path.join(dir, name);
      if (!fs.existsSync(file)) throw new NotFoundError('That backup');
      checkReadable(file, deps.nativeBinding);
      fs.writeFileSync(marker, JSON.stringify({ name }));
      return this.list();
    },
  };
}

export type BackupService = ReturnType<typeof createBackupService>;

/**
 * Before the library opens: brings back the backup asked for, keeping the library it replaces
 * as a backup of its own. Returns the name brought back, or null when none was asked for.
 */
export function restorePendingBackup(options: { dataDir: string; libraryFile: string; now: Date; nativeBinding?: string }): string | null {
  const { dataDir, libraryFile, now, nativeBinding } = options;
  const { dir, marker } = backupFiles(dataDir);
  if (!fs.existsSync(marker)) return null;
  const { name } = JSON.parse(fs.readFileSync(marker, 'utf8')) as { name: string };
  const backup = path.join(dir, name);
  if (!BACKUP_NAME.test(name) || !fs.existsSync(backup)) {
    fs.rmSync(marker);
    throw new Error(`The backup ${name} that was to be brought back is missing; the library was left as it was.`);
  }
  checkReadable(backup, nativeBinding);
  if (fs.existsSync(libraryFile)) {
    // VACUUM INTO folds in what the WAL still holds, so the kept library is complete.
    const current = openSqliteFile(libraryFile, nativeBinding ? { nativeBinding } : {});
    current.prepare('VACUUM INTO ?').run(path.join(dir, freeName(dir, now, '-before-restore')));
    current.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(libraryFile + suffix, { force: true });
  }
  fs.copyFileSync(backup, libraryFile);
  fs.rmSync(marker);
  return name;
}

function checkReadable(file: string, nativeBinding: string | undefined): void {
  let database: Database.Database | null = null;
  try {
    database = openSqliteFile(file, { readonly: true, fileMustExist: true, ...(nativeBinding && { nativeBinding }) });
    const result = database.pragma('quick_check', { simple: true });
    if (result !== 'ok') throw new Error(String(result));
  } catch (error) {
    if (error instanceof InstalledIncorrectlyError) throw error;
    throw new InvalidInputError(`The backup ${path.basename(file)} is damaged (${error instanceof Error ? error.message : String(error)}) and cannot be brought back.`);
  } finally {
    database?.close();
  }
}
