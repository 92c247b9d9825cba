import fs from 'node:fs';
import path from 'node:path';
import type { NarratedExportFile } from '../../../src-preload/contract';
import { UserFacingError } from '../../errors';
import { decodeMp3, encodeMp3, mp3DurationMs } from '../../narration/audio';
import { replaceWhenWritten, safeFileName } from '../export-files';
import type { NarratedBooks } from '../narrated-book';
import { withChapters, type Chapter } from './mp3-chapters';
import { joinPages } from './join-pages';

/** Between one page and the next, as a reader turning the page would pause. */
export const PAUSE_BETWEEN_PAGES_MS = 600;

/**
 * The whole book read aloud as one MP3, a chapter a page ("Page 3"), for any player: the app has
 * an MP3 encoder (LAME) and no AAC one without FFmpeg, so an audiobook's M4B is not an option.
 * Pages without narration to take (none yet, out of date, a child's recording not yet accepted)
 * are left out and named; held pages are never in it.
 */
export function createBookAudioExport(deps: { narratedBooks: NarratedBooks; exportDir: string }) {
  return {
    async write(familyId: string, bookId: string, target?: string): Promise<NarratedExportFile & { file: string; chapters: Chapter[] }> {
      const { book, familyName, pages } = await deps.narratedBooks.read(familyId, bookId);
      const narrated = pages.filter((page) => page.narration !== null);
      if (narrated.length === 0) {
        throw new UserFacingError('conflict', 'No page of this book is read aloud yet (a child’s recording counts once a grown-up accepts it): read it aloud first, then make its audio.');
      }
      const decoded = [];
      for (const page of narrated) decoded.push(await decodeMp3(page.narration!.data));
      const joined = await joinPages(decoded, PAUSE_BETWEEN_PAGES_MS);
      const chapters = narrated.map((page, index) => ({ title: `Page ${page.number}`, startMs: joined.startsMs[index]!, endMs: joined.startsMs[index + 1] ?? joined.durationMs }));
      const mp3 = withChapters(await encodeMp3(joined.samples, joined.sampleRate), { title: book.title, artist: familyName, chapters });
      const exportId = `${book.id}-read-aloud.mp3`;
      const file = target ?? path.join(deps.exportDir, exportId);
      const bytes = await replaceWhenWritten(file, (partial) => fs.promises.writeFile(partial, mp3));
      return {
        exportId,
        fileName: `${safeFileName(book.title)}.mp3`,
        bytes,
        pageCount: narrated.length,
        durationMs: mp3DurationMs(mp3),
        pagesWithoutNarration: pages.filter((page) => page.narration === null).map((page) => page.number),
        file,
        chapters,
      };
    },
  };
}

export type BookAudioExport = ReturnType<typeof createBookAudioExport>;
