import { describe, expect, it } from 'vitest';
import { testApp } from '../../tests/support/test-app';
import { bookLanguage } from './book-language';

describe('the language a book is in', () => {
  it('is the one its story was asked in, and English for a book made by hand or a request that names no language', async () => {
    const app = await testApp({ runQueue: true });
    const started = await app.call('generation.start', { idea: 'a cat who learns to whistle', pageCount: 4, readerAge: 5, language: 'pt-BR' });
    await app.core.generation.settled(started.id);
    expect(await bookLanguage(app.core.store.db, started.bookId)).toBe('pt-BR');

    const byHand = await app.call('library.create', { title: 'The Moon Cat', pageCount: 2 });
    expect(await bookLanguage(app.core.store.db, byHand.id)).toBe('en');

    for (const stored of ['{"language":"not a language!"}', '{"language":42}', 'not JSON']) {
      await app.core.store.db.updateTable('generations').set({ request_json: stored }).where('book_id', '=', started.bookId).execute();
      expect(await bookLanguage(app.core.store.db, started.bookId), stored).toBe('en');
    }
  });
});
