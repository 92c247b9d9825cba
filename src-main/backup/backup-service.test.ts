import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/support/temp-dir';
import { manualClock, testApp } from '../../tests/support/test-app';

describe('backups', () => {
  it('copies the library while it is open, and brings a copy back when the app next starts, keeping the library it replaced', async () => {
    const dataDir = tempDir();
    const clock = manualClock();
    const first = await testApp({ dataDir, clock });
    await first.call('library.create', { title: 'Kept in the backup', pageCount: 1 });
    const backup = await first.call('backups.create', {});
    expect(backup).toMatchObject({ name: 'library-20261125-120000.sqlite', beforeRestore: false });
    expect(backup.bytes).toBeGreaterThan(0);
    await first.call('library.create', { title: 'Made after the backup', pageCount: 1 });
    expect(await first.call('backups.restoreOnNextStart', { name: backup.name })).toMatchObject({ restoreOnNextStart: backup.name, dataDir });
    await first.close();

    clock.advanceMinutes(5);
    const second = await testApp({ dataDir, clock });
    expect((await second.call('library.list', { view: 'shelf' })).map((book) => book.title)).toEqual(['Kept in the backup']);
    const after = await second.call('backups.list', {});
    expect(after.restoreOnNextStart).toBeNull();
    expect(after.backups.map((each) => [each.name, each.beforeRestore])).toEqual([
      ['library-20261125-120500-before-restore.sqlite', true],
      ['library-20261125-120000.sqlite', false],
    ]);

    // The library that was replaced can itself be brought back.
    await second.call('backups.restoreOnNextStart', { name: 'library-20261125-120500-before-restore.sqlite' });
    await second.call('backups.create', {});
    await second.close();
    const third = await testApp({ dataDir, clock });
    expect((await third.call('library.list', { view: 'shelf' })).map((book) => book.title).sort()).toEqual(['Kept in the backup', 'Made after the backup']);
    // Copies made within one second keep apart.
    expect((await third.call('backups.list', {})).backups.map((each) => each.name).sort()).toEqual([
      'library-20261125-120000.sqlite',
      'library-20261125-120500-2-before-restore.sqlite',
      'library-20261125-120500-before-restore.sqlite',
      'library-20261125-120500.sqlite',
    ]);
  });

  it('refuses a name that is not a backup, and a damaged backup, before anything changes', async () => {
    const dataDir = tempDir();
    const app = await testApp({ dataDir });
    await expect(app.call('backups.restoreOnNextStart', { name: '../library.sqlite' })).rejects.toThrow(/not the name of a backup/);
    await expect(app.call('backups.restoreOnNextStart', { name: 'library-20260101-000000.sqlite' })).rejects.toThrow(/not-found/);
    fs.mkdirSync(path.join(dataDir, 'backups'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'backups', 'library-20260101-000000.sqlite'), 'this is not a database, just words '.repeat(200));
    await expect(app.call('backups.restoreOnNextStart', { name: 'library-20260101-000000.sqlite' })).rejects.toThrow(/is damaged/);
    expect((await app.call('backups.list', {})).restoreOnNextStart).toBeNull();
  });
});
