import { describe, expect, it } from 'vitest';
import { manualClock, testApp } from '../../tests/support/test-app';

describe('pages', () => {
  it('saves a page’s text, one version per sitting: quick saves while typing update it, a pause starts the next', async () => {
    const clock = manualClock();
    const app = await testApp({ clock });
    const book = await app.call('library.create', { title: 'Versions', pageCount: 2 });
    const pageId = book.pages[0]!.id;
    await app.call('pages.updateText', { pageId, text: 'A cat' });
    clock.advanceMinutes(1);
    await app.call('pages.updateText', { pageId, text: 'A cat.' });
    await app.call('pages.updateText', { pageId, text: 'A cat.' }); // unchanged: nothing to save
    clock.advanceMinutes(6);
    const page = await app.call('pages.updateText', { pageId, text: 'A moon cat.' });
    expect(page.text).toBe('A moon cat.');
    const versions = await app.call('pages.versions', { pageId });
    expect(versions.map((version) => [version.versionNumber, version.reason, version.text])).toEqual([
      [3, 'edit', 'A moon cat.'],
      [2, 'edit', 'A cat.'],
      [1, 'created', ''],
    ]);
  });

  it('restores an older version as a new version, so the restore can be undone', async () => {
    const clock = manualClock();
    const app = await testApp({ clock });
    const book = await app.call('library.create', { title: 'Restore', pageCount: 1 });
    const pageId = book.pages[0]!.id;
    await app.call('pages.updateText', { pageId, text: 'First draft' });
    clock.advanceMinutes(10);
    await app.call('pages.updateText', { pageId, text: 'Second draft' });
    const [, firstDraft] = await app.call('pages.versions', { pageId });
    const restored = await app.call('pages.restoreVersion', { versionId: firstDraft!.id });
    expect(restored.text).toBe('First draft');
    const versions = await app.call('pages.versions', { pageId });
    expect(versions[0]).toMatchObject({ versionNumber: 4, reason: 'restore', text: 'First draft' });
    expect(versions[1]).toMatchObject({ text: 'Second draft' });
  });

  it('reorders pages when given every page exactly once', async () => {
    const app = await testApp();
    const book = await app.call('library.create', { title: 'Order', pageCount: 3 });
    const [a, b, c] = book.pages.map((page) => page.id) as [string, string, string];
    const reordered = await app.call('pages.reorder', { bookId: book.id, pageIds: [c, a, b] });
    expect(reordered.map((page) => page.id)).toEqual([c, a, b]);
    expect((await app.call('library.get', { bookId: book.id })).pages.map((page) => page.id)).toEqual([c, a, b]);
  });

  it('refuses an order that drops, repeats or invents a page, and changes nothing', async () => {
    const app = await testApp();
    const book = await app.call('library.create', { title: 'Order', pageCount: 3 });
    const [a, b, c] = book.pages.map((page) => page.id) as [string, string, string];
    const stranger = '01930000-0000-7000-8000-000000000001';
    for (const pageIds of [[a, b], [a, a, b], [a, b, stranger], [a, b, c, stranger]]) {
      await expect(app.call('pages.reorder', { bookId: book.id, pageIds })).rejects.toThrow(/each of the book's 3 pages exactly once/);
    }
    expect((await app.call('library.get', { bookId: book.id })).pages.map((page) => page.id)).toEqual([a, b, c]);
  });

  it('does not reach pages of a book in another family', async () => {
    const app = await testApp();
    const book = await app.call('library.create', { title: 'Ours', pageCount: 1 });
    await expect(
      app.core.pages.updateText({ familyId: '01930000-0000-7000-8000-0000000000ff', pageId: book.pages[0]!.id, text: 'x', memberId: null, seesHeld: true }),
    ).rejects.toThrow(/That page was not found/);
  });

  it('reports an unknown version as not found', async () => {
    const app = await testApp();
    await expect(app.call('pages.restoreVersion', { versionId: '01930000-0000-7000-8000-000000000002' })).rejects.toThrow(/not-found/);
  });
});
