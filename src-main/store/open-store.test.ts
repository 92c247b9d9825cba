import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { storeMigrations } from '../../migrations';
import { tempDir } from '../../tests/support/temp-dir';
import { addonLoadProblem, CorruptStoreError, InstalledIncorrectlyError, MigrationFailedError, openStore, StoreTooNewError } from './open-store';

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function libraryWithOneFamily(file: string) {
  const store = await openStore({ file });
  await store.db.insertInto('families').values({ id: 'f1', name: 'The Okafors', created_at: 'x', updated_at: 'x' }).execute();
  await store.close();
}

describe('openStore', () => {
  it('creates a new library with WAL, foreign keys and every table of the domain', async () => {
    const file = path.join(tempDir(), 'nested', 'library.sqlite');
    const store = await openStore({ file });
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`.execute(store.db);
    expect(tables.rows.map((row) => row.name)).toEqual(
      expect.arrayContaining(['families', 'members', 'books', 'pages', 'page_versions', 'characters', 'book_characters', 'moderation_settings', 'assets', 'jobs', 'settings']),
    );
    const pragmas = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
    expect(pragmas.rows[0]?.journal_mode).toBe('wal');
    const foreignKeys = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(store.db);
    expect(foreignKeys.rows[0]?.foreign_keys).toBe(1);
    expect(store.backupFile).toBeNull();
    await expect(
      store.db.insertInto('members').values({ id: 'm', family_id: 'missing', display_name: 'x', role: 'child-creator', pin_hash: null, created_at: 'x', updated_at: 'x' }).execute(),
    ).rejects.toThrow(/FOREIGN KEY/);
    await store.close();
  });

  it('reopens an up-to-date library without taking a backup', async () => {
    const file = path.join(tempDir(), 'library.sqlite');
    await libraryWithOneFamily(file);
    const store = await openStore({ file });
    expect(store.backupFile).toBeNull();
    expect(await store.db.selectFrom('families').select('name').execute()).toEqual([{ name: 'The Okafors' }]);
    await store.close();
  });

  it('refuses a damaged file with a clear error and leaves every byte of it as it was', async () => {
    const file = path.join(tempDir(), 'library.sqlite');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('this is not a database'), Buffer.alloc(8192, 7)]));
    const before = sha(file);
    const error = await openStore({ file }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CorruptStoreError);
    expect((error as Error).message).toMatch(/is damaged and cannot be opened.*left untouched/);
    expect(sha(file)).toBe(before);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['library.sqlite']);
  });

  it('says StorySprout is installed incorrectly, not that the library is damaged, when its SQLite addon cannot load', async () => {
    const file = path.join(tempDir(), 'library.sqlite');
    await libraryWithOneFamily(file);
    const before = sha(file);
    // A file in the addon's place that is no library for this system: Node's dlopen refuses it.
    const addon = path.join(tempDir(), 'better_sqlite3.node');
    fs.writeFileSync(addon, 'built for another computer');
    const error = await openStore({ file, nativeBinding: addon }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InstalledIncorrectlyError);
    expect((error as Error).message).toMatch(/^StorySprout is installed incorrectly \(its database part cannot be loaded: .*better_sqlite3\.node.*\)\. Install it again; your library was not touched\.$/);
    expect((error as Error).message).not.toMatch(/damaged/);
    expect(sha(file)).toBe(before);
  });

  it('names the version a wrong-ABI addon was built for, from Node’s own words', () => {
    // Word for word what `new Database(file, { nativeBinding })` threw on Node 20 for an addon built
    // for another ABI (one registering NODE_MODULE_VERSION 1), with a packaged app's path in it.
    // The words are Node's (src/node_binding.cc), which Electron's main process uses too.
    const wrongAbi = Object.assign(
      new Error(
        "The module '/opt/StorySprout/resources/app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\n" +
          'was compiled against a different Node.js version using\n' +
          'NODE_MODULE_VERSION 1. This version of Node.js requires\n' +
          'NODE_MODULE_VERSION 115. Please try re-compiling or re-installing\n' +
          'the module (for instance, using `npm rebuild` or `npm install`).',
      ),
      { code: 'ERR_DLOPEN_FAILED' },
    );
    expect(addonLoadProblem(wrongAbi)).toBe('its database part was built for another version of Node.js or Electron: NODE_MODULE_VERSION 1, where this one needs 115');
    expect(new InstalledIncorrectlyError(addonLoadProblem(wrongAbi)!).message).toBe(
      'StorySprout is installed incorrectly (its database part was built for another version of Node.js or Electron: NODE_MODULE_VERSION 1, where this one needs 115). Install it again; your library was not touched.',
    );
    // SQLite's own complaints about a file are the library's, not the installation's.
    for (const sqliteError of [Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' }), Object.assign(new Error('unable to open database file'), { code: 'SQLITE_CANTOPEN' })]) {
      expect(addonLoadProblem(sqliteError)).toBeNull();
    }
  });

  it('refuses a library whose pages were overwritten with garbage', async () => {
    const file = path.join(tempDir(), 'library.sqlite');
    await libraryWithOneFamily(file);
    const bytes = fs.readFileSync(file);
    bytes.fill(0xee, 4096, bytes.length); // keep the header, ruin every page after the first
    fs.writeFileSync(file, bytes);
    const before = sha(file);
    await expect(openStore({ file })).rejects.toBeInstanceOf(CorruptStoreError);
    expect(sha(file)).toBe(before);
  });

  it('refuses a library written by a newer version and leaves it untouched', async () => {
    const file = path.join(tempDir(), 'library.sqlite');
    await libraryWithOneFamily(file);
    const raw = new Database(file);
    raw.prepare("insert into kysely_migration (name, timestamp) values ('0099_from_the_future', 'x')").run();
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const before = sha(file);
    const error = await openStore({ file }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreTooNewError);
    expect((error as Error).message).toMatch(/newer version of StorySprout.*0099_from_the_future/);
    expect(sha(file)).toBe(before);
  });

  it('copies an existing library aside before migrating it', async () => {
    const file = path.join(tempDir(), 'library.sqlite');
    await libraryWithOneFamily(file);
    const store = await openStore({
      file,
      migrations: { ...storeMigrations, '0900_add_note': { up: (db) => db.schema.alterTable('families').addColumn('note', 'text').execute() } },
    });
    expect(store.backupFile).toMatch(/library\.sqlite\.before-0900_add_note\..*\.bak$/);
    const backup = new Database(store.backupFile!, { readonly: true });
    expect(backup.prepare('select name from families').all()).toEqual([{ name: 'The Okafors' }]);
    expect(backup.prepare('select name from kysely_migration order by name').all()).toEqual(Object.keys(storeMigrations).map((name) => ({ name })));
    backup.close();
    await store.close();
  });

  it('upgrades a library from the first release, keeping its books', async () => {
    const file = path.join(tempDir(), 'library.sqlite');
    const firstRelease = await openStore({ file, migrations: { '0001_family_library': storeMigrations['0001_family_library']! } });
    await firstRelease.db.insertInto('families').values({ id: 'f1', name: 'The Okafors', created_at: 'x', updated_at: 'x' }).execute();
    await firstRelease.db
      .insertInto('books')
      .values({ id: 'b1', family_id: 'f1', title: 'Old book', status: 'draft', created_by_member_id: null, created_at: 'x', updated_at: 'x', soft_deleted_until: null })
      .execute();
    await firstRelease.close();

    const upgraded = await openStore({ file });
    expect(upgraded.backupFile).toMatch(/before-0002_generation/);
    expect(await upgraded.db.selectFrom('books').select('title').execute()).toEqual([{ title: 'Old book' }]);
    expect(await upgraded.db.selectFrom('generations').selectAll().execute()).toEqual([]);
    await upgraded.close();
  });

  it('puts the library back and keeps the backup when a migration fails halfway', async () => {
    const file = path.join(tempDir(), 'library.sqlite');
    await libraryWithOneFamily(file);
    const failing = {
      ...storeMigrations,
      '0900_breaks_halfway': {
        async up(db: Parameters<NonNullable<(typeof storeMigrations)[string]>['up']>[0]) {
          await db.schema.createTable('half_done').addColumn('id', 'text').execute();
          await sql`update families set name = 'scrambled'`.execute(db);
          throw new Error('disk full');
        },
      },
    };
    const error = await openStore({ file, migrations: failing }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MigrationFailedError);
    const backupFile = (error as MigrationFailedError).backupFile;
    expect((error as Error).message).toContain('disk full');
    expect((error as Error).message).toContain(backupFile);
    expect(fs.existsSync(backupFile)).toBe(true);

    const restored = new Database(file, { readonly: true });
    expect(restored.prepare('select name from families').all()).toEqual([{ name: 'The Okafors' }]);
    expect(restored.prepare("select name from sqlite_master where name = 'half_done'").all()).toEqual([]);
    restored.close();

    // The current version still opens the restored library.
    const store = await openStore({ file });
    expect(await store.db.selectFrom('families').select('name').execute()).toEqual([{ name: 'The Okafors' }]);
    await store.close();
  });
});
