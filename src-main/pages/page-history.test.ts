import { describe, expect, it } from 'vitest';
import { manualClock, testApp } from '../../tests/support/test-app';
import { tempDir } from '../../tests/support/temp-dir';
import { newId } from '../store/ids';
import { pruneHistory } from './page-history';

describe('a page’s history on this computer', () => {
  it('keeps, when the app opens, every version of the last 30 days and the newest 20 older ones, and the page as it is', async () => {
    const clock = manualClock();
    const dataDir = tempDir();
    const first = await testApp({ clock, dataDir });
    const book = await first.call('library.create', { title: 'The Moon Cat', pageCount: 1 });
    const pageId = book.pages[0]!.id;
    await first.call('pages.updateText', { pageId, text: 'The cat climbed up to the moon.' });
    // A long history from before: one version a day for the 60 days before the book was made.
    const now = clock.now().getTime();
    await first.core.store.db
      .insertInto('page_versions')
      .values(
        Array.from({ length: 60 }, (_, day) => ({
          id: newId(),
          page_id: pageId,
          version_number: 100 + day,
          text_content: `day ${day + 1} before`,
          reason: 'edit' as const,
          created_at: new Date(now - (day + 1) * 24 * 60 * 60 * 1000).toISOString(),
        })),
      )
      .execute();
    const waiting = await first.core.store.db.selectFrom('sync_outbox').select('seq').execute();
    await first.core.close();

    const reopened = await testApp({ clock, dataDir });
    const history = await reopened.call('pages.versions', { pageId });
    const texts = history.map((version) => version.text);
    // Days 1–30 before are within 30 days; of the 30 older ones, the newest 20 (days 31–50) stay.
    expect(texts.filter((text) => text.endsWith(' before')).sort()).toEqual(Array.from({ length: 50 }, (_, day) => `day ${day + 1} before`).sort());
    expect(history.filter((version) => !version.text.endsWith(' before'))).toHaveLength(2);
    expect((await reopened.call('library.get', { bookId: book.id })).pages[0]!.text).toBe('The cat climbed up to the moon.');
    // Letting versions go is this computer's own tidying: nothing is sent for it.
    expect(await reopened.core.store.db.selectFrom('sync_outbox').select('seq').execute()).toEqual(waiting);
    expect(await pruneHistory(reopened.core.store.db, { now: clock.now() })).toBe(0);
  });
});
