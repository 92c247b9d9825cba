import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import NodeID3 from 'node-id3';
import { describe, expect, it } from 'vitest';
import { fakeOpenAI } from '../../../tests/fakes/openai-server';
import { bookWithHeldAndUnacceptedReadings, bookWithPictures, keepRecording, openAIEnv, recordedReading } from '../../../tests/support/narrated-books';
import { mp3DurationMs } from '../../narration/audio';
import { PAUSE_BETWEEN_PAGES_MS } from './book-audio-export';

type App = Awaited<ReturnType<typeof bookWithPictures>>['app'];

/**
 * FFmpeg's view of the file, as players have it: its chapters (ffprobe), and how long it plays,
 * counted in the samples FFmpeg decodes from it. ffprobe's own duration is the frames' length,
 * before the encoder delay and padding the LAME tag names are dropped, as players drop them.
 */
function ffmpegView(file: string) {
  const probed = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=sample_rate', '-show_chapters', '-of', 'json', file], { encoding: 'utf8' })) as {
    streams: { sample_rate: string }[];
    chapters: { start_time: string; end_time: string; tags: { title: string } }[];
  };
  const decoded = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 's16le', '-ac', '1', '-'], { maxBuffer: 256 * 1024 * 1024 });
  return {
    durationMs: (decoded.length / 2 / Number(probed.streams[0]!.sample_rate)) * 1000,
    chapters: probed.chapters.map((chapter) => ({ title: chapter.tags.title, startMs: Number(chapter.start_time) * 1000, endMs: Number(chapter.end_time) * 1000 })),
  };
}

/** How long each page's own narration plays, measured from its MP3 in the library. */
async function pageDurations(app: App, bookId: string, pageIds: string[]) {
  const { pages } = await app.call('narration.book', { bookId });
  return Promise.all(
    pageIds.map(async (pageId) => {
      const view = pages.find((page) => page.pageId === pageId)!;
      if (view.state !== 'ready') throw new Error(`page ${pageId} is ${view.state}`);
      return mp3DurationMs(fs.readFileSync((await app.core.assets.find(view.audioAssetSha256))!.file));
    }),
  );
}

/** Where each page should start in the book's audio, and how long all of it should play: the pages one after another, a pause between. */
function expectedTimes(durations: number[]) {
  const startsMs = durations.map((_, index) => durations.slice(0, index).reduce((sum, each) => sum + each, 0) + index * PAUSE_BETWEEN_PAGES_MS);
  return { startsMs, durationMs: startsMs.at(-1)! + durations.at(-1)! };
}

describe('the whole book read aloud, as one MP3 with a chapter a page', () => {
  it('plays as long as the pages and the pauses between them, and each chapter starts where its page does, whatever rate each page was read at', async () => {
    const server = await fakeOpenAI();
    const { app, book } = await bookWithPictures({ env: openAIEnv(server.url) });
    await app.call('narration.narrate', { bookId: book.id });
    await app.core.narration.whenSettled(book.id);
    // Grandpa read page 3 himself, into a microphone at 44.1 kHz; the speech service reads at 24 kHz.
    await keepRecording(app, book.pages[2]!, await recordedReading(book.pages[2]!.text, 44_100));

    const made = await app.call('export.audio', { bookId: book.id });
    expect(made).toMatchObject({ exportId: `${book.id}-read-aloud.mp3`, fileName: `${book.title}.mp3`, pageCount: 8, pagesWithoutNarration: [] });
    const file = app.core.exporter.exportFile(made.exportId)!;
    const expected = expectedTimes(await pageDurations(app, book.id, book.pages.map((page) => page.id)));

    const probed = ffmpegView(file);
    const measured = mp3DurationMs(fs.readFileSync(file));
    expect(Math.abs(probed.durationMs - expected.durationMs)).toBeLessThan(50);
    expect(Math.abs(measured - expected.durationMs)).toBeLessThan(50);
    expect(made.durationMs).toBe(measured);

    expect(probed.chapters.map((chapter) => chapter.title)).toEqual(book.pages.map((_, index) => `Page ${index + 1}`));
    for (const [index, chapter] of probed.chapters.entries()) {
      expect(Math.abs(chapter.startMs - expected.startsMs[index]!), `page ${index + 1} starts at ${chapter.startMs} ms`).toBeLessThan(5);
      expect(chapter.endMs).toBeCloseTo(probed.chapters[index + 1]?.startMs ?? Math.round(measured), 0);
    }
    // The chapters' table of contents lists them all, in order, as the ID3 chapter addendum has it.
    const tags = NodeID3.read(file);
    expect(tags).toMatchObject({ title: book.title, artist: (await app.call('family.get', {})).name });
    expect(tags.tableOfContents).toEqual([expect.objectContaining({ isOrdered: true, elements: book.pages.map((_, index) => `chapter-${index + 1}`) })]);
  });

  it('never plays a held page, or a child’s recording a parent has not accepted, and names the pages it left out', async () => {
    const { app, book, held, childs, number } = await bookWithHeldAndUnacceptedReadings();
    const made = await app.call('export.audio', { bookId: book.id });
    const played = book.pages.filter((page) => !held.includes(page) && page !== childs);
    expect(made).toMatchObject({ pageCount: played.length, pagesWithoutNarration: [number(childs)] });

    const file = app.core.exporter.exportFile(made.exportId)!;
    const probed = ffmpegView(file);
    expect(probed.chapters.map((chapter) => chapter.title)).toEqual(played.map((page) => `Page ${number(page)}`));
    const expected = expectedTimes(await pageDurations(app, book.id, played.map((page) => page.id)));
    expect(Math.abs(probed.durationMs - expected.durationMs)).toBeLessThan(50);
    for (const [index, chapter] of probed.chapters.entries()) expect(Math.abs(chapter.startMs - expected.startsMs[index]!)).toBeLessThan(5);
  });

  it('names a page whose narration file is damaged as one without narration, and plays the rest', async () => {
    const { app, book } = await bookWithPictures({ pageCount: 4 });
    for (const page of book.pages) await keepRecording(app, page, await recordedReading(page.text));
    const reading = await recordedReading(book.pages[1]!.text);
    await keepRecording(app, book.pages[1]!, { ...reading, mp3: Buffer.from('ID3 and then nothing a player could play') });
    expect(await app.call('export.audio', { bookId: book.id })).toMatchObject({ pageCount: 3, pagesWithoutNarration: [2] });
  });

  it('says so, and writes nothing, when no page is read aloud yet', async () => {
    const { app, book } = await bookWithPictures({ pageCount: 4 });
    await expect(app.call('export.audio', { bookId: book.id })).rejects.toThrow(/conflict: No page of this book is read aloud yet/);
    expect(app.core.exporter.exportFile(`${book.id}-read-aloud.mp3`)).toBeNull();
  });
});
