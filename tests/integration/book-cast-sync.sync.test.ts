import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testSyncServer } from '../../sync-server/test-support/sync-test-server';
import { testApp } from '../support/test-app';

const PASSWORD = 'correct horse battery';

describe('a book’s cast on the family’s other devices', () => {
  it('travels with the book: names, looks, portraits, who is on each page, and the reading level', async () => {
    const server = await testSyncServer();
    const url = await server.listen();
    const laptop = await testApp({ runQueue: true });
    const tablet = await testApp();

    const started = await laptop.call('generation.start', { idea: 'a penguin who opens a bakery on an iceberg', pageCount: 4, readerAge: 5 });
    expect((await laptop.core.generation.settled(started.id)).status).toBe('complete');
    const made = await laptop.call('library.get', { bookId: started.bookId });
    expect(made.cast.length).toBeGreaterThan(0);
    expect(made.cast.every((member) => member.portraitAssetSha256 !== null)).toBe(true);

    await laptop.call('sync.signIn', { serverUrl: url, email: 'amara@example.com', password: PASSWORD, signUp: true, fullName: 'Amara' });
    await laptop.call('sync.createFamily', { name: 'The Okafors' });
    await laptop.call('sync.now', {});
    await tablet.call('sync.signIn', { serverUrl: url, email: 'amara@example.com', password: PASSWORD });
    await tablet.call('sync.now', {});

    const pulled = await tablet.call('library.get', { bookId: started.bookId });
    const shape = (book: typeof made) => ({
      readingLevel: book.readingLevel,
      cast: book.cast.map(({ id, name, look, portraitAssetSha256, characterId }) => ({ id, name, look, portraitAssetSha256, characterId })),
      pages: book.pages.map((page) => page.cast),
    });
    expect(shape(pulled)).toEqual(shape(made));
    for (const member of pulled.cast) expect(fs.existsSync(tablet.core.assets.pathFor(member.portraitAssetSha256!)!)).toBe(true);
  });
});
