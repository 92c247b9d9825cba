import { describe, expect, it } from 'vitest';
import { manualClock, testApp } from '../../tests/support/test-app';

describe('library', () => {
  it('creates a draft with the asked number of empty pages, in order, each with a first version', async () => {
    const app = await testApp();
    const book = await app.call('library.create', { title: '  The Moon Cat  ', pageCount: 4 });
    expect(book).toMatchObject({ title: 'The Moon Cat', status: 'draft', pageCount: 4, inTrashUntil: null });
    expect(book.pages.map((page) => page.orderIndex)).toEqual([0, 1, 2, 3]);
    expect(book.pages.every((page) => page.generateStatus === 'pending' && page.text === '')).toBe(true);
    const versions = await app.call('pages.versions', { pageId: book.pages[0]!.id });
    expect(versions).toMatchObject([{ versionNumber: 1, reason: 'created' }]);
    expect(book.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
  });

  it('lists the shelf newest first and keeps the trash apart', async () => {
    const clock = manualClock();
    const app = await testApp({ clock });
    const first = await app.call('library.create', { title: 'First', pageCount: 1 });
    clock.advanceDays(1);
    const second = await app.call('library.create', { title: 'Second', pageCount: 2 });
    expect((await app.call('library.list', { view: 'shelf' })).map((book) => book.title)).toEqual(['Second', 'First']);

    await app.call('library.trash', { bookId: first.id });
    expect((await app.call('library.list', { view: 'shelf' })).map((book) => book.id)).toEqual([second.id]);
    const trash = await app.call('library.list', { view: 'trash' });
    expect(trash).toMatchObject([{ id: first.id, inTrashUntil: '2026-12-26T12:00:00.000Z' }]);
  });

  it('renames a book', async () => {
    const app = await testApp();
    const book = await app.call('library.create', { title: 'Untitled', pageCount: 1 });
    expect(await app.call('library.rename', { bookId: book.id, title: 'Pancake Dragon' })).toMatchObject({ title: 'Pancake Dragon' });
    expect((await app.call('library.get', { bookId: book.id })).title).toBe('Pancake Dragon');
  });

  it('keeps the words for the back cover, trimmed, from anyone in the family, and wipes them with the book', async () => {
    const clock = manualClock();
    const app = await testApp({ clock });
    const book = await app.call('library.create', { title: 'The Moon Cat', pageCount: 1 });
    expect(book.blurb).toBe('');
    const child = await app.call('family.addMember', { displayName: 'Ada', role: 'child-creator' });
    await app.call('profile.switch', { memberId: child.id });
    expect(await app.call('library.setBlurb', { bookId: book.id, blurb: '  A cat who naps on the moon.  ' })).toMatchObject({ blurb: 'A cat who naps on the moon.' });
    expect((await app.call('library.get', { bookId: book.id })).blurb).toBe('A cat who naps on the moon.');
    await expect(app.call('library.setBlurb', { bookId: book.id, blurb: 'x'.repeat(401) })).rejects.toThrow(/invalid-input: .*the back cover holds at most 400 characters/);
    expect(await app.call('library.setBlurb', { bookId: book.id, blurb: ` ${'x'.repeat(400)} ` })).toMatchObject({ blurb: 'x'.repeat(400) });

    await app.call('library.trash', { bookId: book.id });
    clock.advanceDays(31);
    await app.core.library.purgeExpired();
    expect(await app.core.store.db.selectFrom('books').select(['title', 'blurb']).where('id', '=', book.id).executeTakeFirstOrThrow()).toEqual({ title: '', blurb: '' });
  });

  it('restores a book from the trash within 30 days, pages and all', async () => {
    const clock = manualClock();
    const app = await testApp({ clock });
    const book = await app.call('library.create', { title: 'Keep me', pageCount: 3 });
    await app.call('pages.updateText', { pageId: book.pages[1]!.id, text: 'Once upon a time' });
    await app.call('library.trash', { bookId: book.id });
    clock.advanceDays(29);
    await app.call('library.restore', { bookId: book.id });
    const restored = await app.call('library.get', { bookId: book.id });
    expect(restored.inTrashUntil).toBeNull();
    expect(restored.pages[1]!.text).toBe('Once upon a time');
  });

  it('refuses to restore after 30 days and purges the book on the next start', async () => {
    const clock = manualClock();
    const app = await testApp({ clock });
    const book = await app.call('library.create', { title: 'Old draft', pageCount: 2 });
    await app.call('library.trash', { bookId: book.id });
    clock.advanceDays(31);
    await expect(app.call('library.restore', { bookId: book.id })).rejects.toThrow(/conflict: .*30 days/);

    expect(await app.core.library.purgeExpired()).toBe(1);
    expect(await app.call('library.list', { view: 'trash' })).toEqual([]);
    await expect(app.call('library.get', { bookId: book.id })).rejects.toThrow(/not-found/);
    const tombstone = await app.core.store.db.selectFrom('books').select(['deleted', 'title']).where('id', '=', book.id).executeTakeFirstOrThrow();
    expect(tombstone).toEqual({ deleted: 1, title: '' });
    const versions = await app.core.store.db.selectFrom('page_versions').select('id').execute();
    expect(versions).toEqual([]);
  });

  it('keeps a book that is still within its 30 days when purging', async () => {
    const clock = manualClock();
    const app = await testApp({ clock });
    const book = await app.call('library.create', { title: 'Recent', pageCount: 1 });
    await app.call('library.trash', { bookId: book.id });
    clock.advanceDays(10);
    expect(await app.core.library.purgeExpired()).toBe(0);
    expect(await app.call('library.list', { view: 'trash' })).toHaveLength(1);
  });

  it('reports a book that does not exist as not found', async () => {
    const app = await testApp();
    await expect(app.call('library.rename', { bookId: '01930000-0000-7000-8000-000000000000', title: 'x' })).rejects.toThrow(
      /not-found: That book was not found/,
    );
  });

  it('never shows one family the books of another', async () => {
    const app = await testApp();
    const book = await app.call('library.create', { title: 'Ours', pageCount: 1 });
    const otherFamily = '01930000-0000-7000-8000-0000000000ff';
    await expect(app.core.library.get(otherFamily, book.id)).rejects.toThrow(/not found/);
    expect(await app.core.library.list(otherFamily, 'shelf')).toEqual([]);
  });

  it('keeps books across a restart on the same data folder', async () => {
    const first = await testApp();
    await first.call('library.create', { title: 'Still here', pageCount: 2 });
    await first.close();
    const again = await testApp({ dataDir: first.dataDir });
    expect((await again.call('library.list', { view: 'shelf' })).map((book) => book.title)).toEqual(['Still here']);
  });
});
