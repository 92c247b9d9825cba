import fs from 'node:fs';
import type { Kysely } from 'kysely';
import type { BookDetail, PageView, WordTimingView } from '../../src-preload/contract';
import type { AssetStore } from '../assets/asset-store';
import { InvalidInputError, UserFacingError } from '../errors';
import { bookLanguage } from '../library/book-language';
import type { LibraryService } from '../library/library-service';
import { mp3DurationMs } from '../narration/audio';
import type { NarrationService } from '../narration/narration-service';
import type { StoreSchema } from '../store/schema';

/** A page's narration as the exports take it: its MP3 and how long that plays, measured from the file itself. */
export interface PageAudio {
  data: Buffer;
  durationMs: number;
  words: WordTimingView[];
}

export interface NarratedPage {
  /** Its place in the book, from 1, as the window numbers pages. */
  number: number;
  page: PageView;
  narration: PageAudio | null;
}

/** A book as the read-along ebook and the book's audio take it. */
export interface NarratedBook {
  book: BookDetail;
  /** The family, who made the book: the ebook's author and the audio's artist. */
  familyName: string;
  language: string;
  /** Every page but a held one, in order: a held page is never exported, nor is its narration. */
  pages: NarratedPage[];
}

/**
 * Reads a book and each page's narration for an export: only a narration of the page's words as
 * they are now, that a parent has accepted, of a page nobody holds, whoever asks. The narration
 * service's view for someone who may not see held pages gives exactly the pages that may go.
 */
export function createNarratedBooks(deps: {
  db: Kysely<StoreSchema>;
  library: Pick<LibraryService, 'get'>;
  narration: Pick<NarrationService, 'book'>;
  assets: Pick<AssetStore, 'find'>;
  familyName: (familyId: string) => Promise<string>;
}) {
  /** The narration's MP3, or null where there is none to play: its file gone (not synced yet) or not an MP3 after all. */
  async function audioOf(sha256: string, words: WordTimingView[]): Promise<PageAudio | null> {
    const asset = await deps.assets.find(sha256);
    if (!asset || asset.mime !== 'audio/mpeg') return null;
    const data = await fs.promises.readFile(asset.file);
    try {
      return { data, durationMs: mp3DurationMs(data), words };
    } catch (error) {
      if (error instanceof InvalidInputError) return null;
      throw error;
    }
  }

  return {
    async read(familyId: string, bookId: string): Promise<NarratedBook> {
      const book = await deps.library.get(familyId, bookId);
      const narrations = new Map((await deps.narration.book({ familyId, bookId, seesHeld: false })).pages.map((view) => [view.pageId, view]));
      const pages: NarratedPage[] = [];
      for (const [index, page] of book.pages.entries()) {
        if (page.generateStatus === 'held') continue;
        const view = narrations.get(page.id);
        const takeable = view?.state === 'ready' && view.approved;
        pages.push({ number: index + 1, page, narration: takeable ? await audioOf(view.audioAssetSha256, view.words) : null });
      }
      if (pages.length === 0) throw new UserFacingError('conflict', 'Every page of this book is waiting for a grown-up to look at it: there is nothing to export yet.');
      return { book, familyName: await deps.familyName(familyId), language: await bookLanguage(deps.db, bookId), pages };
    },
  };
}

export type NarratedBooks = ReturnType<typeof createNarratedBooks>;
